import type { TextEdit } from './rule';

/** Applies edits to text. Edits must not overlap; they may be given in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  return a.start < b.end && b.start < a.end || a.start === b.start;
}

/**
 * Chooses fixes whose edits do not overlap any already chosen, in order (ESLint's rule):
 * the rest are left for the next pass.
 */
export function selectNonOverlapping<T extends { edits: readonly TextEdit[] }>(fixes: readonly T[]): T[] {
  const taken: TextEdit[] = [];
  const chosen: T[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    chosen.push(fix);
  }
  return chosen;
}

/** The indentation (leading whitespace) of the line that contains `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The file's indentation unit, guessed from its first indented line (two spaces if none). */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  return m[1].startsWith('\t') ? '\t' : m[1].length >= 4 && m[1].length % 4 === 0 ? '    ' : '  ';
}

/** The file's line ending. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Whether the file uses semicolons at statement ends (most statements end with one). */
export function usesSemicolons(text: string): boolean {
  const withSemi = (text.match(/;\s*$/gm) ?? []).length;
  const lines = (text.match(/[)\]'"`\w]\s*$/gm) ?? []).length;
  return withSemi >= lines / 2;
}

/** Preferred string quote of the file. */
export function quoteOf(text: string): string {
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  return double > single ? '"' : "'";
}
