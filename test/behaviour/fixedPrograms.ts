/**
 * Programs with a bug, and the same programs after socklint's real `--fix` (dist/cli.js).
 *
 * Every scenario registers its buggy program when its test file loads; the first scenario that
 * needs its files prepares all of them with three CLI runs (check, fix, check again) instead of
 * three per scenario: starting the CLI and its type-checker is the slow part.
 * Each scenario gets its own folder with a socklint.config.json that turns on only the rule under
 * test, so the fixed program holds that rule's fix and nothing else.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../server/src/core/fixes';
import { runCheck } from '../../server/src/core/runner';
import { rules } from '../../server/src/rules';

export const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface FixedProgram {
  rule: string;
  /** The program as written, with the bug. */
  before: string;
  /** The same program after `socklint check --fix`, or after the chosen fix (see `fixedProgram`). */
  after: string;
  beforeText: string;
  afterText: string;
}

interface Registered {
  rule: string;
  name: string;
  source: string;
  options: Record<string, unknown>;
  chosenFix?: RegExp;
}

const registered: Registered[] = [];
let prepared: Promise<Map<string, FixedProgram>> | undefined;

/**
 * Registers a buggy program; calling the result gives the before/after files. The fixed program is
 * what `socklint check --fix` writes, or, with `chosenFix`, the program with the finding's fix of that
 * title applied through the engine (the fixes the editor offers but `--fix` does not apply unasked).
 */
export function fixedProgram(
  rule: string,
  name: string,
  source: string,
  options: Record<string, unknown> = {},
  chosenFix?: RegExp,
): () => Promise<FixedProgram> {
  if (!rules.some((r) => r.meta.id === rule)) throw new Error(`unknown rule ${rule}`);
  const entry = { rule, name, source, options, chosenFix };
  registered.push(entry);
  return async () => (await prepareFixedPrograms()).get(key(entry))!;
}

/** Prepares every registered program (three CLI runs for all of them at once); later calls share the result. */
export function prepareFixedPrograms(): Promise<Map<string, FixedProgram>> {
  return (prepared ??= registered.length > 0 ? prepareAll() : Promise.resolve(new Map()));
}

function key(e: { rule: string; name: string }): string {
  return `${e.rule}/${e.name}`;
}

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; message: string }>;
}

// Run from the scenarios' folder, as a user runs it in their project: the CLI's inferred project
// takes its type roots from the working directory (see /work/notes/fix-defects.md).
function cli(args: string[], cwd: string): JsonResult[] {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const res = spawnSync(process.execPath, [CLI, 'check', ...args, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 && res.status !== 1) throw new Error(`socklint ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

function findingsOf(results: JsonResult[], file: string, rule: string): string[] {
  return (results.find((r) => r.filePath === file)?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => `${m.line}: ${m.message}`);
}

async function prepareAll(): Promise<Map<string, FixedProgram>> {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-behaviour-'));
  process.once('exit', () => fs.rmSync(top, { recursive: true, force: true }));
  const out = new Map<string, FixedProgram>();
  for (const e of registered) {
    const dir = path.join(top, e.rule, e.name);
    fs.mkdirSync(path.join(dir, 'before'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'after'), { recursive: true });
    const config = { tests: false, rules: Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.id === e.rule ? ['warn', e.options] : 'off'])) };
    fs.writeFileSync(path.join(dir, 'socklint.config.json'), JSON.stringify(config, null, 2));
    const before = path.join(dir, 'before', 'program.js');
    const after = path.join(dir, 'after', 'program.js');
    fs.writeFileSync(before, e.source);
    fs.writeFileSync(after, e.source);
    out.set(key(e), { rule: e.rule, before, after, beforeText: e.source, afterText: '' });
  }
  const reported = cli([top], top);
  for (const e of registered.filter((x) => x.chosenFix)) applyChosenFix(out.get(key(e))!, e.chosenFix!);
  const afters = registered.filter((x) => !x.chosenFix).map((e) => out.get(key(e))!.after);
  spawnSync(process.execPath, [CLI, 'check', ...afters, '--fix'], { cwd: top, encoding: 'utf8' });
  const again = cli([top], top);
  for (const p of out.values()) {
    const found = findingsOf(reported, p.before, p.rule);
    if (!found.length) throw new Error(`${p.rule} does not report the scenario's program ${p.before}:\n${p.beforeText}`);
    p.afterText = fs.readFileSync(p.after, 'utf8');
    if (p.afterText === p.beforeText) throw new Error(`--fix did not change ${p.after} (${p.rule}: ${found.join('; ')})`);
    const left = findingsOf(again, p.after, p.rule);
    if (left.length) throw new Error(`${p.rule} still reports the fixed program ${p.after}: ${left.join('; ')}\n${p.afterText}`);
    // The buggy copy must be unchanged: it is run as "before".
    if (fs.readFileSync(p.before, 'utf8') !== p.beforeText) throw new Error(`${p.before} was changed`);
  }
  return out;
}

/** Applies the fix titled `title` of the rule's finding in `p.after`, as the editor's quick fix does. */
function applyChosenFix(p: FixedProgram, title: RegExp): void {
  const result = runCheck({ paths: [p.after], cwd: path.dirname(p.after), rules });
  const findings = result.files.flatMap((f) => f.findings).filter((f) => f.ruleId === p.rule);
  const fix = findings.flatMap((f) => f.fixes).find((f) => title.test(f.title));
  if (!fix) throw new Error(`${p.rule} offers no fix titled ${title} on ${p.after}: ${findings.flatMap((f) => f.fixes.map((x) => x.title)).join(', ')}`);
  fs.writeFileSync(p.after, applyEdits(p.beforeText, fix.edits));
}
