#!/usr/bin/env node
// Where `socklint check` spends its time: runs it under `node --cpu-prof` (in this thread:
// --jobs 1) and sorts every sample into parse, bind, program (module resolution, file system, paths),
// type queries (the checker), socklint's analysis and rules, ts-morph's wrappers, GC, and the rest
// (start-up, reading, Node.js internals). A sample goes to the nearest frame on its stack that
// belongs to one of those parts (TypeScript's shared utilities count for their caller). Frames are
// mapped through dist's source maps, and TypeScript's bundle through its `// src/compiler/x.ts` marks.
//
//   node scripts/bench-profile.mjs [paths...]      (default: the net corpus's tuning half)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { SourceMapConsumer } from 'source-map-js';
import { ownFiles, packagesOf } from './bench-net-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const reuse = argv.includes('--from') ? argv[argv.indexOf('--from') + 1] : undefined;
const given = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--from');
const paths = given.length
  ? given
  : packagesOf('tuning')
      .flatMap(ownFiles)
      .map((f) => path.join('bench', 'net-corpus', f));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-profile-'));
// Its own build of `socklint check`, not dist/ (shared, and minified by --production builds), with
// the source map the profile is read through.
await esbuild.build({
  stdin: {
    contents: `require('./server/src/cli/check').runCheckCommand(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, version: 'profile' }).then((code) => { process.exitCode = code; });`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'external',
  outfile: path.join(root, '.tmp', 'profile', 'profile-check.js'),
  logLevel: 'error',
});
const started = Date.now();
// --from <file.cpuprofile>: sort an earlier profile again.
const run = reuse
  ? (fs.copyFileSync(reuse, path.join(dir, 'reused.cpuprofile')), { status: '(reused)' })
  : spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        '--cpu-prof-interval',
        '500',
        path.join(root, '.tmp', 'profile', 'profile-check.js'),
        ...paths,
        '--format',
        'json',
        '--jobs',
        '1',
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, SOCKLINT_NO_CODE_CACHE: '' } },
    );
const wall = (Date.now() - started) / 1000;
const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile (exit ${run.status}): ${run.stderr}`);
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
fs.copyFileSync(path.join(dir, file), path.join(root, '.tmp', 'bench-profile.cpuprofile'));
fs.rmSync(dir, { recursive: true, force: true });

// TypeScript's bundle: which src/compiler file each line came from.
const regionsOf = new Map();
function tsRegions(url) {
  if (!regionsOf.has(url)) {
    const starts = [];
    fs.readFileSync(fileURLToPath(url), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /^\/\/ (src\/[\w/.-]+\.ts)$/.exec(line);
        if (m) starts.push([i, m[1]]);
      });
    regionsOf.set(url, starts);
  }
  return regionsOf.get(url);
}
const consumers = new Map();
function consumer(url) {
  if (!consumers.has(url)) {
    const map = `${fileURLToPath(url)}.map`;
    consumers.set(url, fs.existsSync(map) ? new SourceMapConsumer(JSON.parse(fs.readFileSync(map, 'utf8'))) : null);
  }
  return consumers.get(url);
}

/** The source file of a frame: a socklint or ts-morph path, TypeScript's src/compiler/x.ts, or the URL. */
function sourceOf(frame) {
  const { url, lineNumber, columnNumber } = frame;
  if (!url) return frame.functionName || '(native)';
  if (!url.startsWith('file://')) return url;
  let source = fileURLToPath(url);
  let line = lineNumber;
  const map = url.endsWith('profile-check.js') ? consumer(url) : null;
  if (map) {
    const pos = map.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
    if (pos.source) {
      source = pos.source;
      line = pos.line - 1;
    }
  }
  if (/[\\/]typescript\.js$/.test(source)) {
    const abs = path.resolve(path.dirname(fileURLToPath(url)), source);
    const regions = tsRegions(map ? `file://${abs}` : url);
    let region = 'typescript';
    for (const [start, name] of regions) if (start <= line) region = name;
    return `typescript:${region}`;
  }
  return source;
}

const PARTS = [
  ['parse', (s) => /typescript:src\/compiler\/(scanner|parser|jsDoc)/.test(s)],
  ['bind', (s) => /typescript:src\/compiler\/binder/.test(s)],
  ['type queries (checker)', (s) => /typescript:src\/compiler\/checker/.test(s)],
  [
    'program (resolution, files, paths)',
    (s) => /typescript:src\/compiler\/(program|moduleNameResolver|sys|path|resolutionCache|builder|watch|moduleSpecifiers)|typescript:src\/services/.test(s),
  ],
  ['socklint rules', (s) => /server\/src\/rules\//.test(s)],
  ['socklint analysis', (s) => /server\/src\/core\/(analysis|engine|suppressions|reportNode)/.test(s)],
  ['socklint CLI and runner', (s) => /server\/src\/(cli|core)\//.test(s)],
  ['ts-morph wrappers', (s) => /ts-morph|@ts-morph/.test(s)],
];

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const partOfNode = new Map();
function partOf(id) {
  if (partOfNode.has(id)) return partOfNode.get(id);
  const node = nodes.get(id);
  let part;
  if (node.callFrame.functionName === '(garbage collector)') part = 'GC';
  else if (node.callFrame.functionName === '(program)' || node.callFrame.functionName === '(idle)') part = 'other (V8, start-up, I/O)';
  else {
    const source = sourceOf(node.callFrame);
    part = PARTS.find(([, test]) => test(source))?.[0];
    if (!part) part = parent.has(id) ? partOf(parent.get(id)) : 'other (V8, start-up, I/O)';
  }
  partOfNode.set(id, part);
  return part;
}
const totals = new Map();
const deltas = profile.timeDeltas;
let sum = 0;
profile.samples.forEach((id, i) => {
  const ms = (deltas[i] ?? 0) / 1000;
  sum += ms;
  const part = partOf(id);
  totals.set(part, (totals.get(part) ?? 0) + ms);
});
console.log(
  `profile of socklint check over ${paths.length} paths (exit ${run.status}; ${wall.toFixed(1)} s wall with the profiler, load ${os.loadavg()[0].toFixed(1)}; .tmp/bench-profile.cpuprofile)`,
);
for (const [part, ms] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(`  ${part.padEnd(36)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${((100 * ms) / sum).toFixed(1).padStart(5)}%`);
console.log(`  ${'total sampled'.padEnd(36)} ${(sum / 1000).toFixed(2).padStart(6)} s`);
