import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

/** The Node.js line assumed when nothing says otherwise: the current LTS. */
export const DEFAULT_NODE_VERSION = '24.0.0';

export interface NodeVersionInfo {
  /** A full semver version, e.g. "10.0.0". */
  version: string;
  major: number;
  /** Where it came from, for messages: `engines.node ">=10" in package.json`. */
  source: string;
}

/**
 * Node's version-dependent HTTP defaults, one row per range of majors (rules.md).
 * `undefined` means the setting does not exist on that line.
 */
export interface NodeHttpDefaults {
  serverTimeout: number;
  keepAliveTimeout: number;
  headersTimeout: number;
  requestTimeout: number | undefined;
  globalAgentKeepAlive: boolean;
  globalAgentTimeout: number | undefined;
}

const HTTP_DEFAULTS: Array<{ range: string; defaults: NodeHttpDefaults }> = [
  {
    range: '<12.0.0',
    defaults: {
      serverTimeout: 120000,
      keepAliveTimeout: 5000,
      headersTimeout: 40000,
      requestTimeout: undefined,
      globalAgentKeepAlive: false,
      globalAgentTimeout: undefined,
    },
  },
  {
    range: '>=12.0.0 <13.0.0',
    defaults: {
      serverTimeout: 120000,
      keepAliveTimeout: 5000,
      headersTimeout: 60000,
      requestTimeout: undefined,
      globalAgentKeepAlive: false,
      globalAgentTimeout: undefined,
    },
  },
  {
    range: '>=13.0.0 <14.11.0',
    defaults: {
      serverTimeout: 0,
      keepAliveTimeout: 5000,
      headersTimeout: 60000,
      requestTimeout: undefined,
      globalAgentKeepAlive: false,
      globalAgentTimeout: undefined,
    },
  },
  {
    range: '>=14.11.0 <18.0.0',
    defaults: {
      serverTimeout: 0,
      keepAliveTimeout: 5000,
      headersTimeout: 60000,
      requestTimeout: 0,
      globalAgentKeepAlive: false,
      globalAgentTimeout: undefined,
    },
  },
  {
    range: '>=18.0.0 <19.0.0',
    defaults: {
      serverTimeout: 0,
      keepAliveTimeout: 5000,
      headersTimeout: 60000,
      requestTimeout: 300000,
      globalAgentKeepAlive: false,
      globalAgentTimeout: undefined,
    },
  },
  {
    range: '>=19.0.0 <27.0.0',
    defaults: { serverTimeout: 0, keepAliveTimeout: 5000, headersTimeout: 60000, requestTimeout: 300000, globalAgentKeepAlive: true, globalAgentTimeout: 5000 },
  },
  // nodejs/node#62782 (semver-major) raises keepAliveTimeout to 65 s on main after 26.0.0 was cut
  // (it is not in CHANGELOG_V26.md): the first line that can carry it is 27.
  {
    range: '>=27.0.0',
    defaults: {
      serverTimeout: 0,
      keepAliveTimeout: 65000,
      headersTimeout: 60000,
      requestTimeout: 300000,
      globalAgentKeepAlive: true,
      globalAgentTimeout: 5000,
    },
  },
];

export function httpDefaults(version: string): NodeHttpDefaults {
  const row = HTTP_DEFAULTS.find((r) => semver.satisfies(version, r.range));
  return (row ?? HTTP_DEFAULTS[HTTP_DEFAULTS.length - 1]).defaults;
}

/** Parses a user-given version or range ("10", "^12.2", ">=18") to its lowest version. */
export function parseNodeVersion(text: string): string | undefined {
  const trimmed = text.trim().replace(/^v/, '');
  try {
    const coerced = semver.valid(trimmed) ?? (semver.validRange(trimmed) ? lowestBounded(trimmed) : undefined);
    return coerced ?? semver.coerce(trimmed)?.version;
  } catch {
    return undefined;
  }
}

/**
 * The lowest version of a range, leaving out an alternative with no lower bound next to ones with
 * one: `^22.2.0 || ^24 || <=26.2` means 22.2.0, not Node 0.0.0.
 */
function lowestBounded(range: string): string | undefined {
  const lows = range
    .split('||')
    .map((part) => semver.minVersion(part.trim() || '*')?.version)
    .filter((v): v is string => v !== undefined);
  const bounded = lows.filter((v) => v !== '0.0.0');
  const candidates = bounded.length > 0 ? bounded : lows;
  return candidates.sort(semver.compare)[0];
}

function info(version: string, source: string): NodeVersionInfo {
  return { version, major: semver.major(version), source };
}

const enginesCache = new Map<string, NodeVersionInfo | null>();

/** Drops cached package.json reads (the server calls this when a package.json changes). */
export function clearNodeVersionCache(): void {
  enginesCache.clear();
}

/** `engines.node` of the nearest package.json above `filePath`, as its lowest admitted version. */
export function enginesNodeVersion(filePath: string): NodeVersionInfo | undefined {
  let dir = path.dirname(path.resolve(filePath));
  const visited: string[] = [];
  for (;;) {
    const cached = enginesCache.get(dir);
    if (cached !== undefined) return remember(visited, cached) ?? undefined;
    visited.push(dir);
    const pkgPath = path.join(dir, 'package.json');
    if (fs.existsSync(pkgPath)) {
      let found: NodeVersionInfo | null = null;
      try {
        const range = JSON.parse(fs.readFileSync(pkgPath, 'utf8'))?.engines?.node;
        const version = typeof range === 'string' ? parseNodeVersion(range) : undefined;
        // No path in the message: it is shown in the editor and in CI logs, where the file is known.
        if (version) found = info(version, `engines.node "${range}" in package.json`);
      } catch {
        // An unreadable package.json says nothing about the Node version.
      }
      return remember(visited, found) ?? undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return remember(visited, null) ?? undefined;
    dir = parent;
  }
}

function remember(dirs: string[], value: NodeVersionInfo | null): NodeVersionInfo | null {
  for (const d of dirs) enginesCache.set(d, value);
  return value;
}

export interface NodeVersionSources {
  /** An explicit override (the CLI's --node-version). */
  override?: string;
  /** `nodeVersion` from configuration or settings: used when no engines.node is found. */
  configured?: string;
}

export function resolveNodeVersion(filePath: string, sources: NodeVersionSources = {}): NodeVersionInfo {
  if (sources.override) {
    const v = parseNodeVersion(sources.override);
    if (v) return info(v, `--node-version ${sources.override}`);
  }
  const fromEngines = enginesNodeVersion(filePath);
  if (fromEngines) return fromEngines;
  if (sources.configured) {
    const v = parseNodeVersion(sources.configured);
    if (v) return info(v, `nodeVersion "${sources.configured}" in the configuration`);
  }
  return info(DEFAULT_NODE_VERSION, 'the default (current LTS, no engines.node found)');
}
