import * as path from 'node:path';
import * as semver from 'semver';
import type { ResolvedConfig, RuleSetting } from '../../../server/src/core/config';
import { analyzeSourceFile, mightTouchSockets, type InternalError } from '../../../server/src/core/engine';
import { parseNodeVersion, type NodeVersionInfo } from '../../../server/src/core/nodeVersion';
import { defaultOptions, type Finding } from '../../../server/src/core/rule';
import { rules } from '../../../server/src/rules';
import { Workspace, type WorkspaceFile } from '../../../server/src/core/workspace';
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

// What a file is (configuration, ignored, too large, project, Node.js version): the CLI's and the editor's answer.
const workspace = new Workspace(rules);
const projects = new OwnProjects(workspace);

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
    const file = workspace.file(filePath);
    if (file.configError) throw new Error(`socklint: invalid configuration: ${file.configError}`);
    if (file.ignored || file.tooLarge(Buffer.byteLength(text, 'utf8'))) return empty;
    const sourceFile = fromParserServices(this.file.parserServices, filePath, text) ?? projects.sourceFile(filePath, text, this.file.cwd);
    const outcome = analyzeSourceFile(sourceFile, { rules, config: this.engineConfig(file.config), nodeVersion: this.nodeVersion(file) });
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

  /** ESLint's settings.socklint.nodeVersion wins (said so in messages), else the workspace's answer. */
  private nodeVersion(file: WorkspaceFile): NodeVersionInfo {
    const setting = this.file.settings?.socklint?.nodeVersion;
    const version = setting ? parseNodeVersion(setting) : undefined;
    if (setting && !version) throw new Error(`socklint: settings.socklint.nodeVersion "${setting}" is not a Node.js version or range`);
    if (version) return { version, major: semver.major(version), source: `settings.socklint.nodeVersion "${setting}"` };
    return file.nodeVersion();
  }
}
