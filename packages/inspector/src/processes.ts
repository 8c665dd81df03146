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

/** The parent of a process (/proc/<pid>/stat), or null where /proc does not say. */
export function parentPid(pid: number): number | null {
  try {
    // "pid (comm) state ppid …"; comm may contain spaces and parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    return null;
  }
}

/** The process's parent, its parent's parent, … up to init (empty without /proc). */
export function ancestorsOf(pid: number): number[] {
  const out: number[] = [];
  for (let p = parentPid(pid); p !== null && p > 1 && !out.includes(p) && out.length < 64; p = parentPid(p)) out.push(p);
  return out;
}

/** What marks a tool's own processes: its pids (and theirs above it), and folders its helpers run from. */
export interface OwnProcesses {
  /** The tool's process itself and its ancestors (an editor's server, a shell's npx). */
  pids: ReadonlySet<number>;
  /** A process whose command line names one of these folders is one of the tool's helpers (the editor's install, its extensions). */
  roots: readonly string[];
  /** Children of these pids are the tool's own too (the language servers an extension host starts). */
  parents?: ReadonlySet<number>;
}

export interface Candidates {
  /** Processes one might mean to inspect, those started in one of the folders first. */
  shown: NodeProcess[];
  /** How many were left out as the tool's own. */
  hidden: number;
}

const inside = (dir: string, folder: string) => dir === folder || dir.startsWith(folder.endsWith('/') ? folder : folder + '/');

/**
 * The processes worth offering for an attach: not the tool's own (`own`), those whose working
 * directory is inside one of `folders` first (most likely the service being worked on), then by pid.
 */
export function orderCandidates(processes: readonly NodeProcess[], folders: readonly string[], own: OwnProcesses): Candidates {
  const isOwn = (p: NodeProcess) => {
    if (own.pids.has(p.pid)) return true;
    if (own.roots.some((root) => root && p.command.includes(root))) return true;
    const parent = own.parents?.size ? parentPid(p.pid) : null;
    return parent !== null && own.parents!.has(parent);
  };
  const shown = processes.filter((p) => !isOwn(p));
  const inFolder = (p: NodeProcess) => !!p.cwd && folders.some((f) => inside(p.cwd!, f));
  shown.sort((a, b) => Number(inFolder(b)) - Number(inFolder(a)) || a.pid - b.pid);
  return { shown, hidden: processes.length - shown.length };
}

/**
 * The folders an editor's processes run from, given its appRoot: the appRoot itself, and the
 * install folder above it (code-server's `…/code-server` for `…/code-server/lib/vscode`, VS Code's
 * `/usr/share/code` for `/usr/share/code/resources/app`), whose main and helper processes
 * (file watcher, pty host, server entry) name it on their command lines.
 */
export function editorRoots(appRoot: string): string[] {
  if (!appRoot || !appRoot.startsWith('/') || appRoot === '/') return [];
  const install = /^(.+)\/(?:lib\/vscode|resources\/app)\/?$/.exec(appRoot)?.[1];
  return install && install !== '/' ? [appRoot, install] : [appRoot];
}
