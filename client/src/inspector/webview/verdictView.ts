// The verdict at the top of the panel: one line for the worst problem, one per other problem, each
// part a link — the count to the socket table filtered to those sockets, the place to its source
// line, the rule to its documentation — then the per-minute trends.
import { trendsText } from '@socklint/inspector/trends';
import type { Trends, Verdict, VerdictItem } from '@socklint/inspector';
import { el } from './dom';

/** The parts of one item's line (what, where, rule, trend) as text and links. */
function itemNodes(i: VerdictItem): Array<Node | string> {
  const p = i.place;
  const site = p?.site && p.file && p.line !== null ? p : null;
  // The count opens the table with the filter that lists these sockets (and their site, when it is a line).
  const what = i.filter
    ? el(
        'a',
        { href: '#', class: 'verdict-sockets', 'data-filter': i.filter, 'data-site': site ? `${site.file}:${site.line}` : '', 'data-label': site?.label ?? '' },
        [i.what],
      )
    : i.what;
  const out: Array<Node | string> = [what];
  if (p) {
    const some = p.count < i.count ? `${p.count} ` : '';
    if (site)
      out.push(
        `, ${some}created at `,
        el(
          'a',
          { href: '#', class: 'site-link verdict-site', 'data-file': site.file!, 'data-line': String(site.line), 'data-column': String(site.column ?? 1) },
          [p.label],
        ),
      );
    else if (p.site) out.push(`, ${some}${p.label}`);
  }
  if (i.rule) out.push(' (', el('a', { href: '#', class: 'rule-link', 'data-rule': i.rule }, [i.rule]), ')');
  const trend = i.text.match(/, ([+−][\d.]+ per minute)$/);
  if (trend) out.push(', ', el('span', { class: 'verdict-trend' }, [trend[1]]));
  return out;
}

export function renderVerdict(verdict: Verdict | null, trends: Trends | null): void {
  const section = document.getElementById('verdict')!;
  section.hidden = !verdict;
  if (!verdict) return;
  section.dataset.ok = String(verdict.ok);
  const line = document.getElementById('verdict-line')!;
  const first = verdict.items[0];
  line.dataset.problem = first?.problem ?? '';
  line.replaceChildren(...(first ? itemNodes(first) : [verdict.text]));
  document.getElementById('verdict-more')!.replaceChildren(...verdict.items.slice(1).map((i) => el('li', { 'data-problem': i.problem }, itemNodes(i))));
  const hint = document.getElementById('verdict-hint')!;
  hint.hidden = !verdict.hint;
  hint.textContent = verdict.hint ?? '';
  const rates = document.getElementById('trends')!;
  const text = trends && trendsText(trends);
  rates.hidden = !text;
  rates.textContent = text ? `Trend: ${text}` : '';
}
