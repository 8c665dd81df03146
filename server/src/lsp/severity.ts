import type { SeveritySetting } from '../core/rule';
import { compileGlob, GlobError } from '../core/glob';
import type { RuleCustomization } from './settings';

/** A severity as the editor shows it: the config's levels plus `info`. */
export type EditorSeverity = 'off' | 'info' | 'warn' | 'error';

const DOWN: Record<EditorSeverity, EditorSeverity> = { error: 'warn', warn: 'info', info: 'info', off: 'off' };
const UP: Record<EditorSeverity, EditorSeverity> = { error: 'error', warn: 'error', info: 'warn', off: 'off' };

/** Whether a rule-id glob matches; an invalid glob matches nothing (normalizeSettings reports it). */
function ruleGlobMatches(glob: string, ruleId: string): boolean {
  try {
    return compileGlob(glob).matches(ruleId);
  } catch (e) {
    if (e instanceof GlobError) return false;
    throw e;
  }
}

/**
 * Applies `socklint.rules.customizations` to the severity from configuration. Entries apply in
 * order, so a later matching entry wins (vscode-eslint's semantics); `default` restores the config's.
 */
export function customizeSeverity(ruleId: string, configured: SeveritySetting, customizations: readonly RuleCustomization[]): EditorSeverity {
  let severity: EditorSeverity = configured;
  for (const c of customizations) {
    const negated = c.rule.startsWith('!');
    const matches = ruleGlobMatches(negated ? c.rule.slice(1) : c.rule, ruleId);
    if (matches === negated) continue;
    switch (c.severity) {
      case 'default':
        severity = configured;
        break;
      case 'downgrade':
        severity = DOWN[severity];
        break;
      case 'upgrade':
        severity = UP[severity];
        break;
      default:
        severity = c.severity;
    }
  }
  return severity;
}
