import { compileGlob, GlobError } from '../core/glob';
import type { FileOverrides } from '../core/workspace';

/** The `socklint.*` editor settings as the server uses them, with defaults for anything missing or malformed. */

export type CustomSeverity = 'off' | 'info' | 'warn' | 'error' | 'downgrade' | 'upgrade' | 'default';

export interface RuleCustomization {
  /** A rule id glob (`*` wildcard); a leading `!` applies the entry to rules that do not match. */
  rule: string;
  severity: CustomSeverity;
}

export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  customizations: RuleCustomization[];
  /** Node.js version assumed when no package.json engines.node is found ('' = from config, else the default). */
  nodeVersion: string;
  /** A rule option (RULE_OPTION_SETTINGS): overrides proxyIdleTimeoutMs of the rules that have it, when set. */
  proxyIdleTimeoutMs: number | undefined;
  /** Files larger than this many KiB are not analysed (0: no limit; undefined: the config's maxFileSize, else 1 MB). */
  maxFileSizeKb: number | undefined;
  /** Settings that were left out, one line each (the server logs them). */
  problems: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  customizations: [],
  nodeVersion: '',
  proxyIdleTimeoutMs: undefined,
  maxFileSizeKb: undefined,
  problems: [],
};

function globProblem(glob: string): string | undefined {
  try {
    compileGlob(glob.startsWith('!') ? glob.slice(1) : glob);
    return undefined;
  } catch (e) {
    if (e instanceof GlobError) return e.reason;
    throw e;
  }
}

const SEVERITIES = new Set<string>(['off', 'info', 'warn', 'error', 'downgrade', 'upgrade', 'default']);

/** Turns whatever `workspace/configuration` returned for section "socklint" into Settings. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules = (r.rules && typeof r.rules === 'object' ? r.rules : {}) as Record<string, unknown>;
  const customizations: RuleCustomization[] = [];
  const problems: string[] = [];
  if (Array.isArray(rules.customizations)) {
    (rules.customizations as unknown[]).forEach((c, i) => {
      const entry = c as Partial<RuleCustomization> | null;
      if (entry && typeof entry.rule === 'string' && typeof entry.severity === 'string' && SEVERITIES.has(entry.severity)) {
        const problem = globProblem(entry.rule);
        if (problem) problems.push(`socklint.rules.customizations[${i}].rule: "${entry.rule}" is not a valid glob (${problem}); entry ignored`);
        else customizations.push({ rule: entry.rule, severity: entry.severity });
      }
    });
  }
  const proxy = r.proxyIdleTimeoutMs;
  const maxKb = r.maxFileSizeKb;
  return {
    enable: r.enable !== false,
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    customizations,
    nodeVersion: typeof r.nodeVersion === 'string' ? r.nodeVersion.trim() : '',
    proxyIdleTimeoutMs: typeof proxy === 'number' && Number.isFinite(proxy) && proxy >= 0 ? proxy : undefined,
    maxFileSizeKb: typeof maxKb === 'number' && Number.isFinite(maxKb) && maxKb >= 0 ? maxKb : undefined,
    problems,
  };
}

/**
 * Settings that are rule options: each applies to every rule whose option spec declares an
 * option of that name (core/workspace.ts), over the value from socklint.config.json.
 */
const RULE_OPTION_SETTINGS = ['proxyIdleTimeoutMs'] as const;

/** What the editor's settings set on top of a file's configuration (core/workspace.ts). */
export function fileOverrides(settings: Settings): FileOverrides {
  const ruleOptions: Record<string, number> = {};
  for (const name of RULE_OPTION_SETTINGS) {
    const value = settings[name];
    if (value !== undefined) ruleOptions[name] = value;
  }
  return {
    fallbackNodeVersion: settings.nodeVersion || undefined,
    maxFileSize: settings.maxFileSizeKb !== undefined ? settings.maxFileSizeKb * 1024 : undefined,
    ruleOptions,
  };
}
