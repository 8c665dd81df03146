import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { ignorePatternProblem, matchesIgnore } from './glob';
import { defaultOptions, type Rule, type SeveritySetting } from './rule';
import { DEFAULT_TEST_GLOBS } from './testGlobs';

export const CONFIG_FILE_NAME = 'socklint.config.json';

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, number | boolean | string>;
}

/** Configuration as the engine uses it: every rule has a severity and complete options. */
export interface ResolvedConfig {
  rules: Map<string, RuleSetting>;
  nodeVersion?: string;
  ignore: string[];
  /** Globs of test files, relative to the configuration's folder; false: no file is a test. */
  tests: readonly string[] | false;
  /** Files larger than this many bytes are skipped (0: no limit; unset: DEFAULT_MAX_FILE_SIZE). */
  maxFileSize?: number;
  /** `socklint run`'s leak gate. */
  run: RunConfig;
  /** The file the configuration came from, if any. */
  file?: string;
}

/** `socklint run`: what counts as left open when a process ends. */
export interface RunConfig {
  /** Creation sites not reported: globs on the site's file relative to the configuration's folder, optionally `:line`. */
  ignore: string[];
  /** Exit 1 only when more than this many sockets, servers and timers are left open in all. */
  maxOpen: number;
  /** Left open for less than this many milliseconds since their creation: not reported. */
  minAgeMs: number;
  /** Report timers still scheduled at exit. */
  timers: boolean;
  /** Seconds every traced process may sit idle before the command is reported and stopped (0: never). */
  idleExit: number;
  /** Without idleExit: seconds of such idleness after which one line says so (0: never). */
  idleNotice: number;
}

export const DEFAULT_RUN_CONFIG: RunConfig = { ignore: [], maxOpen: 0, minAgeMs: 0, timers: true, idleExit: 0, idleNotice: 10 };

/** The configuration as written by the user. */
export interface UserConfig {
  nodeVersion?: string;
  ignore?: string[];
  tests?: string[] | false;
  maxFileSize?: number | string;
  rules?: Record<string, SeveritySetting | [SeveritySetting, Record<string, unknown>?]>;
  run?: Partial<RunConfig>;
}

/**
 * Files above this size are skipped with a warning (CLI) or a message (editor): 1 MiB is far above
 * any hand-written module and below bundles and generated code, whose parse and type queries take
 * seconds and gigabytes (in bench/corpus the only socket-touching files above it are built browser bundles).
 */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 * 1024, m: 1024 * 1024 };

/** A size as written in config or on the command line (`1048576`, `512kb`, `2mb`) in bytes, or undefined if it is not one. */
export function parseSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m || !Object.hasOwn(SIZE_UNITS, m[2].toLowerCase())) return undefined;
  return Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]);
}

/** "1 MB", "512 KB", "300 bytes": a size for messages. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

const SEVERITY = { enum: ['off', 'warn', 'error'] };

/** The JSON schema of socklint.config.json, derived from the rules' metadata. */
export function buildConfigSchema(rules: readonly Rule[]): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const rule of rules) {
    const optionProps: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(rule.meta.options)) {
      optionProps[name] = { type: spec.type, default: spec.default, description: spec.description };
    }
    ruleProps[rule.meta.id] = {
      description: rule.meta.description,
      oneOf: [
        SEVERITY,
        {
          type: 'array',
          prefixItems: [SEVERITY, { type: 'object', properties: optionProps, additionalProperties: false }],
          items: false,
          minItems: 1,
        },
      ],
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/socklint/socklint/blob/main/server/schemas/socklint.config.schema.json',
    title: 'socklint configuration',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      nodeVersion: {
        type: 'string',
        description: 'Node.js version assumed when no package.json engines.node is found, e.g. "18" or ">=16".',
      },
      ignore: { type: 'array', items: { type: 'string' }, description: 'Glob patterns of files not to check.' },
      tests: {
        oneOf: [{ type: 'array', items: { type: 'string' } }, { const: false }],
        description: `Glob patterns of test and example files, replacing the defaults (${DEFAULT_TEST_GLOBS.join(', ')}); false: no file is a test. Rules about production servers and proxies do not run in test and example files.`,
      },
      maxFileSize: {
        type: ['number', 'string'],
        description: 'Files larger than this are not checked: bytes, or a size such as "512kb" or "2mb"; 0 for no limit. Default "1mb".',
      },
      rules: { type: 'object', properties: ruleProps, additionalProperties: false },
      run: {
        type: 'object',
        description: '`socklint run`: the sockets, servers and timers left open when a process of the command ends.',
        properties: {
          ignore: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Creation sites not to report: globs on the file (relative to this configuration\'s folder), optionally with ":line", e.g. "test/helpers/**" or "src/pool.js:12".',
          },
          maxOpen: { type: 'integer', minimum: 0, default: 0, description: 'Exit 1 only when more than this many are left open in all.' },
          minAgeMs: {
            type: 'integer',
            minimum: 0,
            default: 0,
            description: 'Not reported when created less than this many milliseconds before the process ended.',
          },
          timers: { type: 'boolean', default: true, description: 'Report timers still scheduled when a process ends.' },
          idleExit: {
            type: 'number',
            minimum: 0,
            default: 0,
            description:
              'Seconds every traced process may sit idle (no CPU) while the command still runs; then what they hold open is reported and the command is stopped. 0: wait as the command does.',
          },
          idleNotice: {
            type: 'number',
            minimum: 0,
            default: 10,
            description: 'Without idleExit: after this many seconds of such idleness, one line on stderr says so (the command keeps running). 0: never.',
          },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}

const validators = new WeakMap<readonly Rule[], (data: unknown) => ErrorObject[]>();

function validatorFor(rules: readonly Rule[]): (data: unknown) => ErrorObject[] {
  let validate = validators.get(rules);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const schema = buildConfigSchema(rules);
    const compiled = ajv.compile(schema);
    validate = (data) => (compiled(data) ? [] : (compiled.errors ?? []));
    validators.set(rules, validate);
  }
  return validate;
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    const full = at ? `${at}.${key}` : key;
    return at === 'rules' ? `unknown rule "${key}" (key "${full}")` : `unknown key "${full}"`;
  }
  return `"${at || '(root)'}" ${error.message ?? 'is invalid'}`;
}

