import type { TextEdit } from '../core/rule';

const NEXT_LINE_DIRECTIVE = /^([ \t]*)(\/\/|\/\*)\s*socklint-disable-next-line\b([^\n]*?)(\s*\*\/)?[ \t]*\r?$/;

function lineBounds(text: string, line: number): { start: number; end: number } | undefined {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  return { start, end: nl < 0 ? text.length : nl };
}

/**
 * The edit behind "Disable <id> for this line": `// socklint-disable-next-line <id>` on the line
 * above the finding (0-based `line`), indented like it. A directive already there is extended
 * (before its `-- reason`); a shebang stays the first line.
 */
export function disableLineEdit(text: string, line: number, ruleId: string): TextEdit | undefined {
  const target = lineBounds(text, line);
  if (!target) return undefined;
  if (line > 0) {
    const previous = lineBounds(text, line - 1)!;
    const m = NEXT_LINE_DIRECTIVE.exec(text.slice(previous.start, previous.end));
    if (m) {
      const keyword = 'socklint-disable-next-line';
      const restStart = text.indexOf(keyword, previous.start) + keyword.length;
      const rest = m[3];
      const reason = rest.search(/\s--(\s|$)/);
      const idsText = reason >= 0 ? rest.slice(0, reason) : rest;
      const ids = idsText.split(/[\s,]+/).filter(Boolean);
      if (ids.length === 0 || ids.includes(ruleId)) return undefined; // already disabled for every rule / this rule
      const at = restStart + idsText.trimEnd().length;
      return { start: at, end: at, text: `, ${ruleId}` };
    }
  }
  let at = target.start;
  const lineText = text.slice(target.start, target.end);
  if (at === 0 && text.startsWith('#!')) {
    // Never above a shebang: the directive goes under it (a finding cannot sit on the shebang itself).
    const next = lineBounds(text, 1);
    if (!next) return undefined;
    at = next.start;
  }
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: at, end: at, text: `${indent}// socklint-disable-next-line ${ruleId}${eol}` };
}
