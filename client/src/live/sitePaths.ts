// Where a creation site of the process is in the workspace. The process names files as it sees
// them: the same path (most runs), another checkout of the same tree (a container, a CI path; found
// by the longest path suffix that exists in a workspace folder), or a built file (`dist/x.js:10`)
// whose source map leads back to the source line (`src/x.ts:7`). Pure Node.js (no vscode).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

export interface MappedSite {
  fsPath: string;
  /** 1-based line and column in fsPath. */
  line: number;
  column: number;
  /** How it was found: the process's own path, a workspace folder's file with the same path suffix, a source map. */
  via: 'same' | 'suffix' | 'sourceMap';
  /** The file the process ran, when a source map led from it to fsPath. */
  generated?: string;
}

/** The process's file name as a path: plain absolute paths and file:// URLs; null for anything else. */
export function sitePath(file: string): string | null {
  if (/^file:\/\//i.test(file)) {
    try {
      return fileURLToPath(file);
    } catch {
      return null;
    }
  }
  return path.isAbsolute(file) ? file : null;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The workspace file with the longest path suffix in common with `p` (at least its folder and its
 * name, so a lone `index.js` is not taken for another one). In a multi-root workspace the longest
 * match wins; between equally long ones, the folder whose name is the path's next segment up
 * (`/srv/api/src/x.js` → the folder named `api`), else the first folder.
 */
export function findBySuffix(p: string, folders: readonly string[]): string | null {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  let best: { file: string; score: number } | null = null;
  for (const folder of folders) {
    for (let n = parts.length - 1; n >= 2; n--) {
      const named = path.basename(folder) === parts[parts.length - n - 1];
      const score = 2 * n + Number(named);
      if (best && score <= best.score) continue;
      const candidate = path.join(folder, ...parts.slice(parts.length - n));
      if (isFile(candidate)) {
        best = { file: candidate, score };
        break;
      }
    }
  }
  return best?.file ?? null;
}

/** Parsed source maps by file, kept while the file's mtime stays the same. */
const maps = new Map<string, { mtimeMs: number; map: { consumer: SourceMapConsumer; dir: string } | null }>();

const SOURCE_MAPPING_URL = /\/[/*][#@]\s*sourceMappingURL=([^\s*]+)\s*(?:\*\/)?\s*$/;

/** The source map of a built file: its `sourceMappingURL` (a file or an inline data: URL), else `<file>.map`. */
function sourceMapOf(file: string): { consumer: SourceMapConsumer; dir: string } | null {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const cached = maps.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.map;
  let map: { consumer: SourceMapConsumer; dir: string } | null = null;
  try {
    map = readSourceMap(file);
  } catch {
    map = null; // an unreadable or malformed map: the built file's own line is shown
  }
  maps.set(file, { mtimeMs, map });
  return map;
}

function readSourceMap(file: string): { consumer: SourceMapConsumer; dir: string } | null {
  // The comment is at the end: read the tail only (bundles are megabytes).
  const fd = fs.openSync(file, 'r');
  let tail: string;
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    tail = buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
  const lastLines = tail.trimEnd().split('\n').slice(-2).join('\n');
  const url = SOURCE_MAPPING_URL.exec(lastLines)?.[1];
  let raw: string | null = null;
  let mapFile = `${file}.map`;
  if (url?.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = url.slice(5, comma);
    raw = meta.endsWith(';base64') ? Buffer.from(url.slice(comma + 1), 'base64').toString('utf8') : decodeURIComponent(url.slice(comma + 1));
  } else {
    if (url) mapFile = /^file:\/\//i.test(url) ? fileURLToPath(url) : path.resolve(path.dirname(file), decodeURIComponent(url));
    if (!isFile(mapFile)) return null;
    raw = fs.readFileSync(mapFile, 'utf8');
  }
  const json = JSON.parse(raw) as RawSourceMap;
  return { consumer: new SourceMapConsumer(json), dir: path.dirname(mapFile) };
}

/** The source position a source map gives for a 1-based line and column of a built file, if its source is here. */
export function throughSourceMap(file: string, line: number, column: number): MappedSite | null {
  if (!/\.[cm]?js$/i.test(file)) return null;
  const map = sourceMapOf(file);
  if (!map) return null;
  const original = map.consumer.originalPositionFor({ line, column: Math.max(0, column - 1) });
  if (!original.source || original.line == null) return null;
  const source = /^file:\/\//i.test(original.source) ? fileURLToPath(original.source) : path.resolve(map.dir, original.source);
  if (!isFile(source)) return null;
  return { fsPath: source, line: original.line, column: (original.column ?? 0) + 1, via: 'sourceMap', generated: file };
}

/** Where the process's site `file:line:column` is in this workspace; null when it is nowhere here. */
export function mapSite(file: string, line: number, column: number, folders: readonly string[]): MappedSite | null {
  const p = sitePath(file);
  if (!p) return null;
  const local = isFile(p) ? p : findBySuffix(p, folders);
  if (!local) return null;
  return throughSourceMap(local, line, column) ?? { fsPath: local, line, column, via: local === p ? 'same' : 'suffix' };
}