/** Validates a parsed configuration; throws ConfigError naming the file and the bad key. */
export function validateConfig(data: unknown, file: string, rules: readonly Rule[]): UserConfig {
  const errors = validatorFor(rules)(data);
  if (errors.length > 0) {
    // oneOf reports both branches; the most specific error is the deepest one.
    const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
    const preferred = errors.find((e) => e.keyword === 'additionalProperties') ?? deepest;
    throw new ConfigError(file, describeError(preferred));
  }
  const user = data as UserConfig;
  // A bad glob is the user's configuration error, named where it is, not a failure of every check later.
  for (const key of ['ignore', 'tests'] as const) {
    const patterns = user[key];
    if (!Array.isArray(patterns)) continue;
    patterns.forEach((pattern, i) => {
      const problem = ignorePatternProblem(pattern);
      if (problem) throw new ConfigError(file, `${key}[${i}]: ${problem}`);
    });
  }
  user.run?.ignore?.forEach((pattern, i) => {
    const problem = ignorePatternProblem(pattern.replace(/:\d+$/, ''));
    if (problem) throw new ConfigError(file, `run.ignore[${i}]: ${problem}`);
  });
  if (user.maxFileSize !== undefined && parseSize(user.maxFileSize) === undefined) {
    throw new ConfigError(file, `maxFileSize: "${user.maxFileSize}" is not a size (bytes, or e.g. "512kb", "2mb")`);
  }
  return user;
}

export function resolveConfig(user: UserConfig, rules: readonly Rule[], file?: string): ResolvedConfig {
  const resolved = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const defaults = defaultOptions(rule);
    const entry = user.rules?.[rule.meta.id];
    const severity: SeveritySetting = entry === undefined ? rule.meta.defaultSeverity : Array.isArray(entry) ? entry[0] : entry;
    const options = Array.isArray(entry) && entry[1] ? { ...defaults, ...(entry[1] as Record<string, number | boolean | string>) } : defaults;
    resolved.set(rule.meta.id, { severity, options });
  }
  const maxFileSize = user.maxFileSize === undefined ? undefined : parseSize(user.maxFileSize);
  const run = { ...DEFAULT_RUN_CONFIG, ...user.run };
  return { rules: resolved, nodeVersion: user.nodeVersion, ignore: user.ignore ?? [], tests: user.tests ?? DEFAULT_TEST_GLOBS, maxFileSize, run, file };
}

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, `is not valid JSON (${(e as Error).message})`);
  }
}

/** Loads and validates one configuration file: socklint.config.json, or a package.json's "socklint" key. */
export function loadConfigFile(file: string, rules: readonly Rule[]): ResolvedConfig {
  if (!fs.existsSync(file)) throw new ConfigError(file, 'does not exist');
  const data = readJson(file);
  if (path.basename(file) === 'package.json') {
    const section = (data as { socklint?: unknown })?.socklint ?? {};
    return resolveConfig(validateConfig(section, `${file} ("socklint" key)`, rules), rules, file);
  }
  return resolveConfig(validateConfig(data, file, rules), rules, file);
}

/** The nearest configuration at or above `dir`, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const pkg = path.join(current, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { socklint?: unknown })?.socklint !== undefined) return pkg;
      } catch {
        // A broken package.json is not a configuration; keep looking upward.
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * Whether the configuration's `ignore` globs match a file. Patterns are relative to the folder of
 * the file that declares them (core/glob.ts matching): the CLI, the editor and the ESLint plugin
 * skip the same files.
 */
export function ignoredByConfig(filePath: string, config: ResolvedConfig): boolean {
  if (config.ignore.length === 0) return false;
  const base = config.file ? path.dirname(config.file) : path.dirname(filePath);
  const relative = path.relative(base, filePath);
  return config.ignore.some((pattern) => matchesIgnore(relative, pattern));
}

export function defaultConfig(rules: readonly Rule[]): ResolvedConfig {
  return resolveConfig({}, rules);
}
