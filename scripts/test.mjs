#!/usr/bin/env node
// `npm test`: packages the extension once (the production bundles in dist/ and the .vsix every
// suite that needs one reuses), then runs the checks and test suites in two lanes at once, one per
// CPU, and the real-editor suite last and alone: code-server and chromium need the machine to
// themselves. Each step's output is printed whole when it ends, with its time. The suites are the
// `spec` list of .mocharc.json, so `npx mocha` and this script run the same tests.
//   --lanes 1   run every step one after another, the suites in .mocharc.json's order
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(fs.readFileSync(path.join(root, '.mocharc.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const mochaBin = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');

const lanesArg = process.argv.indexOf('--lanes');
const laneCount = lanesArg > 0 ? Number(process.argv[lanesArg + 1]) : Math.min(2, os.availableParallelism());
if (!Number.isInteger(laneCount) || laneCount < 1) {
  console.error('--lanes takes a whole number of at least 1');
  process.exit(2);
}

/** Suites that spend their time in the processes they start (the CLI, servers, inspected targets). */
const SPAWNING = /^(test\/(cli|lsp|packaging|neovim|run)|packages\/inspector)\//;
const EDITOR = /^test\/e2e\//;

const mochaStep = (spec) => ({
  name: spec.replace(/\/\*\*\/\*\.test\.ts$/, ''),
  command: process.execPath,
  args: [
    mochaBin,
    '--no-config',
    ...config['node-option'].flatMap((o) => ['--node-option', o]),
    '--timeout',
    String(config.timeout),
    '--reporter',
    config.reporter,
    spec,
  ],
});
const npmStep = (script) => ({ name: `npm run ${script}`, command: npm, args: ['run', '--silent', script] });

const specs = config.spec;
const inOrder = specs.filter((s) => !EDITOR.test(s)).map(mochaStep);
const editor = specs.filter((s) => EDITOR.test(s)).map(mochaStep);
const spawning = specs.filter((s) => SPAWNING.test(s)).map(mochaStep);
const inProcess = specs.filter((s) => !EDITOR.test(s) && !SPAWNING.test(s)).map(mochaStep);
const checks = [npmStep('typecheck'), npmStep('lint')];

/** Runs one step with its output kept; resolves to whether it passed. */
function run(step) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: root, env: process.env });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const status = code === 0 ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`\n── ${step.name}: ${status} after ${seconds} s ──\n${Buffer.concat(output).toString()}`);
      resolve(code === 0);
    });
  });
}

async function runLane(steps) {
  let ok = true;
  for (const step of steps) ok = (await run(step)) && ok;
  return ok;
}

const started = Date.now();
// Every later step uses these bundles and this .vsix; built once here, nothing rebuilds them under a running suite.
if (!(await run(npmStep('package')))) process.exit(1);
const lanes = laneCount === 1 ? [[...checks, ...inOrder]] : [[...checks, ...inProcess], [...spawning]];
const results = await Promise.all(lanes.map(runLane));
const editorOk = await runLane(editor);
const ok = results.every(Boolean) && editorOk;
console.log(`\nnpm test: ${ok ? 'passed' : 'FAILED'} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(ok ? 0 : 1);
