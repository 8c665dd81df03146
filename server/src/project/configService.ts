import * as path from 'node:path';
import { ConfigError, defaultConfig, findConfigFile, loadConfigFile, type ResolvedConfig } from '../core/config';
import type { Rule } from '../core/rule';

export interface ConfigLookup {
  config: ResolvedConfig;
  /** A one-line reason when the file's configuration could not be used (defaults apply then). */
  error?: string;
}

/** socklint.config.json (or package.json "socklint") per folder, cached until a config file changes. */
export class ConfigService {
  private readonly byDir = new Map<string, ConfigLookup>();

  constructor(private readonly rules: readonly Rule[]) {}

  forFile(filePath: string): ConfigLookup {
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
      if (!file) return { config: defaultConfig(this.rules) };
      return { config: loadConfigFile(file, this.rules) };
    } catch (e) {
      const error = e instanceof ConfigError ? e.message : `${file ?? dir}: ${(e as Error).message}`;
      return { config: defaultConfig(this.rules), error: error.split('\n')[0] };
    }
  }

  clear(): void {
    this.byDir.clear();
  }
}
