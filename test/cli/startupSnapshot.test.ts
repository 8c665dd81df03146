/**
 * check's start-up snapshot (server/src/cli/startupSnapshot.ts): the first run leaves a background
 * build in socklint's private cache folder; later runs start from it with the same output, exit
 * code and fixes as a plain run; a damaged snapshot is deleted and the run still answers; off on
 * request.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, ensureBuilt, fixture, ROOT, runCli, UNHANDLED_SOCKET } from './cliHarness';

const PLAIN = { SOCKLINT_NO_SNAPSHOT: '1' };

function cacheDir(tmp: string): string | undefined {
  const name = fs.readdirSync(tmp).find((d) => d.startsWith('socklint-code-cache-'));
  return name && path.join(tmp, name);
}

function blobs(tmp: string): string[] {
  const dir = cacheDir(tmp);
  return dir
    ? fs
        .readdirSync(dir)
        .filter((f) => /^check-[0-9a-f]{16}\.blob$/.test(f))
        .map((f) => path.join(dir, f))
    : [];
}

/** Waits for the background build the first run started. */
async function builtSnapshot(tmp: string): Promise<string> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [blob] = blobs(tmp);
    if (blob && !fs.existsSync(`${blob}.lock`)) return blob;
    if (Date.now() > deadline)
      throw new Error(`no snapshot was built in ${cacheDir(tmp)}: ${cacheDir(tmp) ? fs.readdirSync(cacheDir(tmp)!).join() : 'no cache folder'}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('the start-up snapshot of check', function () {
  this.timeout(300000);
  before(ensureBuilt);

  const tmp = fixture({});
  const examples = path.join(ROOT, 'examples');

  it('is built in the background by a first run, in a folder only its owner can write', async () => {
    const project = fixture({ 'client.js': UNHANDLED_SOCKET });
    const first = runCli(['check'], project, { TMPDIR: tmp });
    assert.equal(first.code, 1, first.stderr);
    const blob = await builtSnapshot(tmp);
    assert.equal(fs.statSync(path.dirname(blob)).mode & 0o777, 0o700);
    assert.ok(fs.statSync(blob).size > 10_000_000, `${fs.statSync(blob).size} bytes`);
    assert.deepEqual(
      fs.readdirSync(path.dirname(blob)).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')),
      [],
    );
  });

  it('gives the same output and exit code as a plain run, in every format, with and without colour', () => {
    assert.equal(blobs(tmp).length, 1);
    // --jobs 2: worker threads started by a process that began from the snapshot.
    for (const extra of [[], ['--format', 'json'], ['--format', 'sarif'], ['--quiet'], ['--max-warnings', '0'], ['--jobs', '2']]) {
      for (const colour of [{}, { FORCE_COLOR: '1', NO_COLOR: undefined }]) {
        const args = ['check', '.', ...extra];
        const fromSnapshot = runCli(args, examples, { TMPDIR: tmp, ...colour });
        const plain = runCli(args, examples, { TMPDIR: tmp, ...PLAIN, ...colour });
        assert.equal(fromSnapshot.code, 1, fromSnapshot.stderr);
        assert.deepEqual([fromSnapshot.code, fromSnapshot.stdout, fromSnapshot.stderr], [plain.code, plain.stdout, plain.stderr], args.join(' '));
      }
    }
    const clean = fixture({ 'ok.js': 'module.exports = 1;\n' });
    assert.equal(runCli(['check'], clean, { TMPDIR: tmp }).code, 0);
    assert.equal(runCli(['check', 'missing.js'], clean, { TMPDIR: tmp }).code, 2);
  });

  it('writes the same fixes as a plain run', () => {
    const files = { 'client.js': UNHANDLED_SOCKET, 'relay.js': fs.readFileSync(path.join(examples, '03-leaky-relay', 'before.js'), 'utf8') };
    const a = fixture(files);
    const b = fixture(files);
    const fromSnapshot = runCli(['check', '--fix'], a, { TMPDIR: tmp });
    const plain = runCli(['check', '--fix'], b, { TMPDIR: tmp, ...PLAIN });
    assert.deepEqual([fromSnapshot.code, fromSnapshot.stdout], [plain.code, plain.stdout]);
    for (const name of Object.keys(files)) {
      const fixed = fs.readFileSync(path.join(a, name), 'utf8');
      assert.notEqual(fixed, files[name as keyof typeof files], `${name} was not fixed`);
      assert.equal(fixed, fs.readFileSync(path.join(b, name), 'utf8'), name);
    }
  });

  it('stops its check when it is stopped (SIGTERM), and ends by that signal', async function () {
    if (!fs.existsSync('/proc')) this.skip();
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`f${i}.js`] = UNHANDLED_SOCKET.replace(/socket/g, `socket${i}`);
    const project = fixture(files);
    const parent = spawn(process.execPath, [CLI, 'check'], { cwd: project, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
    // The child once it runs from the snapshot (before its exec it is a copy of the parent).
    const snapshotChildOf = (pid: number): number | undefined => {
      for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
        try {
          const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
          const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (parentPid === pid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--snapshot-blob')) return Number(entry);
        } catch {
          // Gone meanwhile.
        }
      }
      return undefined;
    };
    // Looked for without pause and stopped at once: the signal lands while the parent is still
    // starting its child, the moment a late signal handler would miss.
    let child: number | undefined;
    for (const deadline = Date.now() + 10_000; child === undefined && Date.now() < deadline; ) child = snapshotChildOf(parent.pid!);
    assert.ok(child, 'the check started from the snapshot in a child process');
    const ended = new Promise<NodeJS.Signals | null>((resolve) => parent.on('exit', (_code, signal) => resolve(signal)));
    parent.kill('SIGTERM');
    assert.equal(await ended, 'SIGTERM');
    // The parent ends only once its check has ended (and was reaped): no wait here.
    assert.equal(fs.existsSync(`/proc/${child}`), false, 'the check in the child stopped before the parent ended');
    assert.equal(
      blobs(tmp).length,
      1,
      `a stopped run leaves the snapshot in place: ${blobs(tmp)
        .map((f) => `${path.basename(f)} ${fs.statSync(f).size}`)
        .join(', ')}`,
    );
  });

  it('deletes a damaged snapshot and still answers', () => {
    const [blob] = blobs(tmp);
    fs.writeFileSync(blob, Buffer.alloc(4096, 7));
    const project = fixture({ 'client.js': UNHANDLED_SOCKET });
    const damaged = runCli(['check', '--format', 'json'], project, { TMPDIR: tmp });
    const plain = runCli(['check', '--format', 'json'], project, { TMPDIR: tmp, ...PLAIN });
    assert.deepEqual([damaged.code, damaged.stdout], [plain.code, plain.stdout]);
    assert.equal(fs.existsSync(blob), false);
  });

  it('keeps the snapshots used last, with those of other builds (other installs), and drops the rest', async () => {
    const own = fixture({});
    const dir = path.join(own, `socklint-code-cache-${process.getuid?.() ?? 'user'}`);
    fs.mkdirSync(dir, { mode: 0o700 });
    const others = [4, 3, 2, 1].map((hoursAgo, i) => {
      const file = path.join(dir, `check-${String(i).repeat(16)}.blob`);
      fs.writeFileSync(file, 'another build');
      const at = new Date(Date.now() - hoursAgo * 3600_000);
      fs.utimesSync(file, at, at);
      return file;
    });
    const project = fixture({ 'client.js': UNHANDLED_SOCKET });
    assert.equal(runCli(['check'], project, { TMPDIR: own }).code, 1);
    const deadline = Date.now() + 180_000;
    while (blobs(own).every((f) => others.includes(f)) || fs.readdirSync(dir).some((f) => f.endsWith('.lock'))) {
      if (Date.now() > deadline) throw new Error(`no snapshot was built: ${fs.readdirSync(dir).join()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const kept = blobs(own);
    assert.equal(kept.length, 3, kept.join());
    assert.deepEqual(kept.filter((f) => others.includes(f)).sort(), others.slice(2).sort());
  });

  it('is neither built nor used with SOCKLINT_NO_SNAPSHOT=1', () => {
    const own = fixture({});
    const project = fixture({ 'client.js': UNHANDLED_SOCKET });
    const r = runCli(['check'], project, { TMPDIR: own, ...PLAIN, SOCKLINT_NO_CODE_CACHE: '1' });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(fs.readdirSync(own), []);
  });
});
