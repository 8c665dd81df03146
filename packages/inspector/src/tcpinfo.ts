// Idle time per socket from the kernel's tcp_info (last data sent/received), which /proc/net/tcp
// does not carry. `ss -ti` reads it over netlink (sock_diag); no root needed for our own sockets.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

/** Same network namespace as ours? ss only sees our own namespace. */
function sameNetns(pid: number): boolean {
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/net`) === fs.readlinkSync('/proc/self/ns/net');
  } catch {
    return false;
  }
}

/**
 * inode -> ms since the socket last sent or received data, for the wanted inodes; null when
 * `ss` is missing or the pid lives in another network namespace.
 */
export async function idleByInode(pid: number, wanted: Set<number>): Promise<Map<number, number> | null> {
  if (wanted.size === 0 || !sameNetns(pid)) return null;
  const text = await runSs();
  if (text === null) return null;
  const out = new Map<number, number>();
  let current: number | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line[0] !== '\t' && line[0] !== ' ') {
      const m = /\bino:(\d+)/.exec(line);
      current = m ? Number(m[1]) : null;
      if (current !== null && !wanted.has(current)) current = null;
      continue;
    }
    if (current === null) continue;
    const snd = /\blastsnd:(\d+)/.exec(line);
    const rcv = /\blastrcv:(\d+)/.exec(line);
    if (snd || rcv) {
      out.set(current, Math.min(snd ? Number(snd[1]) : Infinity, rcv ? Number(rcv[1]) : Infinity));
      current = null;
    }
  }
  return out;
}

/** `ss -tinoeH` output, or null when ss is missing or fails (without blocking the caller). */
function runSs(): Promise<string | null> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('ss', ['-tinoeH'], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : null);
    });
  });
}
