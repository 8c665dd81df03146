#!/usr/bin/env node
// Scale: a generated 10,000-file TypeScript monorepo (scripts/gen-monorepo.mjs: 20 packages, each
// with its tsconfig, project references) in a temporary folder. Reports `socklint check .` there
// (wall, CPU, peak RSS) and the language server on it, over real JSON-RPC as in scripts/bench-lsp.mjs:
// the cold open of one file to its diagnostics, then p50/p95 of edit → fresh diagnostics, and the
// server's RSS. A measurement, never a test.
//
//   npm run bench -- --monorepo [--files 10000] [--packages 20] [--edits 100] [--jobs n] [--keep]
//     [--dir d]        generate into d, or reuse the monorepo already there (kept)
//     [--lsp-only]     skip `socklint check .`
//     [--server file]  another build of the language server (default dist/server.js)
//     [--runs n]       start the server n times (cold open and edits each time), report the medians
//     [--cpu-prof d]   write the server's CPU profile (node --cpu-prof) into folder d
//     [--node-flag f]  one more Node.js flag for the server (repeatable)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measure } from './bench-net-corpus.mjs';
import { generateMonorepo } from './gen-monorepo.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const value = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
const FILES = Number(value('--files', 10000));
const PACKAGES = Number(value('--packages', 20));
const EDITS = Number(value('--edits', 100));
const JOBS = value('--jobs', undefined);
const cli = path.join(root, 'dist', 'cli.js');
const server = path.resolve(value('--server', path.join(root, 'dist', 'server.js')));
const LSP_ONLY = argv.includes('--lsp-only');
const RUNS = Number(value('--runs', 1));
const CPU_PROF = value('--cpu-prof', undefined);
const NODE_FLAGS = argv.flatMap((a, i) => (a === '--node-flag' ? [argv[i + 1]] : []));
const load = () => os.loadavg()[0].toFixed(1);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The process's CPU time (user + system) in ms: steadier than wall time on a loaded machine. */
function cpuMsOf(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** The edited file: a local socket without an 'error' listener on odd edits, handled on even ones. */
function editedText(base, i) {
  const handled = i % 2 === 0 ? `  s.on('error', () => s.destroy());\n` : '';
  return `${base}\nexport function edit${i}(): void {\n  const s = net.connect(${1000 + i});\n${handled}  s.write('x');\n}\n`;
}

/** The language server on the monorepo (the flags the extension starts it with): open one file, then edit it. */
async function benchServer(dir, file) {
  const profile = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [];
  const proc = spawn(process.execPath, ['--max-semi-space-size=32', ...NODE_FLAGS, ...profile, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  conn.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(rpc.DiagnosticRefreshRequest.type, () => undefined);
  conn.onRequest(rpc.RegistrationRequest.type, () => undefined);
  // The server's own account of each analysis: the Project update, program and checker, rules.
  const statuses = [];
  conn.onNotification('socklint/status', (status) => statuses.push(status));
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  const started = performance.now();
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    // Pulls diagnostics as VS Code does (a client without it is pushed them as well, after a debounce).
    capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } },
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'monorepo' }],
  });
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  const pull = async (uri) => {
    for (;;) {
      try {
        return (await conn.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } })).items;
      } catch (e) {
        if (e.code !== rpc.LSPErrorCodes.ServerCancelled) throw e;
      }
    }
  };
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const opened = performance.now();
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  const first = await pull(uri);
  const cold = { fromStartMs: performance.now() - started, fromOpenMs: performance.now() - opened, findings: first.length };
  const afterOpen = memoryOf(proc.pid);
  const edits = [];
  const phaseStart = statuses.length;
  const cpuBefore = cpuMsOf(proc.pid);
  let wrong = 0;
  for (let i = 1; i <= EDITS; i++) {
    const t = performance.now();
    await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: i + 1 },
      contentChanges: [{ text: editedText(text, i) }],
    });
    const items = await pull(uri);
    edits.push(performance.now() - t);
    const reported = items.some((d) => d.code === 'missing-error-listener' && d.range.start.line >= text.split('\n').length);
    if (reported !== (i % 2 === 1)) wrong++;
  }
  const cpuPerEditMs = (cpuMsOf(proc.pid) - cpuBefore) / EDITS;
  const memory = { ...memoryOf(proc.pid), afterOpenMb: afterOpen.rssMb };
  const phases = {};
  for (const key of ['updateMs', 'programMs', 'rulesMs']) phases[key] = statuses.slice(phaseStart).map((st) => st.phases?.[key] ?? 0);
  phases.validationMs = statuses.slice(phaseStart).map((st) => st.validationTimeMs ?? 0);
  await conn.sendRequest(rpc.ShutdownRequest.type).catch(() => undefined);
  await conn.sendNotification(rpc.ExitNotification.type).catch(() => undefined);
  conn.dispose();
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  return { cold, edits, memory, wrong, phases, cpuPerEditMs };
}

