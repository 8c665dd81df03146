/**
 * ESLint with the plugin over files, in the comparable shape of test/parity/frontEnds.ts
 * (`rule line:col-line:col message`), through ESLint's own Linter in this process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Linter } from 'eslint';
import plugin from '../../packages/eslint-plugin/src/index';
import type { Findings } from '../parity/frontEnds';

export interface EslintRun {
  findings: Findings;
  /** Files ESLint's parser could not parse (it then runs no rule), with its message. */
  parseErrors: Map<string, string>;
}

/** How Node reads a file: .mjs and .cjs by extension, .js by the nearest package.json's "type". */
export function sourceTypeOf(file: string): 'module' | 'commonjs' {
  if (file.endsWith('.mjs')) return 'module';
  if (file.endsWith('.cjs')) return 'commonjs';
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        return JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(dir) === dir) return 'commonjs';
  }
}

export function eslintFindings(files: string[], cwd: string): EslintRun {
  const linter = new Linter({ cwd });
  const findings: Findings = new Map();
  const parseErrors = new Map<string, string>();
  for (const file of files) {
    const config: Linter.Config[] = [
      // The CLI checks installed packages when a path names them; so does ESLint here.
      { ignores: ['!**/node_modules/'] },
      {
        files: ['**/*'],
        ...plugin.configs.recommended,
        languageOptions: { ecmaVersion: 'latest', sourceType: sourceTypeOf(file) },
        // socklint check does not read eslint-disable comments; the corpus has them (/* eslint-disable */ on whole files).
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      },
    ];
    const messages = linter.verify(fs.readFileSync(file, 'utf8'), config, { filename: file });
    const fatal = messages.find((m) => m.fatal);
    if (fatal) parseErrors.set(file, `${fatal.line}:${fatal.column} ${fatal.message}`);
    findings.set(
      file,
      messages
        .filter((m) => m.ruleId?.startsWith('socklint/'))
        .map((m) => `${m.ruleId!.slice('socklint/'.length)} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message}`)
        .sort(),
    );
  }
  return { findings, parseErrors };
}
