#!/usr/bin/env node
// `npm run demo`: builds everything, packages the extension, runs `socklint check` over the
// incident examples (findings for every before.js, none for any after.js), then takes one live
// sample of a leaking process with `socklint inspect`. Findings are the point: exit 0.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const heading = (text) => console.log(`\n=== ${text} ===\n`);
const note = (text) => console.log(`(${text})`);

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

heading('build');
if (run(npm, ['run', '--silent', 'build']).status !== 0) {
  console.error('demo: the build failed');
  process.exit(1);
}

heading('package the VS Code extension');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const packaged = pkg.scripts?.package ? run(npm, ['run', '--silent', 'package'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }) : undefined;
if (packaged?.status === 0) {
  const vsix = fs.readdirSync(root).filter((f) => f.endsWith('.vsix'));
  console.log(`packaged: ${vsix.join(', ')}`);
} else {
  const reason = packaged ? (packaged.stderr || packaged.stdout || '').trim().split('\n').filter(Boolean).pop() : 'no "package" script';
  note(`packaging skipped: ${reason ?? 'vsce failed'}`);
  // Packaging rebuilds in production mode; make sure the CLI is there either way.
  if (!fs.existsSync(cli)) run(npm, ['run', '--silent', 'build']);
}

const incidents = fs
  .readdirSync(path.join(root, 'examples'))
  .filter((name) => /^\d\d-/.test(name))
  .sort();
heading(`socklint check ${incidents.map((i) => `examples/${i}`).join(' ')}`);
const stylish = run(process.execPath, [cli, 'check', ...incidents.map((i) => `examples/${i}`)], { stdio: 'inherit' });
if (stylish.status === 2) {
  console.error('demo: socklint check failed');
  process.exit(1);
}

heading('per incident');
const json = spawnSync(process.execPath, [cli, 'check', 'examples', '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const results = JSON.parse(json.stdout || '[]');
let ok = true;
for (const incident of incidents) {
  const of = (file) => results.find((r) => r.filePath === path.join(root, 'examples', incident, file));
  const before = of('before.js');
  const after = of('after.js');
  const rules = [...new Set((before?.messages ?? []).map((m) => m.ruleId))];
  const good = before?.messages.length > 0 && after?.messages.length === 0;
  ok &&= good;
  console.log(
    `${good ? '✔' : '✖'} ${incident.padEnd(22)} before.js: ${before?.messages.length ?? 0} finding${before?.messages.length === 1 ? '' : 's'} (${rules.join(', ')}); after.js: ${after?.messages.length ?? 0}`,
  );
}
if (!ok) console.log('\nsome incident example does not behave as expected');

heading('live: socklint inspect against examples/live/leaky-relay.js');
await liveSample();

/** Starts the leaking relay, waits until its load is done, prints one inspector sample, stops it. */
async function liveSample() {
  const target = path.join(root, 'examples', 'live', 'leaky-relay.js');
  if (!fs.existsSync(target)) return note('skipped: examples/live/leaky-relay.js does not exist');
  const help = spawnSync(process.execPath, [cli, 'inspect', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) return note(`skipped: the inspect command is not available (${(help.stderr || '').trim()})`);
  const child = spawn(process.execPath, [target, '--connections', '100', '--lifetime', '60'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const loaded = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 20000);
      let buffered = '';
      child.stdout.on('data', (chunk) => {
        buffered += chunk;
        if (/"event":"load-done"/.test(buffered)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.on('exit', () => resolve(false));
    });
    if (!loaded) return note('skipped: the demo target did not start');
    console.log(`target pid ${child.pid}: 100 relayed connections, every 5th client walked away\n`);
    run(process.execPath, [cli, 'inspect', '--pid', String(child.pid)], { stdio: 'inherit' });
  } finally {
    child.kill();
  }
}

console.log('\ndone.');
