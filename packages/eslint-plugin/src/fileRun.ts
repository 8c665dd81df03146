import * as path from 'node:path';
import * as semver from 'semver';
import { DEFAULT_MAX_FILE_SIZE, ignoredByConfig, type ResolvedConfig, type RuleSetting } from '../../../server/src/core/config';
import { analyzeSourceFile, mightTouchSockets, type InternalError } from '../../../server/src/core/engine';
import { parseNodeVersion, resolveNodeVersion, type NodeVersionInfo } from '../../../server/src/core/nodeVersion';
import { defaultOptions, type Finding } from '../../../server/src/core/rule';
import { rules } from '../../../server/src/rules';
import { ConfigService } from '../../../server/src/core/configService';
import { fromParserServices, OwnProjects, type ParserServices } from './sourceFiles';

export type RuleOptions = Record<string, number | boolean | string>;

/** `settings.socklint` in the ESLint configuration. */
export interface SocklintSettings {
  /** The Node.js version the code runs on, over engines.node (as `socklint check --node-version`). */
  nodeVersion?: string;
}

/** What one ESLint rule sees of the file being linted. */
export interface FileContext {
  filename: string;
  physicalFilename?: string;
  cwd: string;
  text: string;
  parserServices?: ParserServices;
  settings?: { socklint?: SocklintSettings };
}

export interface FileFindings {
  byRule: Map<string, Finding[]>;
  internalErrors: InternalError[];
}

const configs = new ConfigService(rules);
const projects = new OwnProjects();

/**
 * One file's socklint run, shared by all of its ESLint rules. ESLint calls every rule's `create`
 * before it walks the tree: each rule adds itself (with its options) here, and the first rule to
 * reach the tree runs the engine once for all of them.
 */
export class FileRun {
  private readonly requested = new Map<string, RuleOptions>();
  private result?: FileFindings;

  constructor(private readonly file: FileContext) {}

  request(ruleId: string, options: RuleOptions | undefined): void {
    this.requested.set(ruleId, options ?? {});
  }

  findings(): FileFindings {
    this.result ??= this.run();
    return this.result;
  }

  private run(): FileFindings {
    const empty: FileFindings = { byRule: new Map(), internalErrors: [] };
    const { text } = this.file;
    // The engine's own prefilter, before any Project or configuration is looked at.
    if (!mightTouchSockets(text)) return empty;
    const filePath = this.filePath();
    const { config, error } = configs.forFile(filePath);
    if (error) throw new Error(`socklint: invalid configuration: ${error}`);
    if (ignoredByConfig(filePath, config) || tooLarge(text, config)) return empty;
    const sourceFile = fromParserServices(this.file.parserServices, filePath, text) ?? projects.sourceFile(filePath, text, this.file.cwd);
    const outcome = analyzeSourceFile(sourceFile, { rules, config: this.engineConfig(config), nodeVersion: this.nodeVersion(filePath, config) });
    const byRule = new Map<string, Finding[]>();
    for (const f of outcome.findings) {
      const list = byRule.get(f.ruleId);
      if (list) list.push(f);
      else byRule.set(f.ruleId, [f]);
    }
    return { byRule, internalErrors: outcome.internalErrors };
  }

  /**
   * An absolute path: ESLint gives one, RuleTester and other hosts may give a relative name. The
   * file's own name, not its physical one: a processor's code block (`README.md/0.js`) is
   * JavaScript, the file holding it is not.
   */
  private filePath(): string {
    return path.resolve(this.file.cwd, this.file.filename || this.file.physicalFilename || '<text>');
  }

  /** Only the rules ESLint runs, with socklint.config.json's options under ESLint's. */
  private engineConfig(config: ResolvedConfig): ResolvedConfig {
    const settings = new Map<string, RuleSetting>();
    for (const rule of rules) {
      const requested = this.requested.get(rule.meta.id);
      const base = config.rules.get(rule.meta.id)?.options ?? defaultOptions(rule);
      settings.set(rule.meta.id, requested ? { severity: rule.meta.defaultSeverity, options: { ...base, ...requested } } : { severity: 'off', options: base });
    }
    return { ...config, rules: settings };
  }

  private nodeVersion(filePath: string, config: ResolvedConfig): NodeVersionInfo {
    const setting = this.file.settings?.socklint?.nodeVersion;
    const version = setting ? parseNodeVersion(setting) : undefined;
    if (setting && !version) throw new Error(`socklint: settings.socklint.nodeVersion "${setting}" is not a Node.js version or range`);
    if (version) return { version, major: semver.major(version), source: `settings.socklint.nodeVersion "${setting}"` };
    return resolveNodeVersion(filePath, { configured: config.nodeVersion });
  }
}

/** socklint.config.json's `ignore`, matched as `socklint check` matches it. */

/** maxFileSize of socklint.config.json (default 1 MB): a bundle's type queries take seconds and gigabytes. */
function tooLarge(text: string, config: ResolvedConfig): boolean {
  const limit = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  return limit > 0 && Buffer.byteLength(text, 'utf8') > limit;
}
