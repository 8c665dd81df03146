// The fuzz tier (`npm run fuzz`): socklint on mutated real files, and --fix on real files with bugs put in.
//
//   1. Mutation: real files (bench/corpus/node_modules when installed, else examples/ and the test
//      fixtures) get random edits — lines deleted, duplicated, swapped, the file cut short, brackets
//      inserted, deep nesting, code being typed — and the whole CLI pipeline (runCheck) checks them.
//      Count: internal errors (a rule or the run failing), which must be 0; files "not checked"
//      (nested too deeply to parse) are the expected answer to deep nesting, counted apart.
//   2. Fixing: real files with their 'error', 'timeout' and 'end' listeners and setTimeout calls
//      removed, one-statement callback bodies put on one line (where fixes insert handlers) and, in
//      every other file, semicolons removed, go through `--fix` (runCheck with fix); every fixed text
//      is parsed again. Count: files
//      whose fixed text has more syntax errors than before (must be 0), and fixes the fix pipeline's
//      syntax check had to drop (each one is a fix builder's bug, caught before it reached a file).
//
// Seeded and reproducible: `npm run fuzz -- --seed 7 --files 120 --mutations 4 --fix-files 200`. Exit 1 when either
// figure that must be 0 is not.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ts } from 'ts-morph';
import { mightTouchSockets } from '../server/src/core/engine.ts';
import { runCheck } from '../server/src/core/runner.ts';
import { rules } from '../server/src/rules/index.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    files: { type: 'string', default: '120' },
    mutations: { type: 'string', default: '4' },
    'fix-files': { type: 'string', default: '200' },
  },
});
const SEED = Number(values.seed);
const FILES = Number(values.files);
const MUTATIONS = Number(values.mutations);
const FIX_FILES = Number(values['fix-files']);

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (max) => Math.floor(random() * max);

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && !['.git', 'test-output', '.host'].includes(e.name)) walk(full, out);
    else if (e.isFile() && /\.(c|m)?js$/.test(e.name) && !/\.min\.js$/.test(e.name)) out.push(full);
  }
}

/** Real files that touch sockets, under 200 KB, in a stable order. */
function sourceFiles() {
  const corpus = path.join(ROOT, 'bench', 'corpus', 'node_modules');
  const roots = fs.existsSync(corpus) ? [corpus] : [path.join(ROOT, 'examples'), path.join(ROOT, 'test')];
  const all = [];
  for (const r of roots) walk(r, all);
  return {
    from: fs.existsSync(corpus) ? 'bench/corpus/node_modules' : 'examples/ and test fixtures',
    files: all.filter((f) => {
      const size = fs.statSync(f).size;
      return size > 0 && size < 200 * 1024 && mightTouchSockets(fs.readFileSync(f, 'utf8'));
    }),
  };
}

function sample(list, n) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

const TYPING = [
  'import {\n',
  'net.connect(\n',
  "socket.on('err",
  'async () => { await\n',
  'const s = `${',
  "require('",
  'new Promise((resolve) =>\n',
  'if (\n',
  '/* ',
  'import { x } from\n',
  'class A { m() {\n',
];

/** One random edit of a text; returns the edited text and the name of the edit. */
function mutate(text) {
  const lines = text.split('\n');
  const at = int(lines.length);
  switch (int(8)) {
    case 0: {
      const n = 1 + int(5);
      lines.splice(at, n);
      return [lines.join('\n'), 'delete lines'];
    }
    case 1:
      lines.splice(at, 0, ...lines.slice(at, at + 1 + int(5)));
      return [lines.join('\n'), 'duplicate lines'];
    case 2: {
      const other = int(lines.length);
      [lines[at], lines[other]] = [lines[other], lines[at]];
      return [lines.join('\n'), 'swap lines'];
    }
    case 3:
      return [text.slice(0, int(text.length)), 'truncate'];
    case 4: {
      const offset = int(text.length);
      const brackets = Array.from({ length: 1 + int(6) }, () => pick(['(', ')', '[', ']', '{', '}', '`', "'", '"'])).join('');
      return [text.slice(0, offset) + brackets + text.slice(offset), 'insert brackets'];
    }
    case 5: {
      const [open, close, depth] = pick([
        ['(', ')', 900],
        ['[', ']', 1700],
        ['{', '}', 3300],
        ['(', ')', 300],
        ['{', '}', 600],
      ]);
      const offset = text.indexOf('\n', int(text.length)) + 1;
      const nest = open === '{' ? `${open.repeat(depth)}${close.repeat(depth)}\n` : `x = ${open.repeat(depth)}1${close.repeat(depth)}\n`;
      return [text.slice(0, offset) + nest + text.slice(offset), `nest ${depth} ${open}`];
    }
    case 6: {
      const offset = text.indexOf('\n', int(text.length)) + 1;
      return [text.slice(0, offset) + pick(TYPING) + text.slice(offset), 'half-typed code'];
    }
    default: {
      const offset = int(text.length);
      return [text.slice(0, offset) + text.slice(offset + 1 + int(40)), 'delete characters'];
    }
  }
}

