import * as path from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { docsUrl } from '../../core/rule';
import type { FileReport, FormatContext } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/socklint/socklint';

const level = (severity: string): 'error' | 'warning' => (severity === 'error' ? 'error' : 'warning');

/** A file URI relative to the run's folder (SARIF's %SRCROOT%), with `/` separators. */
function relativeUri(cwd: string, filePath: string): string {
  const rel = path.relative(cwd, filePath).split(path.sep).join('/');
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0 log with every rule's metadata, for code-scanning uploads. */
export function toSarif(files: readonly FileReport[], context: FormatContext): Log {
  const ruleIndex = new Map(context.rules.map((r, i) => [r.meta.id, i]));
  const results: Result[] = files.flatMap((file) =>
    file.findings.map((f): Result => ({
      ruleId: f.ruleId,
      ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
      level: level(f.severity),
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(context.cwd, file.filePath), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
    })),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'socklint',
            version: context.version,
            informationUri: INFORMATION_URI,
            rules: context.rules.map((r): ReportingDescriptor => ({
              id: r.meta.id,
              name: r.meta.id,
              shortDescription: { text: r.meta.description },
              helpUri: docsUrl(r.meta.id),
              defaultConfiguration: { level: level(r.meta.defaultSeverity) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${context.cwd.split(path.sep).join('/').replace(/\/?$/, '/')}` } },
        results,
      },
    ],
  };
}

export function formatSarif(files: readonly FileReport[], context: FormatContext): string {
  return JSON.stringify(toSarif(files, context), null, 2);
}
