// Latency of the language server on a generated 300-file TypeScript project, over real JSON-RPC
// (node dist/server.js --stdio): didOpen → diagnostics, didChange → fresh diagnostics (p50/p95
// over 200 edits), the server's peak RSS. Peers measured in the same run, on the same edits:
// a TypeScript type check of the edited file (what the server avoids) and a bare parse (the floor).
// Usage: npm run build && node scripts/bench-lsp.mjs [--files 300] [--edits 200] [--server another/server.js]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const { Project, ts } = require('ts-morph');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FILES = arg('--files', 300);
const EDITS = arg('--edits', 200);
const server = process.argv.includes('--server') ? path.resolve(process.argv[process.argv.indexOf('--server') + 1]) : path.join(root, 'dist', 'server.js');
if (!fs.existsSync(server)) {
  console.error('dist/server.js is missing: run "npm run build" first');
  process.exit(2);
}

/** A project where a third of the modules use sockets and every module imports two others. */
function generateProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-bench-lsp-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true, engines: { node: '>=18' } }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, noEmit: true }, include: ['src'] }),
  );
  fs.mkdirSync(path.join(dir, 'src'));
  for (let i = 0; i < FILES; i++) {
    const a = (i + 1) % FILES;
    const b = (i * 7 + 3) % FILES;
    let body = `import { helper${a} } from './mod${a}.js';\nimport { helper${b} } from './mod${b}.js';\n`;
    if (i % 3 === 0) {
      body += `import * as net from 'node:net';\nimport * as http from 'node:http';\n\n`;
      body += `export function connect${i}(port: number): net.Socket {\n  const socket = net.connect(port, '127.0.0.1');\n  socket.on('data', (d) => console.log(d.length));\n  socket.write('hello');\n  return socket;\n}\n\n`;
      body += `export function serve${i}(): http.Server {\n  const server = http.createServer((req, res) => {\n    req.on('data', () => {});\n    res.end('ok');\n  });\n  server.listen(${3000 + i});\n  return server;\n}\n\n`;
    }
    body += `export function helper${i}(x: number): number {\n  return x > ${i} ? helper${a}.length + x : helper${b}.length - x;\n}\n`;
    body += Array.from({ length: 20 }, (_, k) => `export const value${i}_${k}: { id: number; name: string } = { id: ${k}, name: 'v${k}' };`).join('\n') + '\n';
    fs.writeFileSync(path.join(dir, 'src', `mod${i}.ts`), body);
  }
  return dir;
}

/** The edited file: a local socket without an 'error' listener on odd edits, handled on even ones. */
function editedText(base, i) {
  const handled = i % 2 === 0 ? `  s.on('error', () => s.destroy());\n` : '';
  return `${base}\nexport function edit${i}(): void {\n  const s = net.connect(${1000 + i});\n${handled}  s.write('x');\n}\n`;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (v) => `${v.toFixed(1)} ms`;

function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

async function benchServer(dir) {
  // The same flags the extension starts the server with (client/src/extension.ts SERVER_EXEC_ARGV).
  const proc = spawn(process.execPath, ['--max-semi-space-size=32', server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const statuses = [];
  conn.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(rpc.DiagnosticRefreshRequest.type, () => undefined);
  conn.onRequest(rpc.RegistrationRequest.type, () => undefined);
  conn.onNotification('socklint/status', (s) => statuses.push(s));
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
  });
  await conn.sendNotification(rpc.InitializedNotification.type, {});

  const pull = async (uri) => {
    for (;;) {
      try {
        const report = await conn.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
        return report.items;
      } catch (e) {
        if (e.code !== rpc.LSPErrorCodes.ServerCancelled) throw e;
      }
    }
  };
  const open = async (file) => {
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    const started = performance.now();
    await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const items = await pull(uri);
    return { uri, text, ms: performance.now() - started, findings: items.length };
  };

  const cold = await open(path.join(dir, 'src', 'mod0.ts'));
  const warm = await open(path.join(dir, 'src', 'mod3.ts'));
  const peers = createPeers(dir, warm.text, path.join(dir, 'src', 'mod3.ts'));
  const edits = [];
  const serverSide = [];
  const phases = [];
  let wrong = 0;
  for (let i = 1; i <= EDITS; i++) {
    const text = editedText(warm.text, i);
    const started = performance.now();
    await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: warm.uri, version: i + 1 }, contentChanges: [{ text }] });
    const items = await pull(warm.uri);
    edits.push(performance.now() - started);
    const reported = items.filter((d) => d.code === 'missing-error-listener' && d.message).length;
    const localExpected = i % 2 === 1;
    // The generated module's own sockets are returned (they escape): only the edit's socket can be reported.
    if (reported > 0 !== localExpected) wrong++;
    peers.step(i);
    const last = statuses[statuses.length - 1];
    if (last) {
      serverSide.push(last.validationTimeMs);
      if (last.phases) phases.push(last.phases);
    }
  }
  const memory = memoryOf(proc.pid);
  // An editor pauses between edits: what the server keeps once it is idle (V8 may give memory back).
  const idleSamples = [];
  for (let s = 0; s < 15; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    idleSamples.push(memoryOf(proc.pid).rssMb);
  }
  memory.idleMb = Math.min(...idleSamples);
  await conn.sendRequest(rpc.ShutdownRequest.type).catch(() => undefined);
  await conn.sendNotification(rpc.ExitNotification.type).catch(() => undefined);
  conn.dispose();
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  return { cold, warm, edits, serverSide, phases, memory, wrong, peers };
}

