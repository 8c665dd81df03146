import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl, type Finding, type TextEdit } from '../core/rule';
import type { EditorSeverity } from './severity';

export const SOURCE = 'socklint';

const LSP_SEVERITY: Record<Exclude<EditorSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warn: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * The finding's range in the document, from its offsets (UTF-16, like LSP positions): the
 * document also counts a lone CR as a line break, as the editor does.
 */
export function findingRange(doc: TextDocument, f: Finding): Range {
  return { start: doc.positionAt(f.start), end: doc.positionAt(f.end) };
}

export function toDiagnostic(doc: TextDocument, f: Finding, severity: Exclude<EditorSeverity, 'off'>): Diagnostic {
  return {
    range: findingRange(doc, f),
    severity: LSP_SEVERITY[severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    message: f.message,
  };
}

export function toLspEdit(doc: TextDocument, e: TextEdit): LspTextEdit {
  return { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text };
}

export function rangesIntersect(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
