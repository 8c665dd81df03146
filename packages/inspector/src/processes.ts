// Node processes this user can inspect, for the attach picker: pid, command line, cwd.
import * as fs from 'node:fs';
import { inspectPortFromArgs, isNodeName, looksLikeNode } from './attach';
import { hasProcfs, psProcesses } from './osProcess';
import { readCmdline } from './procfs';
import type { NodeProcess } from './types';

export function listNodeProcesses(): NodeProcess[] {
  if (!hasProcfs()) return listNodeProcessesWithPs();
  const out: NodeProcess[] = [];
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return out;
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

/**
 * Without /proc (macOS, the BSDs): the processes `ps` lists whose argv[0] is node. The working
 * directory is unknown there; arguments with spaces are split. Empty where there is no `ps`.
 */
export function listNodeProcessesWithPs(): NodeProcess[] {
  return psProcesses()
    .filter(({ pid, args }) => pid !== process.pid && isNodeName(args[0] ?? ''))
    .map(({ pid, args }) => ({ pid, command: args.join(' '), cwd: null, inspectPort: inspectPortFromArgs(args.slice(1))?.port ?? null }))
    .sort((a, b) => a.pid - b.pid);
}