function syntaxErrors(text, fileName) {
  try {
    return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false).parseDiagnostics.length;
  } catch {
    return Infinity;
  }
}

function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `socklint-fuzz-${name}-`));
}

/** Runs the CLI's pipeline; a throw would end a real run, so it counts as an internal error of every file. */
function check(dir, fix) {
  try {
    return runCheck({ paths: ['.'], cwd: dir, rules, fix, maxFileSize: 0 });
  } catch (e) {
    return { files: [], warnings: [], internalErrors: [{ ruleId: '(run)', message: e.message, filePath: dir, count: Infinity }] };
  }
}

function mutationTier(files) {
  const dir = tempDir('mutated');
  const kinds = new Map();
  let n = 0;
  for (const [i, file] of files.entries()) {
    const text = fs.readFileSync(file, 'utf8');
    for (let m = 0; m < MUTATIONS; m++) {
      let [mutated, kind] = mutate(text);
      if (random() < 0.3) mutated = mutate(mutated)[0]; // now and then two edits
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      fs.writeFileSync(path.join(dir, `f${i}-m${m}.js`), mutated);
      n++;
    }
  }
  const started = performance.now();
  const result = check(dir, false);
  const seconds = (performance.now() - started) / 1000;
  const internal = result.internalErrors.reduce((sum, f) => sum + f.count, 0) + result.warnings.filter((w) => /not checked: internal error/.test(w)).length;
  const notChecked = result.warnings.filter((w) => /not checked: nested too deeply/.test(w)).length;
  const internalWarnings = result.warnings.filter((w) => /not checked: internal error/.test(w));
  if (process.env.SOCKLINT_FUZZ_KEEP) console.log(`  (mutated files kept in ${dir})`);
  else fs.rmSync(dir, { recursive: true, force: true });
  return {
    n,
    internal,
    notChecked,
    checked: result.files.length,
    findings: result.files.reduce((s, f) => s + f.findings.length, 0),
    seconds,
    kinds,
    failures: result.internalErrors,
    internalWarnings,
  };
}

/** The call's method name and first string argument: `x.on('error', …)` → ['on', 'error']. */
function methodCall(node) {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return [];
  const first = node.arguments[0];
  return [node.expression.name.text, first && ts.isStringLiteral(first) ? first.text : undefined];
}

const isBugTarget = ([name, event]) => (['on', 'once'].includes(name) && ['error', 'timeout', 'end'].includes(event)) || name === 'setTimeout';

/**
 * Removes every statement that adds an 'error'/'timeout'/'end' listener or sets a socket timeout,
 * and every such link of a call chain (`.on('error', …)` in `socket.setNoDelay(true).on('error', …)`).
 */
function insertBugs(text, fileName) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const ranges = [];
  const layouts = [];
  const visit = (node) => {
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isBlock(node.body) && node.body.statements.length === 1) {
      // A one-statement callback body written on one line (`(socket) => { greet(socket) }`), as many
      // authors do: where fixes insert handlers. Layout only; the statement stays.
      const [only] = node.body.statements;
      const body = only.getText(sf);
      const block = text.slice(node.body.getStart(sf), node.body.getEnd());
      if (!body.includes('\n') && !/\/[/*]/.test(block) && block.includes('\n') && !isBugTarget(methodCall(only.expression ?? only))) {
        layouts.push([node.body.getStart(sf), node.body.getEnd(), `{ ${body} }`]);
        return;
      }
    }
    if (ts.isExpressionStatement(node) && isBugTarget(methodCall(node.expression))) {
      const receiver = node.expression.expression.expression;
      if (ts.isIdentifier(receiver) || receiver.kind === ts.SyntaxKind.ThisKeyword || ts.isPropertyAccessExpression(receiver)) {
        ranges.push([node.getStart(sf), node.getEnd()]);
        return;
      }
    }
    if (isBugTarget(methodCall(node)) && ts.isCallExpression(node.expression.expression)) {
      // A link of a chain: keep what it is called on, drop `.on(…)`.
      ranges.push([node.expression.expression.getEnd(), node.getEnd()]);
      ts.forEachChild(node.expression.expression, visit);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = text;
  const edits = [...ranges.map(([start, end]) => [start, end, '']), ...layouts];
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + replacement + out.slice(end);
  // Every other file in the style without semicolons (standard): fixes must end their statements
  // as the file does. A `;` stays where the next line would continue the statement without it.
  const noSemicolons = random() < 0.5;
  if (noSemicolons) out = out.replace(/;[ \t]*(?=\r?\n[ \t]*(?![ \t]*[([`+\-*/.,]))/g, '');
  return { text: out, removed: ranges.length, oneLine: layouts.length, noSemicolons };
}

