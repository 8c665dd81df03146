// The editor's live features, while the inspector is attached with creation-site tracing on:
// facts at the lines that created live sockets (CodeLens, end-of-line notes), lint findings
// confirmed by those sockets (a "socklint live" diagnostic), and "Watch this line live" from a finding.
import * as vscode from 'vscode';
import { LiveCodeLens } from './codeLens';
import { CLEAR_STALE_COMMAND, SHOW_SITES_COMMAND, WATCH_LINE_COMMAND } from './commands';
import { LiveDecorations } from './decorations';
import { panelInspector, type LiveInspector } from './inspectorAccess';
import { LiveDiagnostics } from './liveDiagnostics';
import { LiveFacts } from './liveFacts';
import { showSites, watchLine, WatchLineActions } from './watchLine';

/** Files a process can have created sockets in (any language: a site may be a .js of a build). */
const FILES: vscode.DocumentSelector = { scheme: 'file' };

export function registerLiveFeatures(context: vscode.ExtensionContext, inspector: LiveInspector = panelInspector(context)): void {
  const live = new LiveFacts(context.workspaceState);
  const lens = new LiveCodeLens(live);
  context.subscriptions.push(
    live,
    lens,
    vscode.languages.registerCodeLensProvider(FILES, lens),
    new LiveDecorations(live),
    new LiveDiagnostics(live),
    vscode.languages.registerCodeActionsProvider(FILES, new WatchLineActions(), { providedCodeActionKinds: WatchLineActions.kinds }),
    vscode.commands.registerCommand(WATCH_LINE_COMMAND, (uri?: unknown, line?: unknown) => watchLine(inspector, live, uri, line)),
    vscode.commands.registerCommand(SHOW_SITES_COMMAND, (uri: unknown, line: unknown) => showSites(inspector, live, uri, line)),
    vscode.commands.registerCommand(CLEAR_STALE_COMMAND, () => live.clearStale()),
    inspector.onDidChangeSession((session) => live.follow(session)),
  );
  // Registered after an attach (not at start-up): follow the session already there.
  const attached = inspector.session();
  if (attached) live.follow(attached);
}
