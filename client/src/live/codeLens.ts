// A CodeLens above each line that created live sockets: "37 live · 30 no timeout · …". Clicking it
// opens the inspector panel filtered to that line's sockets. Setting: socklint.live.codeLens.
import * as vscode from 'vscode';
import { CLEAR_STALE_COMMAND, SHOW_SITES_COMMAND } from './commands';
import { liveSetting, type LiveFacts } from './liveFacts';
import { factsText } from './siteIndex';

export function staleAge(t: number): string {
  const min = Math.round((Date.now() - t) / 60_000);
  return min < 1 ? 'less than a minute ago' : `${min} min ago`;
}

export class LiveCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly live: LiveFacts) {
    this.disposables = [
      live.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('socklint.live') && this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const snapshot = this.live.current;
    if (!snapshot || !liveSetting('codeLens', true)) return [];
    return this.live.linesOf(document.uri).flatMap((l) => {
      if (l.line < 1 || l.line > document.lineCount) return [];
      const range = document.lineAt(l.line - 1).range;
      const text = factsText(l.facts);
      const command: vscode.Command = snapshot.stale
        ? {
            title: `stale (before the window reloaded, ${staleAge(snapshot.t)}): ${text} · clear`,
            command: CLEAR_STALE_COMMAND,
            tooltip: 'Not attached: these are the last live facts from before the window reloaded. Click to clear them.',
          }
        : {
            title: `$(pulse) ${text}`,
            command: SHOW_SITES_COMMAND,
            arguments: [document.uri.toString(), l.line],
            tooltip: `Sockets created at this line in ${snapshot.target}: show them in the inspector`,
          };
      return [new vscode.CodeLens(range, command)];
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
