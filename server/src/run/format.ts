// `socklint run`'s report in check's three formats: the leftovers become findings at their
// creation lines (ESLint-shaped JSON with a `runtime` field, SARIF with runtime rule ids and
// properties), so code scanning shows them next to the static findings.
import type { Log } from 'sarif';
import type { Finding, Rule } from '../core/rule';
import { toJsonResults } from '../cli/formatters/json';
import { formatStylish } from '../cli/formatters/stylish';
import { toSarif } from '../cli/formatters/sarif';
import type { FileReport, FormatContext } from '../cli/formatters/types';
import type { Format } from '../cli/args';
import { RUNTIME_RULES, leftoverMessage, summaryLine, type Leftover, type RunSummary } from './leftovers';

/** Where leftovers without a creation line are listed (accepted connections, timers counted without --leaks). */
export const NO_SITE = '(no creation line)';
export const RUN_DOCS_URL = 'https://github.com/socklint/socklint/blob/main/docs/run.md';

const runtimeRules: Rule[] = Object.values(RUNTIME_RULES).map((r) => ({
  meta: { id: r.id, description: r.description, defaultSeverity: 'error', messages: {}, options: {} },
  check: () => {},
}));

function finding(g: Leftover): Finding {
  const line = g.line ?? 1;
  const column = g.column ?? 1;
  return {
    ruleId: RUNTIME_RULES[g.kind].id,
    messageId: g.kind,
    severity: 'error',
    message: leftoverMessage(g),
    start: 0,
    end: 0,
    line,
    column,
    endLine: line,
    endColumn: column,
    fixes: [],
  };
}

/** Leftovers as check's FileReports, in the summary's order, with each finding's group. */
function fileReports(summary: RunSummary): { files: FileReport[]; groups: Map<Finding, Leftover> } {
  const files = new Map<string, FileReport>();
  const groups = new Map<Finding, Leftover>();
  for (const g of summary.leftovers) {
    const filePath = g.file ?? NO_SITE;
    let file = files.get(filePath);
    if (!file) files.set(filePath, (file = { filePath, findings: [] }));
    const f = finding(g);
    file.findings.push(f);
    groups.set(f, g);
  }
  return { files: [...files.values()], groups };
}

function runtimeFacts(g: Leftover): Record<string, unknown> {
  return {
    kind: g.kind,
    site: g.site,
    count: g.count,
    states: g.states,
    oldestMs: g.oldestMs,
    withoutTimeout: g.withoutTimeout,
    withoutErrorListener: g.withoutErrorListener,
    unrefd: g.unrefd,
    accepted: g.accepted,
    examples: g.examples,
    processes: g.processes,
    staticRules: g.staticRules,
  };
}

export function formatRunReport(summary: RunSummary, format: Format, context: Omit<FormatContext, 'rules'>): string {
  const { files, groups } = fileReports(summary);
  const ctx: FormatContext = { ...context, rules: runtimeRules };
  if (format === 'json') {
    const results = toJsonResults(files).map((r, i) => ({
      ...r,
      messages: r.messages.map((m, j) => ({ ...m, runtime: runtimeFacts(groups.get(files[i].findings[j])!) })),
    }));
    return `${JSON.stringify(results)}\n`;
  }
  if (format === 'sarif') {
    const log: Log = toSarif(files, ctx);
    const run = log.runs[0];
    for (const rule of run.tool.driver.rules ?? []) {
      rule.helpUri = `${RUN_DOCS_URL}#${rule.id}`;
      const text = rule.shortDescription?.text ?? rule.id;
      rule.help = { text: `${text} See ${rule.helpUri}`, markdown: `${text}\n\nSee [socklint run](${rule.helpUri}).` };
    }
    const findings = files.flatMap((f) => f.findings);
    run.results?.forEach((result, i) => {
      const g = groups.get(findings[i])!;
      result.properties = { runtimeConfirmed: true, ...runtimeFacts(g) };
      if (g.file === null) delete result.locations;
      // Static rules whose problem these sockets show, as SARIF relationships a viewer can follow.
      if (g.staticRules.length) result.message.text += ` [${g.staticRules.join(', ')}]`;
    });
    return `${JSON.stringify(log, null, 2)}\n`;
  }
  if (summary.total === 0) return '';
  let text = formatStylish(files, ctx).replace(/✖ .*problems?.*\n/, `✖ ${summaryLine(summary)}\n`);
  // Groups without a creation line have no line:column to show (stylish needs one): a dash, same width.
  const unplaced = text.indexOf(`\n${NO_SITE}\n`);
  if (unplaced >= 0) text = text.slice(0, unplaced) + text.slice(unplaced).replace(/^(\s+)1:1(?=\s)/gm, '$1-  ');
  return `socklint run: left open when the processes ended${text.startsWith('\n') ? '' : '\n'}${text}`;
}
