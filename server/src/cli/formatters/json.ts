import { autoFixOf } from '../../core/rule';
import type { FileReport } from './types';

/** ESLint's JSON formatter shape: one entry per checked file. */
export interface JsonFileResult {
  filePath: string;
  messages: Array<{
    ruleId: string;
    severity: 1 | 2;
    message: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    fix?: { range: [number, number]; text: string };
    suggestions?: Array<{ desc: string; fix: { range: [number, number]; text: string } }>;
  }>;
  suppressedMessages: never[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function toJsonResults(files: readonly FileReport[]): JsonFileResult[] {
  return files.map((file) => {
    const errors = file.findings.filter((f) => f.severity === 'error');
    const warnings = file.findings.filter((f) => f.severity !== 'error');
    return {
      filePath: file.filePath,
      messages: file.findings.map((f) => {
        const fix = autoFixOf(f);
        const edit = fix?.edits.length === 1 ? fix.edits[0] : undefined;
        // ESLint's shape: rewrites that change behaviour are suggestions, never applied by --fix.
        const suggestions = f.fixes
          .filter((s) => s.suggestion && s.edits.length === 1)
          .map((s) => ({ desc: s.title, fix: { range: [s.edits[0].start, s.edits[0].end] as [number, number], text: s.edits[0].text } }));
        return {
          ruleId: f.ruleId,
          severity: f.severity === 'error' ? 2 : 1,
          message: f.message,
          line: f.line,
          column: f.column,
          endLine: f.endLine,
          endColumn: f.endColumn,
          ...(edit ? { fix: { range: [edit.start, edit.end] as [number, number], text: edit.text } } : {}),
          ...(suggestions.length > 0 ? { suggestions } : {}),
        };
      }),
      suppressedMessages: [],
      errorCount: errors.length,
      fatalErrorCount: 0,
      warningCount: warnings.length,
      fixableErrorCount: errors.filter((f) => autoFixOf(f)).length,
      fixableWarningCount: warnings.filter((f) => autoFixOf(f)).length,
    };
  });
}

export function formatJson(files: readonly FileReport[]): string {
  return JSON.stringify(toJsonResults(files));
}
