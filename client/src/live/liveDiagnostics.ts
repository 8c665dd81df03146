// "socklint live" diagnostics: a lint finding whose problem the line's live sockets show gets a
// diagnostic of its own at the same range ("confirmed live: …"); a line whose live sockets leak
// with no finding that predicts it gets one too (a miss of the linter). Only for open documents,
// whose findings the language server has given. Live data only: never for stale facts.
// Setting: socklint.live.diagnostics.
import * as vscode from 'vscode';
import { LINT_SOURCE, LIVE_SOURCE } from './commands';
import { idleThresholdMs, liveSetting, type LiveFacts } from './liveFacts';
import { verdicts, type Finding } from './siteIndex';

function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export class LiveDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(LIVE_SOURCE);
  /** What was last set per URI: setting the same again would fire onDidChangeDiagnostics for nothing (and loop). */
  private readonly shown = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly live: LiveFacts) {
    this.disposables = [
      live.onDidChange(() => this.updateAll()),
      // The lint findings arrive (or change) after the facts: join them again for those documents.
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) if (this.live.linesOf(uri).length || this.shown.has(uri.toString())) this.update(uri);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => this.update(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('socklint.live') && this.updateAll()),
    ];
    this.updateAll();
  }

  private updateAll(): void {
    const uris = new Set<string>([...this.shown.keys(), ...(this.live.current?.lines ?? []).map((l) => l.uri)]);
    for (const uri of uris) this.update(vscode.Uri.parse(uri));
  }

  private update(uri: vscode.Uri): void {
    const key = uri.toString();
    const diagnostics = this.compute(uri);
    const signature = JSON.stringify(
      diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message, d.code]),
    );
    if ((this.shown.get(key) ?? '[]') === signature) return;
    if (diagnostics.length) {
      this.shown.set(key, signature);
      this.collection.set(uri, diagnostics);
    } else {
      this.shown.delete(key);
      this.collection.delete(uri);
    }
  }

  private compute(uri: vscode.Uri): vscode.Diagnostic[] {
    const snapshot = this.live.current;
    if (!snapshot || snapshot.stale || !liveSetting('diagnostics', true)) return [];
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document) return [];
    const lint = vscode.languages.getDiagnostics(uri).filter((d) => d.source === LINT_SOURCE);
    const findings: Finding[] = lint.map((d) => ({ code: codeOf(d), line: d.range.start.line + 1 }));
    const idleMs = idleThresholdMs();
    const out: vscode.Diagnostic[] = [];
    for (const l of this.live.linesOf(uri)) {
      if (l.line < 1 || l.line > document.lineCount) continue;
      for (const v of verdicts(l.facts, findings, idleMs)) {
        const finding = v.finding === null ? null : lint[v.finding]!;
        const range = finding?.range ?? trimmedLine(document, l.line - 1);
        const d = new vscode.Diagnostic(range, v.message, vscode.DiagnosticSeverity.Warning);
        d.source = LIVE_SOURCE;
        d.code = finding ? codeOf(finding) : 'live-leak';
        if (finding)
          d.relatedInformation = [
            new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, finding.range), `the finding: ${finding.message.split('\n')[0]}`),
          ];
        out.push(d);
      }
    }
    return out;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}

/** The line without its indentation and trailing blanks. */
function trimmedLine(document: vscode.TextDocument, line: number): vscode.Range {
  const text = document.lineAt(line);
  const start = text.firstNonWhitespaceCharacterIndex;
  return new vscode.Range(line, start, line, Math.max(start, text.text.trimEnd().length));
}
