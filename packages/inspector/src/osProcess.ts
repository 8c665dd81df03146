// What the operating system tells about a process where there is no /proc (macOS, the BSDs,
// Windows): whether it is alive, its command line (from `ps`), and how to make it open its
// inspector. On Linux the /proc readers in procfs.ts know more; these are the fallbacks.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

let procfs: boolean | undefined;

/** Whether this system has a Linux-style /proc. */
export function hasProcfs(): boolean {
  procfs ??= fs.existsSync('/proc/self/stat');
  return procfs;
}

/** Signal 0: alive when it can be signalled, or exists but belongs to someone else. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The output of `ps` with these arguments, or null where it fails or does not exist (Windows). */
function ps(args: string[], timeout = 2000): string | null {
  try {
    return execFileSync('ps', args, { encoding: 'utf8', timeout, maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** argv of a process as `ps` shows it (split on spaces), or [] where there is no `ps` (Windows). */
export function psCommandLine(pid: number): string[] {
  return (ps(['-o', 'command=', '-p', String(pid)]) ?? '').trim().split(/\s+/).filter(Boolean);
}

/** The executable `ps` names for a process (not changed by process.title), or null. */
export function psExecutable(pid: number): string | null {
  return ps(['-o', 'comm=', '-p', String(pid)])?.trim() || null;
}

/** Every process `ps` lists: pid and argv (split on spaces); [] without `ps`. */
export function psProcesses(): Array<{ pid: number; args: string[] }> {
  const rows: Array<{ pid: number; args: string[] }> = [];
  for (const line of (ps(['-axo', 'pid=,command='], 5000) ?? '').split('\n')) {
    const m = /^\s*(\d+)\s+(.*\S)\s*$/.exec(line);
    if (m) rows.push({ pid: Number(m[1]), args: m[2].split(/\s+/) });
  }
  return rows;
}

/**
 * Asks a Node process to open its inspector: SIGUSR1, or on Windows (no signals) Node's own
 * `process._debugProcess`, which does the same through a remote thread.
 */
export function activateInspector(pid: number): void {
  if (process.platform === 'win32') (process as unknown as { _debugProcess(pid: number): void })._debugProcess(pid);
  else process.kill(pid, 'SIGUSR1');
}
