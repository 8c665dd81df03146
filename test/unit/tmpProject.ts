import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Project, type SourceFile } from 'ts-morph';
import { resolveConfig } from '../../server/src/core/config';
import { analyzeSourceFile } from '../../server/src/core/engine';
import { INFERRED_OPTIONS } from '../../server/src/core/project';
import type { Finding, Rule } from '../../server/src/core/rule';
import { shippedTypeRoot } from '../../server/src/core/shippedTypes';

/** A project of real files in a temporary folder, analysed with some rules: for cross-file tests. */
export interface TmpProject {
  write(rel: string, text: string): SourceFile;
  /** Findings of a file, assuming Node `version` (default 20.0.0). */
  findings(rel: string, version?: string): Finding[];
  dispose(): void;
}

export function tmpProject(prefix: string, rules: readonly Rule[]): TmpProject {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { ...INFERRED_OPTIONS, typeRoots: [shippedTypeRoot()], types: ['node'] } });
  const config = resolveConfig({ rules: Object.fromEntries(rules.map((r) => [r.meta.id, 'error'])) }, rules);
  return {
    write(rel, text) {
      const full = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
      return project.addSourceFileAtPath(full);
    },
    findings(rel, version = '20.0.0') {
      const file = project.getSourceFileOrThrow(path.join(tmp, rel));
      return analyzeSourceFile(file, { rules: [...rules], config, nodeVersion: { version, major: Number(version.split('.')[0]), source: 'test' } }).findings;
    },
    dispose: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}