/**
 * Peers on the same edits, in this process, interleaved with the server's edits so both see the
 * same machine load: a type check of the edited file (getPreEmitDiagnostics) and a bare parse.
 */
function createPeers(dir, base, file) {
  const project = new Project({ tsConfigFilePath: path.join(dir, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
  project.createSourceFile(file, base, { overwrite: true }).getPreEmitDiagnostics();
  const check = [];
  const parse = [];
  return {
    check,
    parse,
    step(i) {
      const text = editedText(base, i);
      let started = performance.now();
      ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      parse.push(performance.now() - started);
      started = performance.now();
      project.createSourceFile(file, text, { overwrite: true }).getPreEmitDiagnostics();
      check.push(performance.now() - started);
    },
  };
}

const dir = generateProject();
console.log(`socklint LSP bench: ${FILES} generated files in ${dir}, ${EDITS} edits, Node ${process.version}, ${os.cpus().length} CPUs`);
const result = await benchServer(dir);
const peers = result.peers;

const p50 = percentile(result.edits, 50);
const p95 = percentile(result.edits, 95);
const s50 = percentile(result.serverSide, 50);
const s95 = percentile(result.serverSide, 95);
const check50 = percentile(peers.check, 50);
const parse50 = percentile(peers.parse, 50);
console.log('');
console.log(`didOpen → diagnostics, cold (first file: project, lib and @types/node load): ${ms(result.cold.ms)}`);
console.log(`didOpen → diagnostics, warm (second file, same project):                 ${ms(result.warm.ms)}`);
console.log(`didChange → fresh diagnostics over ${EDITS} edits:  p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(Math.max(...result.edits))}`);
console.log(
  `  of which analysis inside the server (status.validationTimeMs): p50 ${ms(s50)}  p95 ${ms(s95)}; the rest is JSON-RPC, scheduling and GC (isolated edits skip the 20 ms burst debounce)`,
);
if (result.phases.length) {
  const phase = (key) =>
    `p50 ${ms(
      percentile(
        result.phases.map((p) => p[key]),
        50,
      ),
    )} p95 ${ms(
      percentile(
        result.phases.map((p) => p[key]),
        95,
      ),
    )}`;
  console.log(`    text into the Project (overwrite): ${phase('updateMs')}`);
  console.log(`    program + type checker rebuild:    ${phase('programMs')}`);
  console.log(`    rules (type queries included):     ${phase('rulesMs')}`);
}
console.log(`  answers with the wrong findings for their edit: ${result.wrong}`);
console.log(
  `server peak RSS (VmHWM): ${result.memory.peakMb.toFixed(0)} MB (RSS after the last edit ${result.memory.rssMb.toFixed(0)} MB, lowest in the 15 s after it ${result.memory.idleMb.toFixed(0)} MB)`,
);
console.log('');
console.log('peers on the same edited file, same run:');
console.log(
  `  TypeScript type check of the edited file (sf.getPreEmitDiagnostics): p50 ${ms(check50)}; socklint's analysis p50 ${ms(s50)} = ${(s50 / check50).toFixed(2)}× of it`,
);
console.log(
  `  bare parse of the edited file (ts.createSourceFile, the floor):      p50 ${ms(parse50)}; socklint's analysis = ${(s50 / parse50).toFixed(1)}× the floor`,
);
console.log(`goal p95 edit-to-diagnostic < 150 ms: ${p95 < 150 ? 'met' : 'NOT met'}`);
fs.rmSync(dir, { recursive: true, force: true });
