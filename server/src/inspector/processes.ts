// Node processes this user can inspect, for the attach picker: pid, command line, cwd.
import * as fs from 'node:fs';
import { inspectPortFromArgs, looksLikeNode } from './attach';
import { readCmdline } from './procfs';
import type { NodeProcess } from './types';

export function listNodeProcesses(): NodeProcess[] {
  const out: NodeProcess[] = [];
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return out; // not Linux
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const args = readCmdline(pid);
    if (args.length === 0) continue; // kernel thread or gone
    if (!looksLikeNode(pid)) continue;
    let cwd: string | null = null;
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      continue; // another user's process: we could not attach anyway
    }
    out.push({ pid, command: args.join(' '), cwd, inspectPort: inspectPortFromArgs(args.slice(1))?.port ?? null });
  }
  return out.sort((a, b) => a.pid - b.pid);
}
