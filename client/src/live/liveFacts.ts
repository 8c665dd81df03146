// The live facts the editor shows, per document and line: built from each sample of the attached
// session while creation-site tracing is on, emptied on detach. The last facts are kept in the
// workspace state, so a window reload shows them again, marked stale (nothing re-attaches by itself).
import * as vscode from 'vscode';
import type { KernelSample, Sample, SocketRow } from '@socklint/inspector';
import type { InspectorSession } from '../inspector/session';
import { DEFAULT_IDLE_MS, factsText, indexSites, mergeFacts, type LineFacts } from './siteIndex';
import { mapSite } from './sitePaths';

/** One line's facts where the editor shows them (a workspace file, 1-based line). */
type AnySample = Sample | KernelSample;

export interface LineLive {
  uri: string;
  line: number;
  facts: LineFacts;
}

export interface LiveSnapshot {
  /** Live (attached) or stale (the last facts from before a window reload). */
  stale: boolean;
  /** Wall-clock time of the sample the facts come from. */
  t: number;
  target: string;
  lines: LineLive[];
}

/** The per-socket drill-down is paged; a line's facts cover at most this many sockets. */
const PAGE = 1000;
const MAX_SOCKETS = 5000;
/** The session's sample period. */
const TICK_MS = 1000;
/** How often the facts are written to the workspace state (for after a reload). */
const SAVE_EVERY_MS = 3000;
const STATE_KEY = 'socklint.live.last';

export function liveSetting<T>(name: string, fallback: T): T {
  return vscode.workspace.getConfiguration('socklint.live').get<T>(name, fallback);
}

export function idleThresholdMs(): number {
  const s = liveSetting<number>('idleSeconds', DEFAULT_IDLE_MS / 1000);
  return Math.max(0, Number.isFinite(s) ? s : DEFAULT_IDLE_MS / 1000) * 1000;
}

export class LiveFacts implements vscode.Disposable {
  private snapshot: LiveSnapshot | null;
  private byUri = new Map<string, LineLive[]>();
  private session: InspectorSession<AnySample> | null = null;
  private unsubscribe: (() => void) | null = null;
  private fetching = false;
  private nextFetch = 0;
  private signature = '';
  private lastSave = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    const saved = state.get<LiveSnapshot>(STATE_KEY);
    this.snapshot = saved && Array.isArray(saved.lines) && saved.lines.length ? { ...saved, stale: true } : null;
    this.signature = signatureOf(this.snapshot);
    this.rebuild();
  }

  get current(): LiveSnapshot | null {
    return this.snapshot;
  }

  linesOf(uri: vscode.Uri): LineLive[] {
    return this.byUri.get(uri.toString()) ?? [];
  }

  lineAt(uri: vscode.Uri, line: number): LineLive | undefined {
    return this.linesOf(uri).find((l) => l.line === line);
  }

  /** Follow this session's samples; null: the session ended (detach, exit), and the facts go. */
  follow(session: InspectorSession<AnySample> | null): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.session = session;
    if (!session) {
      this.set(null);
      return;
    }
    // A new process: nothing from before stays (stale or not).
    this.set(null);
    const onSample = (sample: AnySample) => void this.refresh(session, sample);
    session.on('sample', onSample);
    this.unsubscribe = () => session.off('sample', onSample);
    if (session.latest) void this.refresh(session, session.latest);
  }

  /** Drops stale facts (the user's "clear"). */
  clearStale(): void {
    if (this.snapshot?.stale) this.set(null);
  }

  private async refresh(session: InspectorSession<AnySample>, sample: AnySample): Promise<void> {
    if (this.fetching || this.session !== session || !session.active) return;
    if (!liveSetting('codeLens', true) && !liveSetting('decorations', true) && !liveSetting('diagnostics', true)) return this.set(null);
    // Paging every socket costs the target time: at most a twentieth of the wall clock.
    if (Date.now() < this.nextFetch) return;
    const sites = 'sites' in sample ? sample.sites : null;
    if (!session.traceSites || !sites || !sites.some((g) => g.file !== null && g.live > 0)) {
      this.set(session.traceSites && sites ? { stale: false, t: sample.t, target: session.target.label, lines: [] } : null);
      return;
    }
    this.fetching = true;
    const started = Date.now();
    try {
      const rows: SocketRow[] = [];
      for (let offset = 0; offset < MAX_SOCKETS; offset += PAGE) {
        const page = await session.sockets(offset, PAGE);
        rows.push(...(page.items as SocketRow[]));
        if (offset + PAGE >= page.total) break;
      }
      if (this.session !== session || !session.active) return;
      this.set({ stale: false, t: sample.t, target: session.target.label, lines: placeInWorkspace(indexSites(rows, { idleMs: idleThresholdMs() })) });
    } catch {
      // Detached meanwhile, or one slow page: the next sample tries again.
    } finally {
      this.fetching = false;
      this.nextFetch = Date.now() + Math.max(0, 20 * (Date.now() - started) - TICK_MS);
    }
  }

  private set(snapshot: LiveSnapshot | null): void {
    const before = this.snapshot;
    const signature = signatureOf(snapshot);
    // The same facts again (the usual sample): nothing to redraw. Each change event makes the
    // editor ask for every CodeLens again, and a stream of them once a second can keep its
    // debounced refresh from ever running.
    const same = signature === this.signature;
    this.signature = signature;
    this.snapshot = snapshot;
    this.rebuild();
    if (!snapshot || !snapshot.lines.length) {
      if (before?.lines.length || !snapshot) void this.state.update(STATE_KEY, undefined);
    } else if (Date.now() - this.lastSave >= SAVE_EVERY_MS) {
      this.lastSave = Date.now();
      void this.state.update(STATE_KEY, snapshot);
    }
    if (!same) this.changed.fire();
  }

  private rebuild(): void {
    this.byUri = new Map();
    for (const l of this.snapshot?.lines ?? []) {
      const list = this.byUri.get(l.uri) ?? [];
      list.push(l);
      this.byUri.set(l.uri, list);
    }
  }

  dispose(): void {
    // Not cleared: the workspace state keeps the last facts for after a window reload.
    this.unsubscribe?.();
    this.changed.dispose();
  }
}

/** The process's sites as workspace lines: mapped paths, and sites that land on one line merged. */
function placeInWorkspace(index: Map<string, LineFacts>): LineLive[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const byLine = new Map<string, LineLive>();
  for (const facts of index.values()) {
    const mapped = mapSite(facts.file, facts.line, facts.column, folders);
    if (!mapped) continue;
    const uri = vscode.Uri.file(mapped.fsPath).toString();
    const key = `${uri}#${mapped.line}`;
    const placed = { ...facts, column: mapped.column };
    const seen = byLine.get(key);
    byLine.set(key, { uri, line: mapped.line, facts: seen ? mergeFacts(seen.facts, placed) : placed });
  }
  return [...byLine.values()];
}

/** What the editor shows of a snapshot: equal signatures, nothing to redraw. */
function signatureOf(snapshot: LiveSnapshot | null): string {
  if (!snapshot) return '';
  const lines = snapshot.lines.map((l) => [l.uri, l.line, factsText(l.facts), l.facts.noTimeoutIdle, l.facts.sites]);
  return JSON.stringify([snapshot.stale, snapshot.target, lines]);
}
