import * as path from 'node:path';
import { clearHelperScriptCache } from './helperScripts';
import { clearPackageFilesCache } from './packageFiles';
import { DEFAULT_MAX_FILE_SIZE, ignoredByConfig, type ResolvedConfig, type RuleSetting } from './config';
import { ConfigService, type ConfigLookup, type ConfigServiceOptions } from './configService';
import { clearNodeVersionCache, resolveNodeVersion, type NodeVersionInfo } from './nodeVersion';
import { findProjectConfig, packageRoot } from './project';
import type { Rule } from './rule';
import { clearTestFileCache } from './testFiles';

type OptionValue = number | boolean | string;

/** What a front-end sets on top of the configuration files, for one file. */
export interface FileOverrides {
  /** Wins over engines.node (the CLI's --node-version). */
  nodeVersion?: string;
  /** Used instead of the configuration's nodeVersion when no engines.node is found (the editor's socklint.nodeVersion). */
  fallbackNodeVersion?: string;
  /** Bytes; replaces the configuration's maxFileSize (0: no limit). */
  maxFileSize?: number;
  /**
   * Option values by option name, applied over the configured options of every rule whose option
   * spec declares that name with that type (the editor's socklint.proxyIdleTimeoutMs).
   */
  ruleOptions?: Readonly<Record<string, OptionValue>>;
}

/** What the CLI and the editor both need to know about a file before the engine runs. */
export interface WorkspaceFile {
  /** Its configuration, every rule with a severity and complete options. */
  config: ResolvedConfig;
  /** Why its configuration could not be used (defaults apply then; never set for a strict workspace, which throws). */
  configError?: string;
  /** Not to be checked: the configuration's ignore globs, or (in the editor) an installed package. */
  ignored: boolean;
  /** Bytes above which it is not checked (0: no limit). */
  sizeLimit: number;
  tooLarge(bytes: number): boolean;
  /** The Node.js version it runs on, resolved on first ask (engines.node of the nearest package.json, cached per folder). */
  nodeVersion(): NodeVersionInfo;
}

export interface WorkspaceOptions extends ConfigServiceOptions {
  /** The editor's workspace folders: a project's tsconfig is looked for up to the innermost one holding the file. */
  folders?: () => readonly string[];
  /**
   * Files under node_modules are ignored (the editor: installed packages opened by go-to-definition
   * are not the user's code). The CLI discovers none of them, but checks one it is given by name.
   */
  ignoreInstalledPackages?: boolean;
}

/**
 * The workspace layer: for a file, its configuration with defaults, whether it is ignored or too
 * large, its project (tsconfig/jsconfig) and its Node.js version — one answer for the CLI
 * (core/runner.ts) and the language server (lsp/analyzer.ts, project/projectService.ts).
 */
export class Workspace {
  private readonly configs: ConfigService;

  constructor(
    private readonly rules: readonly Rule[],
    private readonly options: WorkspaceOptions = {},
  ) {
    this.configs = new ConfigService(rules, options);
  }

  /** The file's configuration as found (throws its ConfigError in a strict workspace). */
  configOf(filePath: string): ConfigLookup {
    return this.configs.forFile(filePath);
  }

  file(filePath: string, overrides: FileOverrides = {}): WorkspaceFile {
    const { config: found, error } = this.configs.forFile(filePath);
    const config = overrides.ruleOptions && Object.keys(overrides.ruleOptions).length > 0 ? withRuleOptions(found, this.rules, overrides.ruleOptions) : found;
    const sizeLimit = overrides.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    let nodeVersion: NodeVersionInfo | undefined;
    return {
      config,
      configError: error,
      ignored: this.isIgnored(filePath, config),
      sizeLimit,
      tooLarge: (bytes) => sizeLimit > 0 && bytes > sizeLimit,
      nodeVersion: () =>
        (nodeVersion ??= resolveNodeVersion(filePath, { override: overrides.nodeVersion, configured: overrides.fallbackNodeVersion || config.nodeVersion })),
    };
  }

  /** The workspace folder holding the file (the innermost one), or undefined. */
  folderOf(filePath: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.options.folders?.() ?? []) {
      if (filePath === folder || filePath.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)) {
        if (!best || folder.length > best.length) best = folder;
      }
    }
    return best;
  }

  /**
   * The tsconfig/jsconfig of the file's project, or undefined for an inferred project. An installed
   * package's tsconfig describes the sources it was built from, not the JavaScript it ships: its
   * files get the inferred project.
   */
  projectConfigOf(filePath: string): string | undefined {
    if (packageRoot(filePath)) return undefined;
    return findProjectConfig(filePath, this.folderOf(filePath));
  }

  /** Files changed on disk, by base name: forgets what they may have changed. */
  filesChanged(names: ReadonlySet<string>): void {
    if (names.has('socklint.config.json') || names.has('package.json')) this.configs.clear();
    if (names.has('package.json')) {
      clearNodeVersionCache();
      clearTestFileCache();
      clearHelperScriptCache();
    }
    // A source file added or removed changes the files a package's callers are read from.
    if ([...names].some((name) => /\.[cm]?[jt]sx?$/.test(name))) clearPackageFilesCache();
  }

  /** Forgets every cached answer (configurations, engines.node, test-file globs). */
  clear(): void {
    this.configs.clear();
    clearNodeVersionCache();
    clearTestFileCache();
    clearHelperScriptCache();
    clearPackageFilesCache();
  }

  private isIgnored(filePath: string, config: ResolvedConfig): boolean {
    if (this.options.ignoreInstalledPackages && filePath.split(path.sep).includes('node_modules')) return true;
    return ignoredByConfig(filePath, config);
  }
}

/** The configuration with option values applied to every rule that declares them (same name, same type). */
function withRuleOptions(config: ResolvedConfig, rules: readonly Rule[], values: Readonly<Record<string, OptionValue>>): ResolvedConfig {
  const settings = new Map<string, RuleSetting>(config.rules);
  for (const rule of rules) {
    const setting = config.rules.get(rule.meta.id);
    if (!setting) continue;
    let options: RuleSetting['options'] | undefined;
    for (const [name, value] of Object.entries(values)) {
      const spec = rule.meta.options[name];
      if (!spec || typeof value !== spec.type) continue;
      options ??= { ...setting.options };
      options[name] = value;
    }
    if (options) settings.set(rule.meta.id, { ...setting, options });
  }
  return { ...config, rules: settings };
}
