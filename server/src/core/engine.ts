import * as path from 'node:path';
import { ts, type SourceFile } from 'ts-morph';
import { FileAnalysis } from './analysis/fileAnalysis';
import { FRAMEWORK_MODULES } from './analysis/frameworks';
import type { ResolvedConfig } from './config';
import type { NodeVersionInfo } from './nodeVersion';
import { defaultOptions, formatMessage, type Finding, type Report, type Rule } from './rule';
import { reportNodeFor } from './reportNode';
import { computeLineStarts, isSuppressed, lineOf, parseDirectives, type Directive } from './suppressions';
import { DEFAULT_TEST_GLOBS, fileRole } from './testFiles';
import { isUnreachable } from './unreachable';
import { isUnusedBundledFunction } from './bundleDeadCode';

export interface EngineOptions {
  rules: readonly Rule[];
  config: ResolvedConfig;
  nodeVersion: NodeVersionInfo;
  /** The folder test globs are relative to when no configuration file gives one (default: each enclosing package.json's). */
  testRoot?: string;
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
  /** Why the file could not be checked at all (then there are no findings); one clause. */
  notChecked?: string;
}

/**
 * Deeper syntax trees are not analysed: the rules' and the type checker's recursive walks run out
 * of stack from about 3,000 levels (3,000 nested `if`s, 5,000 terms of `+`), and a stack overflow
 * inside the type checker could leave it inconsistent for the next file. TypeScript's own parser
 * gives up before this on expressions (about 800 nested parentheses). Hand-written code stays far below.
 */
export const MAX_NESTING_DEPTH = 1500;

/** The depth of the deepest node of a syntax tree, found without recursion (a deep tree would overflow it). */
export function nestingDepth(root: ts.Node): number {
  let max = 0;
  let depth = 0;
  const nodes: ts.Node[] = [root];
  const depths: number[] = [0];
  const push = (child: ts.Node): void => {
    nodes.push(child);
    depths.push(depth + 1);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    depth = depths.pop()!;
    if (depth > max) max = depth;
    ts.forEachChild(node, push);
  }
  return max;
}

export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * Call after catching a stack overflow from anything that parses. TypeScript's parser keeps its
 * state between files and clears it at the end of a parse; a parse cut short leaves the JSDoc
 * diagnostics of its file behind, and every later parse then fails on them ("Debug Failure.
 * Expected a.js === b.js"): one deep file ended the checking of all files after it.
 * parseIsolatedEntityName runs the parser's own clean-up without touching those diagnostics.
 */
export function resetParserState(): void {
  ts.parseIsolatedEntityName('x', ts.ScriptTarget.Latest);
}

export const TOO_DEEP = 'nested too deeply to analyse';

/**
 * Cheap test before any type-aware work: does the file import a networking module, pipe streams,
 * accept connections, call fetch, or handle an idle timeout? Files that do none of these cannot hold a finding.
 */
// Web frameworks make http servers without the file naming `http` (`express().listen()`).
const PREFILTER = new RegExp(
  `(['"\`](node:)?(net|tls|http|https|http2|ws|undici|node-fetch|agentkeepalive|stream|stream/promises|${FRAMEWORK_MODULES})['"\`])|\\.pipe\\s*\\(|['"](connection|upgrade)['"]|\\bfetch\\s*\\(` +
    // A module handed a socket by its caller: it listens for 'timeout' or arms `x.setTimeout(ms, onTimeout)`.
    `|['"]timeout['"]|\\.setTimeout\\s*\\(\\s*[\\w$.]+\\s*,\\s*[\\w$.]+\\s*\\)` +
    // Another object's connection worked on here (`this.connector.socket.write(data)`).
    `|\\.socket\\s*\\.\\s*(write|end|destroy|pipe|on|once)\\s*\\(` +
    // A class given a connection to keep: `constructor(socket)`, `function Request(socket, req)`.
    `|(\\bconstructor|\\bfunction\\s+[A-Z][\\w$]*)\\s*\\(\\s*([^()]*,\\s*)?((private|public|protected|readonly)\\s+)*(sock|socket|conn|connection|ws|websocket|[\\w$]*Socket)\\b`,
);

export function mightTouchSockets(text: string): boolean {
  return PREFILTER.test(text);
}

/**
 * The comments of a parsed file, read from the comment ranges around its tokens. A plain scanner
 * loses its place after a template literal with `${…}` and would miss every later comment.
 */
function commentRanges(sourceFile: ts.SourceFile): Array<[number, number]> {
  const text = sourceFile.text;
  if (!text.includes('socklint-disable')) return [];
  const seen = new Map<number, number>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) seen.set(r.pos, r.end);
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    // Tokens are not children: the comments between them sit at their positions.
    for (const child of node.getChildren(sourceFile)) visit(child);
  };
  visit(sourceFile);
  return [...seen.entries()].sort((a, b) => a[0] - b[0]);
}

