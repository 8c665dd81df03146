import type { Node, SourceFile } from 'ts-morph';
import type { FileAnalysis } from './analysis/fileAnalysis';
import type { NodeVersionInfo } from './nodeVersion';

/** A severity as written in configuration. */
export type SeveritySetting = 'off' | 'warn' | 'error';
/** The severity of a reported finding. */
export type Severity = 'warn' | 'error';

/** A replacement of the text between two offsets of the file (ESLint's fix model). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * One quick fix: a title for the editor and the edits that make it. A `suggestion` changes what
 * the code does (a rewrite to stream.pipeline() destroys both ends on error): the editor offers
 * it, but `--fix`, fix-all and fix-on-save never apply it unasked (ESLint's fix vs suggestions).
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  suggestion?: boolean;
}

/** The fix applied unasked for a finding: its first fix that is not a suggestion. */
export function autoFixOf(finding: { fixes: readonly Fix[] }): Fix | undefined {
  return finding.fixes.find((f) => !f.suggestion && f.edits.length > 0);
}

export interface OptionSpec {
  type: 'number' | 'boolean' | 'string';
  default: number | boolean | string;
  description: string;
}

/** A rule's options with nothing configured: each spec's default. */
export function defaultOptions(rule: { meta: { options: Record<string, OptionSpec> } }): Record<string, number | boolean | string> {
  return Object.fromEntries(Object.entries(rule.meta.options).map(([name, spec]) => [name, spec.default]));
}

export interface RuleMeta {
  id: string;
  /** One line for the rule table and SARIF's shortDescription. */
  description: string;
  defaultSeverity: Severity;
  /** Message templates by id; `{name}` placeholders are filled from `data`. */
  messages: Record<string, string>;
  options: Record<string, OptionSpec>;
  /**
   * In test files (core/testFiles.ts): `report` (default) or `skip` for rules about production
   * servers and proxies, which a test's own short-lived server does not have.
   */
  inTests?: 'report' | 'skip';
}

export interface Report {
  /** The node to underline; or give `start`/`end` offsets. */
  node?: Node;
  start?: number;
  end?: number;
  messageId: string;
  data?: Record<string, string | number>;
  fixes?: Fix[];
}

export interface RuleContext {
  readonly sourceFile: SourceFile;
  readonly text: string;
  /** The rule's options, defaults filled in. */
  readonly options: Readonly<Record<string, number | boolean | string>>;
  readonly nodeVersion: NodeVersionInfo;
  /** Shared, lazily computed facts about tracked values in this file. */
  readonly analysis: FileAnalysis;
  /** Whether the file is a test (core/testFiles.ts): what only a test does may be judged as such. */
  readonly inTest: boolean;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** The value type an option's spec declares. */
type OptionValue<S extends OptionSpec> = S['type'] extends 'number' ? number : S['type'] extends 'boolean' ? boolean : string;

/** A rule's options as its check receives them: parsed, defaults filled in, typed by their specs. */
export type RuleOptions<O extends Record<string, OptionSpec>> = { readonly [K in keyof O]: OptionValue<O[K]> };

/** What a rule defined with `defineRule` is given: its own options and message ids, typed. */
export interface TypedRuleContext<O extends Record<string, OptionSpec>, M extends string> extends Omit<RuleContext, 'options' | 'report'> {
  readonly options: RuleOptions<O>;
  report(report: Omit<Report, 'messageId'> & { messageId: M }): void;
}

/**
 * Defines a rule so that its check can only report message ids its meta declares and reads its
 * options with the types their specs give (as typescript-eslint's `createRule`). The engine fills
 * in defaults and checks values against the specs (core/config.ts) before a check runs.
 */
export function defineRule<const M extends Record<string, string>, const O extends Record<string, OptionSpec>>(rule: {
  meta: RuleMeta & { messages: M; options: O };
  check(context: TypedRuleContext<O, Extract<keyof M, string>>): void;
}): Rule {
  return rule as unknown as Rule;
}

/** A finding as the CLI and the server see it. Lines and columns are 1-based. */
export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: Fix[];
}

export const DOCS_BASE_URL = 'https://github.com/socklint/socklint/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
