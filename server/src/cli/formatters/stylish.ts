import * as path from 'node:path';
import { autoFixOf } from '../../core/rule';
import { createColors } from 'picocolors';
import type { FileReport, FormatContext } from './types';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Pads every column to its widest cell (ESLint's stylish table). */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => r[col].length))) ?? [];
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]))).join('  '));
}

/** ESLint's "stylish" output: findings grouped by file, then a summary line. */
export function formatStylish(files: readonly FileReport[], context: FormatContext): string {
  const c = createColors(context.color);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const file of files) {
    if (file.findings.length === 0) continue;
    out.push('', c.underline(path.relative(context.cwd, file.filePath) || file.filePath));
    const rows = file.findings.map((f) => {
      const isError = f.severity === 'error';
      if (isError) {
        errors++;
        if (autoFixOf(f)) fixableErrors++;
      } else {
        warnings++;
        if (autoFixOf(f)) fixableWarnings++;
      }
      return [`  ${f.line}:${f.column}`, isError ? 'error' : 'warning', f.message.replace(/\.$/, ''), f.ruleId];
    });
    for (const [i, line] of table(rows).entries()) {
      const row = rows[i];
      // Color after padding so escape codes do not skew the columns.
      const sev = row[1] === 'error' ? c.red('error') : c.yellow('warning');
      out.push(line.replace(/^(\s+\S+\s+)(error|warning)/, (_m, pre: string) => c.dim(pre) + sev).replace(new RegExp(`${row[3]}$`), c.dim(row[3])));
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  out.push('', (errors ? c.red : c.yellow)(c.bold(summary)));
  if (fixableErrors + fixableWarnings > 0) {
    out.push(
      (errors ? c.red : c.yellow)(
        c.bold(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`),
      ),
    );
  }
  return out.join('\n') + '\n';
}