const GIVEN_DIR = value('--dir', undefined);
const dir = GIVEN_DIR ? path.resolve(GIVEN_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-monorepo-'));
const median = (values) => percentile(values, 50);
try {
  const reuse = GIVEN_DIR && fs.existsSync(path.join(dir, 'packages'));
  const made = reuse ? { files: FILES, packages: PACKAGES } : generateMonorepo(dir, { files: FILES, packages: PACKAGES });
  console.log(
    `${reuse ? 'reused' : 'generated'} monorepo: ${made.files} files in ${made.packages} packages (tsconfig per package, project references), ${dir}; ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  const s = (x) => (x === undefined ? '?' : `${x.toFixed(2)} s`);
  if (!LSP_ONLY) {
    const checkLoad = load();
    const check = measure([cli, 'check', '.', '--format', 'json', ...(JOBS ? ['--jobs', JOBS] : [])], { cwd: dir });
    const results = check.stdout.startsWith('[') ? JSON.parse(check.stdout) : [];
    const findings = results.reduce((n, r) => n + r.messages.length, 0);
    console.log(
      `socklint check .${JOBS ? ` --jobs ${JOBS}` : ''}: CPU ${s(check.cpu)}, wall ${s(check.seconds)}, peak RSS ${check.rssMB?.toFixed(0)} MB (exit ${check.status}, ${results.length} files, ${findings} findings, load ${checkLoad})`,
    );
    if (check.status === 2 || check.status === null) console.log(check.stderr.split('\n').slice(0, 10).join('\n'));
  }

  const file = path.join(dir, 'packages', `pkg${String(Math.floor(PACKAGES / 2)).padStart(2, '0')}`, 'src', 'mod3.ts');
  const ms = (v) => `${v.toFixed(0)} ms`;
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const serverLoad = load();
    const lsp = await benchServer(dir, file);
    runs.push(lsp);
    console.log(
      `language server, ${path.relative(dir, file)}: cold open → diagnostics ${ms(lsp.cold.fromOpenMs)} (${ms(lsp.cold.fromStartMs)} from the server's start, ${lsp.cold.findings} findings); ${EDITS} edits → fresh diagnostics p50 ${ms(percentile(lsp.edits, 50))}, p95 ${ms(percentile(lsp.edits, 95))}${lsp.wrong ? ` (${lsp.wrong} with the wrong result)` : ''}; RSS after the open ${lsp.memory.afterOpenMb.toFixed(0)} MB, after the edits ${lsp.memory.rssMb.toFixed(0)} MB, peak ${lsp.memory.peakMb.toFixed(0)} MB (load ${serverLoad})`,
    );
    const phase = (key) => `${key.replace(/Ms$/, '')} p50 ${ms(percentile(lsp.phases[key], 50))} p95 ${ms(percentile(lsp.phases[key], 95))}`;
    console.log(
      `  the server per edit: CPU ${ms(lsp.cpuPerEditMs)} (mean); its analysis ${['validationMs', 'updateMs', 'programMs', 'rulesMs'].map(phase).join(', ')}`,
    );
  }
  if (RUNS > 1) {
    const of = (f) => median(runs.map(f));
    console.log(
      `medians of ${RUNS} runs: cold open ${ms(of((r) => r.cold.fromOpenMs))}, server CPU per edit ${ms(of((r) => r.cpuPerEditMs))}, edits p50 ${ms(of((r) => percentile(r.edits, 50)))}, p95 ${ms(of((r) => percentile(r.edits, 95)))}, RSS after the open ${of((r) => r.memory.afterOpenMb).toFixed(0)} MB, peak ${of((r) => r.memory.peakMb).toFixed(0)} MB`,
    );
  }
} finally {
  if (!argv.includes('--keep') && !GIVEN_DIR) fs.rmSync(dir, { recursive: true, force: true });
}
