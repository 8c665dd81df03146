// The list under the sockets chart: the creation sites whose live sockets grew over the selected
// time range, each a link to its source line (the same openSite as the sites table).
import { BEFORE_TRACING, sitesGrownBetween, type SiteGrowth } from '@socklint/inspector/siteGrowth';
import { parseSite } from '@socklint/protocol/webview';
import { siteCountsOfHistory, type History } from './charts';
import { el } from './dom';
import type { TimeRange } from './rangeSelect';

/** "14:03:07", the time of day as the chart's axis shows it (local time). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function baseName(file: string): string {
  const clean = file.replace(/^file:\/\//, '');
  return clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1);
}

function row(g: SiteGrowth): HTMLLIElement {
  const site = parseSite(g.site);
  const place =
    g.site === BEFORE_TRACING
      ? 'created before tracing (no site recorded)'
      : site
        ? el(
            'a',
            { href: '#', class: 'site-link', title: g.site, 'data-file': site.file, 'data-line': String(site.line), 'data-column': String(site.column) },
            [`${baseName(site.file)}:${site.line}`],
          )
        : g.site;
  return el('li', { 'data-site': g.site, 'data-growth': String(g.growth) }, [
    place,
    '  ',
    el('span', { class: 'range-growth' }, [`+${g.growth} (${g.from} → ${g.to})`]),
  ]);
}

export function renderRange(range: TimeRange | null, history: History): void {
  const section = document.getElementById('range-sites')!;
  section.hidden = !range;
  if (!range) return;
  section.dataset.t0 = String(range[0]);
  section.dataset.t1 = String(range[1]);
  document.getElementById('range-title')!.textContent = `Sites whose sockets grew between ${clockTime(range[0])} and ${clockTime(range[1])}`;
  const grown = sitesGrownBetween(siteCountsOfHistory(history), range[0], range[1]);
  const traced = (history.sites ?? []).some((s) => s !== null);
  const empty = traced ? 'No site’s sockets grew in this range.' : 'No creation sites recorded in this range: tick “creation sites” to trace them.';
  document.getElementById('range-list')!.replaceChildren(...(grown.length ? grown.map(row) : [el('li', { class: 'empty' }, [empty])]));
}
