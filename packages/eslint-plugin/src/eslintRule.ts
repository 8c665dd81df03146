import type { Rule as ESLintRule, SourceCode } from 'eslint';
import { SyntaxGuard } from '../../../server/src/core/autofix';
import { autoFixOf, docsUrl, type Finding, type Fix, type Rule } from '../../../server/src/core/rule';
import { FileRun, type FileContext, type RuleOptions } from './fileRun';
import { dataOf, eslintTemplate } from './messages';

/** The file's run, one per SourceCode: ESLint makes a new one per file and per fix pass. */
const runs = new WeakMap<SourceCode, FileRun>();

function runFor(context: ESLintRule.RuleContext): FileRun {
  const { sourceCode } = context;
  let run = runs.get(sourceCode);
  if (!run) {
    const file: FileContext = {
      filename: context.filename,
      physicalFilename: context.physicalFilename,
      cwd: context.cwd,
      text: sourceCode.text,
      parserServices: sourceCode.parserServices as FileContext['parserServices'],
      settings: context.settings as FileContext['settings'],
    };
    run = new FileRun(file);
    runs.set(sourceCode, run);
  }
  return run;
}

function optionsSchema(rule: Rule): ESLintRule.RuleMetaData['schema'] {
  const properties = Object.fromEntries(
    Object.entries(rule.meta.options).map(([name, spec]) => [name, { type: spec.type, default: spec.default, description: spec.description }]),
  );
  return [{ type: 'object', properties, additionalProperties: false }];
}

function toFixer(fix: Fix): ESLintRule.ReportFixer {
  return (fixer) => fix.edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.text));
}

/**
 * A socklint rule as an ESLint rule. The finding's first fix that is not a suggestion is ESLint's
 * `fix` (applied by --fix); every other fix is a suggestion (offered by editors, never applied
 * unasked). A fix whose result would not parse is left out, as socklint's own fix pipeline does.
 */
export function toESLintRule(rule: Rule): ESLintRule.RuleModule {
  const messages = Object.fromEntries(Object.entries(rule.meta.messages).map(([id, template]) => [id, eslintTemplate(template)]));
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.meta.description, url: docsUrl(rule.meta.id), recommended: true },
      schema: optionsSchema(rule),
      // Every socklint rule offers fixes for some of its findings; which kind depends on the code.
      fixable: 'code',
      hasSuggestions: true,
      messages,
    },
    create(context) {
      const run = runFor(context);
      run.request(rule.meta.id, context.options[0] as RuleOptions | undefined);
      return {
        Program() {
          const { byRule, internalErrors } = run.findings();
          const failure = internalErrors.find((e) => e.ruleId === rule.meta.id);
          // A rule that failed leaves the result incomplete (socklint check exits 2): say so.
          if (failure) throw new Error(`socklint rule ${rule.meta.id} failed on ${context.filename}: ${failure.message}`);
          const findings = byRule.get(rule.meta.id);
          if (!findings) return;
          const guard = new SyntaxGuard(context.sourceCode.text, context.filename);
          for (const finding of findings) context.report(descriptor(rule, finding, context.sourceCode, guard));
        },
      };
    },
  };
}

function descriptor(rule: Rule, finding: Finding, sourceCode: SourceCode, guard: SyntaxGuard): ESLintRule.ReportDescriptor {
  const template = rule.meta.messages[finding.messageId];
  const data = dataOf(template, finding.message);
  const parses = (fix: Fix) => fix.edits.length > 0 && !guard.breaks(fix.edits);
  const auto = autoFixOf(finding);
  const fix = auto && parses(auto) ? auto : undefined;
  const suggestions = finding.fixes.filter((f) => f !== auto && parses(f));
  const loc = { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) };
  const base = { loc, fix: fix ? toFixer(fix) : null, suggest: suggestions.map((s) => ({ desc: s.title, fix: toFixer(s) })) };
  // The data is read back from the message; should a message not fit its template, the text as is.
  return data ? { ...base, messageId: finding.messageId, data } : { ...base, message: finding.message };
}