/** Up to `n` files (in random order) that have a listener or timeout to remove. */
function fixCandidates(files, n) {
  const chosen = [];
  for (const file of sample(files, files.length)) {
    if (chosen.length >= n) break;
    const bugged = insertBugs(fs.readFileSync(file, 'utf8'), file);
    if (bugged.removed > 0) chosen.push({ file, bugged });
  }
  return chosen;
}

function fixTier(candidates) {
  const dir = tempDir('fix');
  const inputs = new Map();
  let removed = 0;
  let oneLine = 0;
  let noSemicolons = 0;
  for (const [i, { file, bugged }] of candidates.entries()) {
    oneLine += bugged.oneLine;
    if (bugged.noSemicolons) noSemicolons++;
    removed += bugged.removed;
    const target = path.join(dir, `f${i}.js`);
    fs.writeFileSync(target, bugged.text);
    inputs.set(fs.realpathSync(target), { text: bugged.text, source: file });
  }
  const started = performance.now();
  const result = check(dir, true);
  const seconds = (performance.now() - started) / 1000;
  let fixedFiles = 0;
  const broken = [];
  for (const f of result.files) {
    if (f.fixedText === undefined) continue;
    fixedFiles++;
    const input = inputs.get(f.filePath);
    if (syntaxErrors(f.fixedText, f.filePath) > syntaxErrors(input.text, f.filePath)) broken.push(path.relative(ROOT, input.source));
  }
  const dropped = result.warnings.filter((w) => /not applied: the fixed file would not parse/.test(w));
  const internal = result.internalErrors.reduce((sum, f) => sum + f.count, 0);
  fs.rmSync(dir, { recursive: true, force: true });
  return { files: inputs.size, removed, oneLine, noSemicolons, fixedFiles, broken, dropped, internal, seconds };
}

const { from, files: all } = sourceFiles();
const chosen = sample(all, FILES);
console.log(`socklint fuzz: seed ${SEED}, ${chosen.length} of ${all.length} socket-touching files from ${from}, ${MUTATIONS} mutations each`);

const m = mutationTier(chosen);
console.log(`\nmutated files: ${m.n} (${[...m.kinds].map(([k, v]) => `${k} ${v}`).join(', ')})`);
console.log(`  checked ${m.checked}, not checked (nested too deeply) ${m.notChecked}, findings ${m.findings}, ${m.seconds.toFixed(1)} s`);
console.log(`  internal errors: ${m.internal}`);
for (const f of m.failures) console.log(`    ${f.ruleId} on ${f.filePath} (${f.count}×): ${f.message}`);
for (const w of m.internalWarnings.slice(0, 5)) console.log(`    ${w}`);

const f = fixTier(fixCandidates(all, FIX_FILES));
console.log(
  `\n--fix on files with bugs put in: ${f.files} files, ${f.removed} listeners/timeouts removed, ${f.oneLine} one-statement callback bodies put on one line, ${f.noSemicolons} files without semicolons, ${f.fixedFiles} files fixed, ${f.seconds.toFixed(1)} s`,
);
console.log(`  files broken by --fix (more syntax errors after than before): ${f.broken.length}${f.broken.length ? ` (${f.broken.join(', ')})` : ''}`);
console.log(`  fixes dropped by the syntax check (fix builder bugs caught): ${f.dropped.length}`);
for (const d of f.dropped.slice(0, 10)) console.log(`    ${d}`);
console.log(`  internal errors: ${f.internal}`);

process.exitCode = m.internal === 0 && f.broken.length === 0 && f.internal === 0 ? 0 : 1;
