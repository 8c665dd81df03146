// An end-of-line note on each line that created live sockets, in the visible editors: the same
// facts as the CodeLens, with a hover that links to the panel. Setting: socklint.live.decorations.
import * as vscode from 'vscode';
import { staleAge } from './codeLens';
import { SHOW_SITES_COMMAND } from './commands';
import { liveSetting, type LiveFacts } from './liveFacts';
import { factsText } from './siteIndex';

export class LiveDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground') },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly live: LiveFacts) {
    this.disposables = [
      live.onDidChange(() => this.renderAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('socklint.live') && this.renderAll()),
    ];
    this.renderAll();
  }

  private renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.render(editor);
  }

  private render(editor: vscode.TextEditor): void {
    const snapshot = this.live.current;
    if (!snapshot || !liveSetting('decorations', true)) {
      editor.setDecorations(this.type, []);
      return;
    }
    const document = editor.document;
    const options = this.live.linesOf(document.uri).flatMap((l): vscode.DecorationOptions[] => {
      if (l.line < 1 || l.line > document.lineCount) return [];
      const end = document.lineAt(l.line - 1).range.end;
      const text = factsText(l.facts);
      const hover = new vscode.MarkdownString(
        snapshot.stale
          ? `Socklint, not attached: the last live facts from before the window reloaded (${staleAge(snapshot.t)}).`
          : `Socklint live (${snapshot.target}): ${text}\n\n[Show these sockets in the inspector](command:${SHOW_SITES_COMMAND}?${encodeURIComponent(JSON.stringify([document.uri.toString(), l.line]))})`,
      );
      hover.isTrusted = { enabledCommands: [SHOW_SITES_COMMAND] };
      return [
        {
          range: new vscode.Range(end, end),
          hoverMessage: hover,
          renderOptions: { after: { contentText: snapshot.stale ? `stale: ${text}` : `● ${text}`, fontStyle: snapshot.stale ? 'italic' : 'normal' } },
        },
      ];
    });
    editor.setDecorations(this.type, options);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(this.type, []);
    this.type.dispose();
  }
}
