// Choosing what to attach to (a Node process, an inspector port or URL) and confirming it.
// Nothing is attached without the user's explicit "Attach".
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ancestorsOf,
  editorRoots,
  listKernelProcesses,
  listNodeProcesses,
  orderCandidates,
  shortKernelCommand,
  type KernelProcess,
  type NodeProcess,
  type OwnProcesses,
} from '@socklint/inspector';
import type { AttachTarget } from '@socklint/protocol/webview';
import { parsePort, parseUrl } from './targets';
import { confirmAttachMessage, confirmKernelViewMessage, plainMessage } from './messages';
import { shortCommand } from './session';

export const ENTER_PORT_LABEL = 'Enter inspector port…';
export const ENTER_URL_LABEL = 'Enter inspector URL…';
export const CONFIRM_BUTTON = 'Attach';

export interface PickedTarget {
  attach: AttachTarget;
  /** Short name for titles and messages ("node server.js"). */
  label: string;
  /** The kernel view: a process that is not Node.js, read from /proc only (no signal, nothing attached). */
  kernel?: boolean;
}

/** The description that marks a kernel-view entry of the picker. */
export const KERNEL_VIEW_MARK = 'kernel view';

interface TargetItem extends vscode.QuickPickItem {
  pick: () => Promise<PickedTarget | undefined>;
}

const MAX_COMMAND_CHARS = 100;

function processItem(p: NodeProcess): TargetItem {
  const command = p.command.length > MAX_COMMAND_CHARS ? p.command.slice(0, MAX_COMMAND_CHARS - 1) + '…' : p.command;
  return {
    // The pid leads the label so typing it filters to exactly this process.
    label: `${p.pid}: ${command}`,
    description: p.inspectPort !== null ? `inspector on port ${p.inspectPort}` : undefined,
    detail: p.cwd ?? undefined,
    pick: async () => ({ attach: { pid: p.pid }, label: shortCommand(p.command) }),
  };
}

function kernelItem(p: KernelProcess): TargetItem {
  return {
    // Paths shortened to base names: the mark in the description stays in view next to the command.
    label: `${p.pid}: ${shortKernelCommand(p.command)}`,
    description: `${KERNEL_VIEW_MARK} · ${p.tcp} TCP socket${p.tcp === 1 ? '' : 's'}`,
    detail: p.cwd ?? undefined,
    pick: async () => ({ attach: { pid: p.pid }, label: shortKernelCommand(p.command), kernel: true }),
  };
}

/**
 * The editor's processes, never offered: this extension host, the editor's server and the
 * processes above it (code-server, VS Code's main), the editor's helpers (anything run from its
 * install folder or its extensions folder: file watcher, pty host, language servers, another
 * window's) and the extension host's children.
 */
function editorProcesses(): OwnProcesses {
  // dist/ of this extension → the extension's folder → the folder every extension is installed in.
  const extensionsDir = path.dirname(path.dirname(__dirname));
  const roots = [...editorRoots(vscode.env.appRoot), extensionsDir].filter((r) => r && path.isAbsolute(r) && r !== path.parse(r).root);
  return { pids: new Set([process.pid, ...ancestorsOf(process.pid)]), roots, parents: new Set([process.pid]) };
}

