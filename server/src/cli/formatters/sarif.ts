import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { docsUrl, type Rule } from '../../core/rule';
import type { FileReport, FormatContext } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/socklint/socklint';

const level = (severity: string): 'error' | 'warning' => (severity === 'error' ? 'error' : 'warning');

/**
 * The folder results are relative to (SARIF's %SRCROOT%): the enclosing git work tree, so that code
 * scanning finds the files whatever folder the check ran in; the run's folder outside a repository.
 */
export function sourceRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/** A location in SARIF: relative to %SRCROOT% with `/` separators, or an absolute file URI outside it. */
function artifactLocation(root: string, filePath: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(root, filePath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(filePath).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * The rule pages (docs/rules/<id>.md) beside the bundle (dist/../docs) or the sources; undefined for
 * rules without one (the runtime checks of `socklint run`).
 */
function rulePage(id: string): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; dir = path.dirname(dir), i++) {
    const file = path.join(dir, 'docs', 'rules', `${id}.md`);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  return undefined;
}

/**
 * The first paragraph of the page's "## Why" section, unwrapped and as plain text: what the rule
 * prevents. A last sentence that introduces a list (ends with ':') is left out with the list
 * (an only sentence ends with '.' instead).
 */
function whyParagraph(page: string): string | undefined {
  const why = /^## Why\s*\n+([\s\S]*?)(?:\n\s*\n|(?![\s\S]))/m.exec(page);
  if (!why) return undefined;
  let text = plainText(why[1]).replace(/\s*\n\s*/g, ' ');
  if (/[:—]$/.test(text)) {
    const end = Math.max(text.lastIndexOf('. '), text.lastIndexOf('.) '));
    text = end > 0 ? text.slice(0, text.indexOf(' ', end)) : text.replace(/\s*[:—]$/, '.');
  }
  return text;
}

/** Markdown with its markup taken out, for viewers that show help as plain text. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^#+\s*/gm, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/^```\w*$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function describeRule(rule: Rule): ReportingDescriptor {
  const id = rule.meta.id;
  const page = rulePage(id);
  const why = page && whyParagraph(page);
  // The page minus its title line (the viewer shows the rule's name), else the one-line description.
  const markdown = page ? page.replace(/^# .*\n+/, '').trim() : `${rule.meta.description}\n\nSee [${id}](${docsUrl(id)}).`;
  return {
    id,
    name: id,
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: why ? `${rule.meta.description} ${why}` : rule.meta.description },
    helpUri: docsUrl(id),
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: level(rule.meta.defaultSeverity) },
    properties: { tags: ['reliability', 'node.js'] },
  };
}

/**
 * Code scanning's `primaryLocationLineHash`: a hash of the finding's line with whitespace removed, and
 * `:n` for its n-th finding of the same rule on an identical line in the file. It survives lines
 * moving and re-indentation, so an alert keeps its identity from one commit to the next.
 */
function lineHashes(files: readonly FileReport[]): Map<FileReport['findings'][number], string> {
  const hashes = new Map<FileReport['findings'][number], string>();
  for (const file of files) {
    let lines: string[] | undefined;
    try {
      lines = fs.readFileSync(file.filePath, 'utf8').split(/\r?\n/);
    } catch {
      lines = undefined;
    }
    const seen = new Map<string, number>();
    for (const f of file.findings) {
      const line = lines?.[f.line - 1] ?? f.message;
      const hash = createHash('sha256').update(f.ruleId).update('\0').update(line.replace(/\s+/g, '')).digest('hex').slice(0, 16);
      const n = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, n);
      hashes.set(f, `${hash}:${n}`);
    }
  }
  return hashes;
}

/** SARIF 2.1.0 log with every rule's metadata, as GitHub code scanning takes it without changes. */
export function toSarif(files: readonly FileReport[], context: FormatContext): Log {
  const root = sourceRoot(context.cwd);
  const ruleIndex = new Map(context.rules.map((r, i) => [r.meta.id, i]));
  const hashes = lineHashes(files);
  const results: Result[] = files.flatMap((file) =>
    file.findings.map(
      (f): Result => ({
        ruleId: f.ruleId,
        ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
        level: level(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(root, file.filePath),
              region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: hashes.get(f)! },
      }),
    ),
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
            semanticVersion: context.version,
            informationUri: INFORMATION_URI,
            rules: context.rules.map(describeRule),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
        results,
      },
    ],
  };
}

export function formatSarif(files: readonly FileReport[], context: FormatContext): string {
  return JSON.stringify(toSarif(files, context), null, 2);
}
