import { ts, type SourceFile } from 'ts-morph';
import { FileAnalysis } from './analysis/fileAnalysis';
import { FRAMEWORK_MODULES } from './analysis/frameworks';
import type { ResolvedConfig } from './config';
import type { NodeVersionInfo } from './nodeVersion';
import { formatMessage, type Finding, type Report, type Rule } from './rule';
import { computeLineStarts, isSuppressed, lineOf, parseDirectives, type Directive } from './suppressions';

export interface EngineOptions {
  rules: readonly Rule[];
  config: ResolvedConfig;
  nodeVersion: NodeVersionInfo;
}

export interface InternalError {
  ruleId: string;
  message: string;
  stack?: string;
}

export interface FileResult {
  findings: Finding[];
  internalErrors: InternalError[];
  /** Whether the file touched socket APIs at all (false: skipped by the prefilter). */
  analysed: boolean;
}

/**
 * Cheap test before any type-aware work: does the file import a networking module, pipe streams,
 * accept connections, or call fetch? Files that do none of these cannot hold a finding.
 */
// Web frameworks make http servers without the file naming `http` (`express().listen()`).
const PREFILTER = new RegExp(
  `(['"\`](node:)?(net|tls|http|https|http2|ws|undici|agentkeepalive|stream|stream/promises|${FRAMEWORK_MODULES})['"\`])|\\.pipe\\s*\\(|['"]connection['"]|\\bfetch\\s*\\(`,
);

export function mightTouchSockets(text: string): boolean {
  return PREFILTER.test(text);
}

function commentRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (!text.includes('socklint-disable')) return ranges;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      ranges.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
    }
  }
  return ranges;
}

export function directivesOf(sourceFile: SourceFile): Directive[] {
  const text = sourceFile.getFullText();
  const first = sourceFile.compilerNode.statements[0];
  return parseDirectives(text, commentRanges(text), first ? first.getStart(sourceFile.compilerNode) : text.length);
}

/** Runs every enabled rule on one file. Never throws: a failing rule becomes an InternalError. */
export function analyzeSourceFile(sourceFile: SourceFile, options: EngineOptions): FileResult {
  const text = sourceFile.getFullText();
  const result: FileResult = { findings: [], internalErrors: [], analysed: false };
  if (!mightTouchSockets(text)) return result;
  result.analysed = true;
  const analysis = new FileAnalysis(sourceFile);
  const lineStarts = computeLineStarts(text);
  const directives = directivesOf(sourceFile);

  for (const rule of options.rules) {
    const setting = options.config.rules.get(rule.meta.id);
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    const ruleOptions = setting?.options ?? Object.fromEntries(Object.entries(rule.meta.options).map(([k, v]) => [k, v.default]));
    const reported: Finding[] = [];
    const report = (r: Report): void => {
      const start = r.node ? r.node.getStart() : (r.start ?? 0);
      const end = r.node ? r.node.getEnd() : (r.end ?? start);
      // One finding per rule and place: a value reached along two paths is still one problem.
      if (reported.some((f) => f.start === start)) return;
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${r.messageId}"`);
      const line = lineOf(lineStarts, start);
      const endLine = lineOf(lineStarts, end);
      reported.push({
        ruleId: rule.meta.id,
        messageId: r.messageId,
        severity,
        message: formatMessage(template, r.data),
        start,
        end,
        line,
        column: start - lineStarts[line - 1] + 1,
        endLine,
        endColumn: end - lineStarts[endLine - 1] + 1,
        fixes: r.fixes ?? [],
      });
    };
    try {
      rule.check({ sourceFile, text, options: ruleOptions, nodeVersion: options.nodeVersion, analysis, report });
      for (const f of reported) if (!isSuppressed(directives, f.ruleId, f.line)) result.findings.push(f);
    } catch (e) {
      const err = e as Error;
      result.internalErrors.push({ ruleId: rule.meta.id, message: err?.message ?? String(e), stack: err?.stack });
    }
  }
  result.findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return result;
}
