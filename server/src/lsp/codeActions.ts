import { CodeActionKind, type CodeAction, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SyntaxGuard } from '../core/autofix';
import { autoFixOf, docsUrl, type Finding, type TextEdit } from '../core/rule';
import type { DocumentAnalysis } from './analyzer';
import { findingRange, rangesIntersect, toDiagnostic, toLspEdit } from './diagnostics';
import { disableLineEdit } from './disableComment';
import { FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND } from '@socklint/protocol';

/** Which families of actions a `context.only` asks for (none given: quick fixes, never fix-all). */
export function requestedKinds(only: readonly string[] | undefined): { quickFix: boolean; fixAll: boolean } {
  if (!only || only.length === 0) return { quickFix: true, fixAll: false };
  const covers = (requested: string, kind: string) => requested === '' || kind === requested || kind.startsWith(`${requested}.`);
  return {
    quickFix: only.some((k) => covers(k, CodeActionKind.QuickFix)),
    fixAll: only.some((k) => covers(k, FIX_ALL_KIND)),
  };
}

/**
 * `versioned`: the client takes versioned edits (documentChanges), and then refuses an edit made
 * for an older text instead of misapplying it.
 */
function editFor(doc: TextDocument, edits: readonly TextEdit[], versioned: boolean): WorkspaceEdit {
  const lspEdits = edits.map((e) => toLspEdit(doc, e));
  if (versioned) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lspEdits }] };
  return { changes: { [doc.uri]: lspEdits } };
}

/**
 * Quick fixes for the findings under `range`: each finding's fixes (the first preferred), then one
 * "Disable <id> for this line" and one "Show documentation for <id>" per rule. A fix whose result
 * would not parse (a syntax error the text does not have now) is not offered; `dropped` hears of it.
 */
export function quickFixes(
  doc: TextDocument,
  analysis: DocumentAnalysis,
  range: Range,
  fileName: string,
  versioned: boolean,
  dropped: (f: Finding, title: string) => void = () => undefined,
): CodeAction[] {
  const here = analysis.findings.filter((f) => rangesIntersect(findingRange(doc, f), range));
  const actions: CodeAction[] = [];
  const guard = new SyntaxGuard(doc.getText(), fileName);
  const diagnosticOf = (f: Finding) => {
    const severity = analysis.severities.get(f.ruleId);
    return toDiagnostic(doc, f, severity === undefined || severity === 'off' ? 'warn' : severity);
  };
  for (const f of here) {
    // The fix fix-all would apply is the preferred one; a suggestion (a behaviour change) never is.
    const automatic = autoFixOf(f);
    for (const fix of f.fixes) {
      if (guard.breaks(fix.edits)) {
        dropped(f, fix.title);
        continue;
      }
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnosticOf(f)],
        isPreferred: fix === automatic,
        edit: editFor(doc, fix.edits, versioned),
      });
    }
  }
  const seen = new Set<string>();
  const text = doc.getText();
  for (const f of here) {
    if (seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    const disable = disableLineEdit(text, f.line - 1, f.ruleId);
    if (disable) {
      actions.push({
        title: `Disable ${f.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnosticOf(f)],
        edit: editFor(doc, [disable], versioned),
      });
    }
  }
  for (const id of seen) {
    const url = docsUrl(id);
    actions.push({
      title: `Show documentation for ${id}`,
      kind: CodeActionKind.QuickFix,
      command: { title: `Show documentation for ${id}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [id, url] },
    });
  }
  return actions;
}

export function fixAllAction(doc: TextDocument, edit: TextEdit | undefined, versioned: boolean): CodeAction[] {
  if (!edit) return [];
  return [{ title: 'Fix all socklint problems', kind: FIX_ALL_KIND, edit: editFor(doc, [edit], versioned) }];
}
