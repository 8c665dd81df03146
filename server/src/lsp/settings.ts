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
  /** Overrides server-keepalive-below-proxy's proxyIdleTimeoutMs when set. */
  proxyIdleTimeoutMs: number | undefined;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  customizations: [],
  nodeVersion: '',
  proxyIdleTimeoutMs: undefined,
};

const SEVERITIES = new Set<string>(['off', 'info', 'warn', 'error', 'downgrade', 'upgrade', 'default']);

/** Turns whatever `workspace/configuration` returned for section "socklint" into Settings. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules = (r.rules && typeof r.rules === 'object' ? r.rules : {}) as Record<string, unknown>;
  const customizations: RuleCustomization[] = [];
  if (Array.isArray(rules.customizations)) {
    for (const c of rules.customizations as unknown[]) {
      const entry = c as Partial<RuleCustomization> | null;
      if (entry && typeof entry.rule === 'string' && typeof entry.severity === 'string' && SEVERITIES.has(entry.severity)) {
        customizations.push({ rule: entry.rule, severity: entry.severity });
      }
    }
  }
  const proxy = r.proxyIdleTimeoutMs;
  return {
    enable: r.enable !== false,
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    customizations,
    nodeVersion: typeof r.nodeVersion === 'string' ? r.nodeVersion.trim() : '',
    proxyIdleTimeoutMs: typeof proxy === 'number' && Number.isFinite(proxy) && proxy >= 0 ? proxy : undefined,
  };
}
