// Reads and validates the cases of bench/real-fixes (used by `npm run bench:fixes` and by
// test/unit/realFixes.test.ts, so both reject the same malformed cases).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '..');
export const casesDir = path.join(root, 'bench', 'real-fixes', 'cases');

const SOURCE_EXTENSIONS = ['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.mts', '.cts'];
const ID_PATTERN = /^[A-Za-z0-9_.-]+__[A-Za-z0-9_.-]+__[0-9a-f]{7}(__\d+)?$/;

/**
 * The half a case belongs to, decided by its id alone (so nobody can choose it after seeing
 * what socklint reports): the first byte of sha256(id) below 128 is "tuning", else "sealed".
 */
export function splitOf(id: string): 'tuning' | 'sealed' {
  return createHash('sha256').update(id).digest()[0] < 128 ? 'tuning' : 'sealed';
}

/** The rule ids server/src/rules/index.ts imports (read from its source, so plain scripts need no TypeScript). */
export function ruleIdsFromIndex(): string[] {
  const source = fs.readFileSync(path.join(root, 'server', 'src', 'rules', 'index.ts'), 'utf8');
  return [...source.matchAll(/from '\.\/([a-z0-9-]+)'/g)].map((m) => m[1]);
}

/**
 * The rule catalog's extended rules. A case may name one before the product has it: the bench
 * then counts the case as missed (the bug is real whether or not a rule exists for it yet).
 */
export const EXTENDED_RULE_IDS: readonly string[] = [
  'end-without-destroy',
  'disabled-server-timeout',
  'invalid-timeout-order',
  'streaming-request-agent-timeout',
  'listener-leak-on-pooled-socket',
  'ws-missing-heartbeat',
  'clienterror-handler-must-close',
  'missing-keepalive',
];

/** Every rule id a case may name: the product's, then the catalog's extended rules it lacks. */
export function knownRuleIds(productIds: readonly string[] = ruleIdsFromIndex()): string[] {
  return [...productIds, ...EXTENDED_RULE_IDS.filter((id) => !productIds.includes(id))];
}

function lineCount(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** The file of a case called before.<ext> / after.<ext>, or undefined when there is not exactly one. */
function sideFile(dir: string, side: 'before' | 'after'): string | undefined {
  const found = fs.readdirSync(dir).filter((f) => path.parse(f).name === side && SOURCE_EXTENSIONS.includes(path.extname(f)));
  return found.length === 1 ? path.join(dir, found[0]) : undefined;
}

function checkRanges(problems: string[], label: string, ranges: unknown, file: string | undefined): void {
  if (!Array.isArray(ranges) || ranges.length === 0) {
    problems.push(`${label}.lines must be a non-empty array of [first, last] ranges`);
    return;
  }
  const lines = file ? lineCount(file) : Infinity;
  for (const r of ranges as unknown[]) {
    if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isInteger) || r[0] < 1 || r[1] < r[0]) {
      problems.push(`${label}.lines: ${JSON.stringify(r)} is not a 1-based [first, last] range`);
    } else if (r[1] > lines) {
      problems.push(`${label}.lines: ${JSON.stringify(r)} ends after the last line (${lines}) of ${path.basename(file ?? '')}`);
    }
  }
}

/** A case's manifest, case.json. */
export interface CaseManifest {
  id: string;
  repo: string;
  commit: string;
  path: string;
  license: string;
  url: string;
  rule: string;
  bug: string;
  before: { lines: [number, number][] };
  after: { lines: [number, number][] };
  split: 'tuning' | 'sealed';
}

/** One case folder as read: `problems` is empty when it is well formed, and only then is the rest set. */
export interface LoadedCase {
  id: string;
  problems: string[];
  manifest: CaseManifest;
  before: string;
  after: string;
  packageJson: string | undefined;
  /**
   * Whether the copied files are here. They are third-party code and are not committed: a fresh
   * clone has only case.json (scripts/real-fixes-restore.mjs brings the files back).
   */
  restored: boolean;
}