export function directivesOf(sourceFile: SourceFile): Directive[] {
  const text = sourceFile.getFullText();
  const first = sourceFile.compilerNode.statements[0];
  return parseDirectives(text, commentRanges(sourceFile.compilerNode), first ? first.getStart(sourceFile.compilerNode) : text.length);
}

/** Runs every enabled rule on one file. Never throws: a failing rule becomes an InternalError. */
export function analyzeSourceFile(sourceFile: SourceFile, options: EngineOptions): FileResult {
  const text = sourceFile.getFullText();
  const result: FileResult = { findings: [], internalErrors: [], analysed: false };
  if (!mightTouchSockets(text)) return result;
  // A type-assertion file (`*.test-d.ts`) is never run, a test on a simulated network connects to
  // nothing, a browser build never runs in Node; a test file skips the production-server rules.
  const config = options.config;
  const role = fileRole(sourceFile, { tests: config.tests ?? DEFAULT_TEST_GLOBS, base: config.file ? path.dirname(config.file) : options.testRoot });
  if (role === 'typeAssertions' || role === 'simulatedNetwork' || role === 'otherPlatform') return result;
  result.analysed = true;
  const depth = nestingDepth(sourceFile.compilerNode);
  if (depth > MAX_NESTING_DEPTH) {
    result.notChecked = `${TOO_DEEP}: syntax nested ${depth} levels deep, more than ${MAX_NESTING_DEPTH}`;
    return result;
  }
  const analysis = new FileAnalysis(sourceFile);
  const lineStarts = computeLineStarts(text);
  const directives = directivesOf(sourceFile);

  for (const rule of options.rules) {
    const setting = options.config.rules.get(rule.meta.id);
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    if (role === 'test' && rule.meta.inTests === 'skip') continue;
    const ruleOptions = setting?.options ?? defaultOptions(rule);
    const reported: Finding[] = [];
    const report = (r: Report): void => {
      const node = r.node && reportNodeFor(r.node);
      const start = node ? node.getStart() : (r.start ?? 0);
      const end = node ? node.getEnd() : (r.end ?? start);
      // One finding per rule and place: a value reached along two paths is still one problem.
      if (reported.some((f) => f.start === start)) return;
      // Code after an unconditional return never runs (a test disabled at its top).
      if (node && isUnreachable(node.compilerNode)) return;
      // A bundled module's function that nothing in the bundle takes never runs either.
      if (node && isUnusedBundledFunction(node.compilerNode)) return;
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
      rule.check({ sourceFile, text, options: ruleOptions, nodeVersion: options.nodeVersion, analysis, inTest: role === 'test', report });
      for (const f of reported) if (!isSuppressed(directives, f.ruleId, f.line)) result.findings.push(f);
    } catch (e) {
      // Out of stack is the file's shape, not this rule's bug: every other rule would fail the same way.
      if (isStackOverflow(e)) {
        resetParserState();
        return { findings: [], internalErrors: [], analysed: true, notChecked: `${TOO_DEEP} (the stack ran out)` };
      }
      const err = e as Error;
      result.internalErrors.push({ ruleId: rule.meta.id, message: err?.message ?? String(e), stack: err?.stack });
    }
  }
  result.findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return result;
}
