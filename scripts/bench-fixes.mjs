#!/usr/bin/env node
// `npm run bench:fixes`: socklint on real bug-fix commits (bench/real-fixes/cases). Each case's
// file before the fix and after it is checked alone, as it was (a fresh folder, no node_modules,
// only the repository's package.json when it has engines.node). A case is a *hit* when socklint
// reports the case's rule at the lines the fix is about in the file before, and *gone* when that
// rule reports nothing at the fixed place after. A measurement, not a test: exit 0 whatever the
// numbers; exit 2 for a malformed case or a CLI that crashes.
//
//   --sealed     also run and print the sealed half (look at it once, at the end)
//   --json       write the results to .tmp/bench-fixes.json
//   --cli <path> the socklint CLI to run (default dist/cli.js, built when missing)
//   --only <s>   only the cases whose id contains s
//   --cases <f>  only the case ids listed in file f (one per line), e.g. the groups already looked at
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { knownRuleIds, loadCases, root, ruleIdsFromIndex } from './real-fixes-cases.ts';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const withSealed = args.includes('--sealed');
const writeJson = args.includes('--json');
const only = option('--only');
const listed = option('--cases') ? new Set(fs.readFileSync(option('--cases'), 'utf8').split(/\s+/).filter(Boolean)) : undefined;
const cli = path.resolve(option('--cli') ?? path.join(root, 'dist', 'cli.js'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!option('--cli') && !fs.existsSync(cli)) execFileSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const productRuleIds = ruleIdsFromIndex();
const ruleIds = knownRuleIds(productRuleIds);
// A case outside the selection (--only, --cases) does not stop the run, even when malformed.
const selected = (c) => (!only || c.id.includes(only)) && (!listed || listed.has(c.id));
const all = loadCases(ruleIds).filter(selected);
const malformed = all.filter((c) => c.problems.length > 0);
if (malformed.length > 0) {
  for (const c of malformed) console.error(`malformed case ${c.id}:\n  ${c.problems.join('\n  ')}`);
  process.exit(2);
}
const halves = withSealed ? ['tuning', 'sealed'] : ['tuning'];
const cases = all.filter((c) => halves.includes(c.manifest.split));
const absent = cases.filter((c) => !c.restored);
if (absent.length > 0) {
  console.error(
    `${absent.length} case(s) have only case.json (the copied files are not committed): run node --import tsx scripts/real-fixes-restore.mjs first`,
  );
  process.exit(2);
}

/** Runs the CLI on one file copied alone into a fresh folder; resolves to its findings. */
function check(file, packageJson) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-fix-'));
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  if (packageJson) fs.copyFileSync(packageJson, path.join(dir, 'package.json'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'check', copy, '--format', 'json'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      // 0 clean, 1 findings; 2 is a usage error or a rule that failed: the bench cannot trust the run.
      if ((code !== 0 && code !== 1) || !stdout.startsWith('[')) {
        reject(new Error(`socklint exited ${code} on ${path.relative(root, file)}:\n${stderr.trim()}`));
        return;
      }
      const messages = JSON.parse(stdout).flatMap((r) => r.messages);
      resolve(messages.filter((m) => m.ruleId).map((m) => ({ rule: m.ruleId, line: m.line, endLine: m.endLine ?? m.line, message: m.message })));
    });
  });
}

const inRanges = (line, ranges) => ranges.some(([first, last]) => line >= first && line <= last);

async function measure(c) {
  const m = c.manifest;
  const [before, after] = [await check(c.before, c.packageJson), await check(c.after, c.packageJson)];
  const atBefore = before.filter((f) => f.rule === m.rule && inRanges(f.line, m.before.lines));
  const atAfter = after.filter((f) => f.rule === m.rule && inRanges(f.line, m.after.lines));
  return {
    id: c.id,
    repo: m.repo,
    rule: m.rule,
    split: m.split,
    hit: atBefore.length > 0,
    gone: atAfter.length === 0,
    beforeFindings: before,
    afterFindings: after,
    otherBefore: before.length - atBefore.length,
    otherAfter: after.length - atAfter.length,
  };
}

/** Two at a time: the machine's CPUs are shared, and each run is one type-checker start-up. */
async function measureAll(list) {
  const results = new Array(list.length);
  let next = 0;
  async function worker() {
    while (next < list.length) {
      const i = next++;
      results[i] = await measure(list[i]);
      process.stderr.write('.');
    }
  }
  await Promise.all([worker(), worker()]);
  process.stderr.write('\n');
  return results;
}

const pct = (n, d) => (d === 0 ? '   -' : `${((100 * n) / d).toFixed(0).padStart(3)}%`);

function printHalf(name, results) {
  console.log(`\n== ${name} half: ${results.length} cases from ${new Set(results.map((r) => r.repo)).size} repositories ==\n`);
  const width = Math.max(4, ...results.map((r) => r.id.length));
  const ruleWidth = Math.max(4, ...results.map((r) => r.rule.length + (productRuleIds.includes(r.rule) ? 0 : 19)));
  console.log(`${'case'.padEnd(width)}  ${'rule'.padEnd(ruleWidth)}  hit  gone  other findings before/after`);
  for (const r of results) {
    console.log(
      `${r.id.padEnd(width)}  ${r.rule.padEnd(ruleWidth)}  ${(r.hit ? 'yes' : 'no').padEnd(3)}  ${(r.gone ? 'yes' : 'no').padEnd(4)}  ${r.otherBefore}/${r.otherAfter}`,
    );
  }
  const byRule = new Map();
  for (const r of results) byRule.set(r.rule, [...(byRule.get(r.rule) ?? []), r]);
  console.log(`\n${'rule'.padEnd(ruleWidth)}  cases  hits  recall  after still flagged`);
  const row = (label, rs) => {
    const hits = rs.filter((r) => r.hit).length;
    const flagged = rs.filter((r) => !r.gone).length;
    console.log(
      `${label.padEnd(ruleWidth)}  ${String(rs.length).padStart(5)}  ${String(hits).padStart(4)}  ${pct(hits, rs.length).padStart(6)}  ${String(flagged).padStart(3)} (${pct(flagged, rs.length).trim()})`,
    );
  };
  for (const rule of ruleIds.filter((id) => byRule.has(id))) row(productRuleIds.includes(rule) ? rule : `${rule} (no such rule yet)`, byRule.get(rule));
  row('all', results);
}

try {
  const results = await measureAll(cases);
  for (const half of halves)
    printHalf(
      half,
      results.filter((r) => r.split === half),
    );
  if (!withSealed) {
    const sealed = all.filter((c) => c.manifest.split === 'sealed').length;
    console.log(`\n(${sealed} sealed cases not run: --sealed runs them, once, at the end)`);
  }
  if (writeJson) {
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
    fs.writeFileSync(path.join(root, '.tmp', 'bench-fixes.json'), JSON.stringify({ cli, halves, results }, null, 2));
    console.log('results written to .tmp/bench-fixes.json');
  }
} catch (err) {
  console.error(`\n${err.message}`);
  process.exit(2);
}
