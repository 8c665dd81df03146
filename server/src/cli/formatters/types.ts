import type { Finding, Rule } from '../../core/rule';

/** One checked file as the formatters see it. */
export interface FileReport {
  /** Absolute path. */
  filePath: string;
  findings: Finding[];
}

export interface FormatContext {
  cwd: string;
  rules: readonly Rule[];
  version: string;
  color: boolean;
}