/**
 * Everything wrong with one case folder (empty when it is well formed). `ruleIds` are the rule
 * ids a case may name (knownRuleIds()).
 */
export function validateCase(dir: string, ruleIds: readonly string[]): LoadedCase {
  const problems: string[] = [];
  const id = path.basename(dir);
  const manifest = path.join(dir, 'case.json');
  const broken = (problem: string) => ({ id, problems: [problem] }) as unknown as LoadedCase;
  if (!fs.existsSync(manifest)) return broken('case.json is missing');
  let c: CaseManifest;
  try {
    c = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  } catch (err) {
    return broken(`case.json is not JSON: ${(err as Error).message}`);
  }
  if (!ID_PATTERN.test(id)) problems.push(`folder name ${id} is not <owner>__<repo>__<sha7>[__n]`);
  if (c.id !== id) problems.push(`id ${JSON.stringify(c.id)} differs from the folder name ${id}`);
  if (typeof c.repo !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(c.repo)) problems.push('repo must be "owner/name"');
  else if (c.repo.toLowerCase() === 'nodejs/node') problems.push('cases from nodejs/node itself are not taken');
  else if (!id.startsWith(c.repo.replace('/', '__') + '__')) problems.push(`folder name does not start with ${c.repo.replace('/', '__')}__`);
  if (typeof c.commit !== 'string' || !/^[0-9a-f]{40}$/.test(c.commit)) problems.push('commit must be 40 lower-case hex digits');
  else if (!id.split('__')[2]?.startsWith(c.commit.slice(0, 7))) problems.push('folder name does not carry the first 7 digits of commit');
  if (typeof c.path !== 'string' || !c.path) problems.push('path is missing');
  if (typeof c.license !== 'string' || !c.license.trim()) problems.push('license (an SPDX id) is missing');
  if (typeof c.url !== 'string' || (c.repo && c.commit && c.url !== `https://github.com/${c.repo}/commit/${c.commit}`)) {
    problems.push(`url must be https://github.com/${c.repo}/commit/${c.commit}`);
  }
  if (!ruleIds.includes(c.rule)) problems.push(`rule ${JSON.stringify(c.rule)} is not a rule id of the catalog`);
  if (typeof c.bug !== 'string' || c.bug.trim().length < 20 || /^TODO/.test(c.bug)) problems.push('bug must say in one sentence what broke');
  if (c.split !== 'tuning' && c.split !== 'sealed') problems.push('split must be "tuning" or "sealed"');
  else if (c.split !== splitOf(id)) problems.push(`split is ${c.split} but sha256(id) puts the case in ${splitOf(id)}`);

  const before = sideFile(dir, 'before');
  const after = sideFile(dir, 'after');
  const restored = before !== undefined || after !== undefined;
  if (restored && !before) problems.push('before.<ext> is missing (exactly one before.js/.ts/.mjs/... expected)');
  if (restored && !after) problems.push('after.<ext> is missing (exactly one after.js/.ts/.mjs/... expected)');
  if (before && after && path.extname(before) !== path.extname(after)) problems.push('before and after have different extensions');
  if (before && typeof c.path === 'string' && path.extname(c.path) !== path.extname(before)) {
    problems.push(`before${path.extname(before)} does not keep the extension of ${c.path}`);
  }
  checkRanges(problems, 'before', c.before?.lines, before);
  checkRanges(problems, 'after', c.after?.lines, after);
  const pkg = path.join(dir, 'package.json');
  if (fs.existsSync(pkg)) {
    try {
      if (!JSON.parse(fs.readFileSync(pkg, 'utf8')).engines?.node) problems.push('package.json is kept only when it has engines.node');
    } catch {
      problems.push('package.json is not JSON');
    }
  }
  return { id, problems, manifest: c, before: before ?? '', after: after ?? '', packageJson: fs.existsSync(pkg) ? pkg : undefined, restored };
}

/** Every case folder under bench/real-fixes/cases, validated, in name order. */
export function loadCases(ruleIds: readonly string[] = knownRuleIds(), dir: string = casesDir): LoadedCase[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => validateCase(path.join(dir, name), ruleIds));
}
