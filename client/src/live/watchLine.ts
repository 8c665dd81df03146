// "Watch this line live": a code action on socklint findings (and the command behind it, also for
// the cursor's line from the command palette). Attaches, or reuses the attached process, switches
// creation-site tracing on and opens the panel filtered to the sockets created at that line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LiveInspector } from './inspectorAccess';
import type { LiveFacts } from './liveFacts';
import { LINT_SOURCE, LIVE_SOURCE, WATCH_LINE_COMMAND, WATCH_TITLE } from './commands';

export class WatchLineActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = context.diagnostics.filter((d) => d.source === LINT_SOURCE || d.source === LIVE_SOURCE);
    const lines = [...new Set(findings.map((d) => d.range.start.line))];
    return lines.map((line) => {
      const action = new vscode.CodeAction(lines.length > 1 ? `${WATCH_TITLE} (line ${line + 1})` : WATCH_TITLE, vscode.CodeActionKind.QuickFix);
      action.diagnostics = findings.filter((d) => d.range.start.line === line);
      action.command = { title: WATCH_TITLE, command: WATCH_LINE_COMMAND, arguments: [document.uri.toString(), line + 1] };
      return action;
    });
  }
}

/** The sites behind a workspace line: known from the live facts, else the file's own path (what a process run from here names). */
function filterFor(live: LiveFacts, uri: vscode.Uri, line: number): { label: string; sites: string[] } {
  const known = live.current?.stale ? undefined : live.lineAt(uri, line);
  return { label: `${path.basename(uri.fsPath)}:${line}`, sites: known?.facts.sites ?? [`${uri.fsPath}:${line}`] };
}

export async function watchLine(inspector: LiveInspector, live: LiveFacts, uriArg?: unknown, lineArg?: unknown): Promise<void> {
  let uri: vscode.Uri;
  let line: number;
  if (typeof uriArg === 'string' && typeof lineArg === 'number') {
    uri = vscode.Uri.parse(uriArg);
    line = lineArg;
  } else {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    uri = editor.document.uri;
    line = editor.selection.active.line + 1;
  }
  const session = await inspector.attachTracing();
  if (!session) return;
  inspector.showSites(filterFor(live, uri, line));
  if (live.lineAt(uri, line)) return;
  // Sockets from this line may come from a built file (another path): once its facts arrive, filter by their sites.
  const done = () => {
    sub.dispose();
    ended.dispose();
  };
  const sub = live.onDidChange(() => {
    if (!live.lineAt(uri, line)) return;
    done();
    inspector.showSites(filterFor(live, uri, line));
  });
  const ended = inspector.onDidChangeSession(done);
}

export function showSites(inspector: LiveInspector, live: LiveFacts, uriArg: unknown, lineArg: unknown): void {
  if (typeof uriArg !== 'string' || typeof lineArg !== 'number') return;
  inspector.showSites(filterFor(live, vscode.Uri.parse(uriArg), lineArg));
}
