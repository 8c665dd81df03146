/**
 * `socklint check` from a V8 start-up snapshot: a process that starts with the analyzer loaded and
 * TypeScript's library and the shipped Node types already parsed and bound (snapshotBuilder.ts).
 * Checking one small file then costs about a third of the CPU of a plain start.
 *
 * A snapshot belongs to one Node binary and one build of socklint, so it is made on the user's
 * machine: the first `check` without one runs as usual and leaves a background process building it
 * (a few seconds of CPU, once), and later runs start from it. It lives in socklint's private cache
 * folder (as the code cache: a file there is code that will run). SOCKLINT_NO_SNAPSHOT=1 turns it
 * off; a Node started with its own options (`node --inspect cli.js`) never uses it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheFolder, isPrivateFolder } from './codeCache';

const BUILDER = 'snapshot-builder.js';
/** The variable naming the descriptor a run from the snapshot writes one byte to when it starts. */
export const READY_FD = 'SOCKLINT_SNAPSHOT_READY_FD';
const BUNDLE = 'cli-check.js';
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How many snapshots (about 70 MB each) stay in the cache folder: the ones used last. */
const KEPT_SNAPSHOTS = 3;
/** A build that has not finished in this time is taken for dead and may be started again. */
const STALE_LOCK_MS = 5 * 60_000;

function enabled(env: NodeJS.ProcessEnv): boolean {
  return !env.SOCKLINT_NO_SNAPSHOT && process.execArgv.length === 0;
}

/** The blob's file: keyed by the Node binary and the exact bundles it is made from. */
function blobPath(bundleDir: string, version: string): string | undefined {
  try {
    const stamp = [BUNDLE, BUILDER].map((name) => {
      const stat = fs.statSync(path.join(bundleDir, name));
      return `${name}\0${stat.size}\0${stat.mtimeMs}`;
    });
    const key = createHash('sha256')
      .update([process.version, process.arch, process.execPath, bundleDir, version, ...stamp].join('\0'))
      .digest('hex')
      .slice(0, 16);
    return path.join(cacheFolder(), `check-${key}.blob`);
  } catch {
    return undefined;
  }
}

/**
 * Runs `check` in a process started from the snapshot when there is one, passing its output and
 * exit code through; undefined when there is none (then one is built in the background). A
 * snapshot Node cannot start from (it aborts before check runs: damaged, or made by another build)
 * is deleted and `fallback` runs the check instead.
 */
export function checkFromSnapshot(
  argv: string[],
  bundleDir: string,
  version: string,
  fallback: () => Promise<number>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> | undefined {
  if (!enabled(env)) return undefined;
  const blob = blobPath(bundleDir, version);
  if (!blob) return undefined;
  if (!isPrivateFolder(path.dirname(blob)) || !fs.existsSync(blob)) {
    buildInBackground(bundleDir, blob, version);
    return undefined;
  }
  try {
    // Marks it as used (keepRecentSnapshots).
    const now = new Date();
    fs.utimesSync(blob, now, now);
  } catch {
    // Read-only: it is still used.
  }
  return new Promise((resolve) => {
    // Stopping socklint stops its check; then the same signal ends this process as it would have.
    // The handlers come first: the child runs as soon as it is forked, and a signal that found none
    // would end this process at once and leave the check running on its own.
    let stopped: NodeJS.Signals | undefined;
    const stop = (signal: NodeJS.Signals) => {
      stopped = signal;
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, stop);
    // The snapshot's main function says it started on fd 3 (snapshotBuilder.ts).
    const child = spawn(process.execPath, ['--snapshot-blob', blob, '--', ...argv], {
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
      env: { ...env, [READY_FD]: '3' },
    });
    let started = false;
    child.stdio[3]?.on('data', () => (started = true));
    child.stdio[3]?.on('error', () => undefined);
    const settle = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, stop);
    };
    const failed = () => {
      fs.rmSync(blob, { force: true });
      resolve(fallback());
    };
    child.on('error', () => {
      settle();
      failed();
    });
    child.on('close', (code, signal) => {
      settle();
      const ended = stopped ?? (signal && FORWARDED_SIGNALS.includes(signal) ? signal : undefined);
      if (ended) {
        process.kill(process.pid, ended);
        return resolve(130);
      }
      // Node could not start from it (it aborts before check runs).
      if (!started) return failed();
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 2);
    });
  });
}

/**
 * Snapshots of other builds go, but for the few used last: several installs of socklint (a
 * project's, a global one, the editor's) would otherwise delete each other's at every build.
 */
function keepRecentSnapshots(dir: string): void {
  const snapshots = fs
    .readdirSync(dir)
    .filter((name) => /^check-[0-9a-f]{16}\.blob$/.test(name))
    .map((name) => ({ file: path.join(dir, name), used: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { file } of snapshots.slice(KEPT_SNAPSHOTS)) fs.rmSync(file, { force: true });
}

function buildInBackground(bundleDir: string, blob: string, version: string): void {
  const lock = `${blob}.lock`;
  try {
    fs.mkdirSync(path.dirname(blob), { recursive: true, mode: 0o700 });
    if (!isPrivateFolder(path.dirname(blob))) return;
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs < STALE_LOCK_MS) return;
      fs.rmSync(lock, { force: true });
    } catch {
      // No lock: nobody is building it.
    }
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    return;
  }
  const child = spawn(process.execPath, [path.join(bundleDir, 'cli.js'), '__build-snapshot', blob, version], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, SOCKLINT_NO_SNAPSHOT: '1' },
  });
  child.on('error', () => fs.rmSync(lock, { force: true }));
  child.unref();
}

/**
 * Builds the snapshot into `blob` (the hidden `socklint __build-snapshot <blob> <version>`): into
 * a temporary file, tried once, then renamed into place, so a run never starts from half a file
 * or from a snapshot that does not work. Returns an exit code.
 */
export function buildSnapshot(bundleDir: string, blob: string, version: string): number {
  const temporary = `${blob}.${process.pid}.tmp`;
  const env = { ...process.env, SOCKLINT_SNAPSHOT_VERSION: version, NODE_OPTIONS: '' };
  try {
    const built = spawnSync(process.execPath, ['--snapshot-blob', temporary, '--build-snapshot', path.join(bundleDir, BUILDER)], {
      stdio: 'ignore',
      env,
      timeout: 120_000,
    });
    if (built.status !== 0 || !fs.existsSync(temporary)) return 1;
    const tried = spawnSync(process.execPath, ['--snapshot-blob', temporary, '--', '--help'], { encoding: 'utf8', env, timeout: 60_000 });
    if (tried.status !== 0 || !tried.stdout.includes('socklint check')) return 1;
    fs.renameSync(temporary, blob);
    keepRecentSnapshots(path.dirname(blob));
    return 0;
  } catch {
    return 1;
  } finally {
    fs.rmSync(temporary, { force: true });
    fs.rmSync(`${blob}.lock`, { force: true });
  }
}