/** Shows the process picker; undefined when the user cancels. */
export async function pickTarget(): Promise<PickedTarget | undefined> {
  let processes: NodeProcess[] = [];
  try {
    processes = listNodeProcesses();
  } catch {
    // No process list on this platform: the port / URL entries still work.
  }
  // The editor's own processes are not what anyone means to inspect; processes started from an
  // open folder come first: most likely the service being worked on.
  const own = editorProcesses();
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  processes = orderCandidates(processes, folders, own).shown;
  // Processes that are not Node.js but own TCP sockets: their kernel view (a Go API, a Python worker…).
  let others: KernelProcess[] = [];
  try {
    const kernel = listKernelProcesses();
    const kept = new Set(
      orderCandidates(
        kernel.map((k) => ({ pid: k.pid, command: k.command, cwd: k.cwd, inspectPort: null })),
        [],
        own,
      ).shown.map((k) => k.pid),
    );
    others = kernel.filter((k) => kept.has(k.pid));
  } catch {
    // No /proc: Node.js processes only.
  }
  const items: Array<TargetItem | vscode.QuickPickItem> = [
    ...processes.map(processItem),
    ...(others.length ? [{ label: 'other processes (kernel view: read from /proc, never signalled)', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...others.map(kernelItem),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: ENTER_PORT_LABEL, detail: 'A process started with --inspect: 9229, or host:port', pick: askPort } as TargetItem,
    { label: ENTER_URL_LABEL, detail: 'ws://127.0.0.1:9229/<id> or http://127.0.0.1:9229', pick: askUrl } as TargetItem,
  ];
  const chosen = (await vscode.window.showQuickPick(items, {
    title: 'Socklint: Attach Inspector',
    placeHolder: processes.length ? 'Pick the Node.js process to inspect' : 'No Node.js processes found; enter a port or URL',
    matchOnDescription: true,
    matchOnDetail: true,
  })) as TargetItem | undefined;
  return chosen?.pick ? chosen.pick() : undefined;
}

async function askPort(): Promise<PickedTarget | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Socklint: Attach Inspector',
    prompt: 'Inspector port of the Node.js process (127.0.0.1), or host:port',
    placeHolder: '9229',
    validateInput: (v) => (parsePort(v) ? undefined : 'A port (1-65535) or host:port'),
  });
  const parsed = value === undefined ? null : parsePort(value);
  if (!parsed) return undefined;
  return { attach: parsed, label: `inspector ${parsed.host ?? '127.0.0.1'}:${parsed.port}` };
}

async function askUrl(): Promise<PickedTarget | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Socklint: Attach Inspector',
    prompt: 'Inspector URL: the ws:// debugger URL, or http://host:port',
    placeHolder: 'ws://127.0.0.1:9229/…',
    validateInput: (v) => (parseUrl(v) ? undefined : 'A ws://, wss://, http:// or https:// URL'),
  });
  const parsed = value === undefined ? null : parseUrl(value);
  if (!parsed) return undefined;
  return { attach: parsed, label: `inspector ${value!.trim()}` };
}

function describeTarget(t: AttachTarget): string {
  if (t.pid !== undefined) return `process ${t.pid}`;
  if (t.url) return `the inspector at ${t.url}`;
  return `the inspector at ${t.host ?? '127.0.0.1'}:${t.port}`;
}

/** The modal that says what attaching does. True only when the user chose "Attach". */
export async function confirmAttach(picked: PickedTarget): Promise<boolean> {
  const byPid = picked.attach.pid !== undefined;
  const detail = picked.kernel
    ? [
        "Socklint reads this process's sockets, file descriptors and TCP timers from /proc once a second (and idle times with ss).",
        'It sends the process no signal and attaches nothing to it: the kernel view has no JavaScript facts.',
      ].join('\n\n')
    : [
        byPid
          ? 'If the process has no inspector open, Socklint sends it SIGUSR1 to open one (on loopback), and closes it again on detach.'
          : 'Socklint connects to this inspector; anyone who can reach it can run code in the process.',
        'While attached, Socklint runs a small read-only sampler in the process once a second (a few milliseconds each) and reads its sockets from /proc.',
        'Detaching (or closing the panel) removes everything it installed.',
      ].join('\n\n');
  const answer = await vscode.window.showWarningMessage(
    picked.kernel ? confirmKernelViewMessage(describeTarget(picked.attach), picked.label) : confirmAttachMessage(describeTarget(picked.attach), picked.label),
    { modal: true, detail: plainMessage(detail) },
    CONFIRM_BUTTON,
  );
  return answer === CONFIRM_BUTTON;
}
