import * as path from 'node:path';
import { ConfigError, defaultConfig, findConfigFile, loadConfigFile, type ResolvedConfig } from './config';
import type { Rule } from './rule';

export interface ConfigLookup {
  config: ResolvedConfig;
  /** A one-line reason when the file's configuration could not be used (defaults apply then). */
  error?: string;
}

export interface ConfigServiceOptions {
  /** One configuration file for every file (`socklint check -c file`), instead of the nearest one. */
  configFile?: string;
  /**
   * Let a broken configuration throw (its ConfigError), as the CLI wants: an invalid configuration
   * stops a run. Otherwise (the editor, the ESLint plugin) defaults apply and `error` says why.
   */
  strict?: boolean;
}

/**
 * The configuration of a file for every front-end (CLI, language server, ESLint plugin):
 * socklint.config.json (or package.json "socklint") nearest to it, cached per folder and per
 * config file until cleared (the editor clears it when a config file changes).
 */
export class ConfigService {
  private readonly byDir = new Map<string, ConfigLookup>();
  private readonly byFile = new Map<string, ConfigLookup>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly options: ConfigServiceOptions = {},
  ) {}

  forFile(filePath: string): ConfigLookup {
    if (this.options.configFile) return this.loadFile(this.options.configFile);
    const dir = path.dirname(filePath);
    let lookup = this.byDir.get(dir);
    if (!lookup) {
      lookup = this.load(dir);
      this.byDir.set(dir, lookup);
    }
    return lookup;
  }

  private load(dir: string): ConfigLookup {
    let file: string | undefined;
    try {
      file = findConfigFile(dir);
    } catch (e) {
      return this.failed(e, dir);
    }
    return file ? this.loadFile(file) : { config: defaultConfig(this.rules) };
  }

  private loadFile(file: string): ConfigLookup {
    let lookup = this.byFile.get(file);
    if (!lookup) {
      try {
        lookup = { config: loadConfigFile(file, this.rules) };
      } catch (e) {
        lookup = this.failed(e, file);
      }
      this.byFile.set(file, lookup);
    }
    return lookup;
  }

  private failed(e: unknown, where: string): ConfigLookup {
    if (this.options.strict) throw e;
    const error = e instanceof ConfigError ? e.message : `${where}: ${(e as Error).message}`;
    return { config: defaultConfig(this.rules), error: error.split('\n')[0] };
  }

  clear(): void {
    this.byDir.clear();
    this.byFile.clear();
  }
}
