import type { ESLint, Linter, Rule as ESLintRule } from 'eslint';
import { rules as socklintRules } from '../../../server/src/rules';
import { toESLintRule } from './eslintRule';

declare const SOCKLINT_VERSION: string | undefined;

const rules: Record<string, ESLintRule.RuleModule> = Object.fromEntries(socklintRules.map((rule) => [rule.meta.id, toESLintRule(rule)]));

const plugin = {
  meta: { name: 'eslint-plugin-socklint', version: typeof SOCKLINT_VERSION === 'string' ? SOCKLINT_VERSION : '0.0.0-source' },
  rules,
  configs: {} as Record<string, Linter.Config>,
} satisfies ESLint.Plugin;

/** Flat config: every rule at its socklint default severity. */
plugin.configs.recommended = {
  name: 'socklint/recommended',
  plugins: { socklint: plugin },
  rules: Object.fromEntries(socklintRules.map((rule) => [`socklint/${rule.meta.id}`, rule.meta.defaultSeverity])),
};

export = plugin;
