import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import type { Rule, SeveritySetting } from './rule';

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
  /** The file the configuration came from, if any. */
  file?: string;
}

/** The configuration as written by the user. */
export interface UserConfig {
  nodeVersion?: string;
  ignore?: string[];
  rules?: Record<string, SeveritySetting | [SeveritySetting, Record<string, unknown>?]>;
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
      rules: { type: 'object', properties: ruleProps, additionalProperties: false },
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
  return data as UserConfig;
}

export function resolveConfig(user: UserConfig, rules: readonly Rule[], file?: string): ResolvedConfig {
  const resolved = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const defaults = Object.fromEntries(Object.entries(rule.meta.options).map(([k, v]) => [k, v.default]));
    const entry = user.rules?.[rule.meta.id];
    const severity: SeveritySetting = entry === undefined ? rule.meta.defaultSeverity : Array.isArray(entry) ? entry[0] : entry;
    const options = Array.isArray(entry) && entry[1] ? { ...defaults, ...(entry[1] as Record<string, number | boolean | string>) } : defaults;
    resolved.set(rule.meta.id, { severity, options });
  }
  return { rules: resolved, nodeVersion: user.nodeVersion, ignore: user.ignore ?? [], file };
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

export function defaultConfig(rules: readonly Rule[]): ResolvedConfig {
  return resolveConfig({}, rules);
}
