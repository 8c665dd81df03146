// Processes that are not Node.js but own TCP sockets, for the attach picker's "kernel view"
// entries: a Go API, a Java broker, a Python worker next to the Node.js app. Read from /proc only.
import * as fs from 'node:fs';
import { looksLikeNode } from './attach';
import { hasProcfs } from './osProcess';
import { readCmdline, readTcpTable } from './procfs';

export interface KernelProcess {
  pid: number;
  command: string;
  cwd: string | null;
  /** Its TCP sockets (any state but TIME_WAIT) when listed. */
  tcp: number;
}

/** Socket inodes of a process, or null when its fds are not ours to read. */
function socketInodes(pid: number): Set<number> | null {
  const dir = `/proc/${pid}/fd`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const inodes = new Set<number>();
  for (const name of names) {
    try {
      const link = fs.readlinkSync(`${dir}/${name}`);
      if (link.startsWith('socket:[')) inodes.add(Number(link.slice(8, -1)));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** Every process we may read that is not Node.js and owns at least one TCP socket, by pid. */
export function listKernelProcesses(): KernelProcess[] {
  if (!hasProcfs()) return [];
  const out: KernelProcess[] = [];
  // TCP inodes per network namespace: one read of the tables for all the processes in it.
  const tcpByNetns = new Map<string, Set<number>>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const args = readCmdline(pid);
    if (args.length === 0 || looksLikeNode(pid)) continue; // kernel threads, zombies, Node.js
    const sockets = socketInodes(pid);
    if (!sockets || sockets.size === 0) continue;
    let netns: string;
    try {
      netns = fs.readlinkSync(`/proc/${pid}/ns/net`);
    } catch {
      continue;
    }
    let tcp = tcpByNetns.get(netns);
    if (!tcp) {
      tcp = new Set(readTcpTable(pid).map((r) => r.inode));
      tcpByNetns.set(netns, tcp);
    }
    let n = 0;
    for (const inode of sockets) if (tcp.has(inode)) n++;
    if (n === 0) continue;
    let cwd: string | null = null;
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      /* not ours */
    }
    out.push({ pid, command: args.join(' '), cwd, tcp: n });
  }
  return out.sort((a, b) => a.pid - b.pid);
}
