import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixText } from '../core/autofix';
import type { Rule } from '../core/rule';
import type { Workspace } from '../core/workspace';
import { ProjectService } from '../project/projectService';
import { Analyzer, editorWorkspace, type DocumentAnalysis } from './analyzer';
import { fixAllAction, quickFixes, requestedKinds } from './codeActions';
import { toDiagnostic } from './diagnostics';
import { minimalEdit } from './fixAll';
import { StatusNotification, type StatusParams } from '@socklint/protocol';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

/**
 * Quiet time before a document is analysed, while changes come in bursts (closer together than
 * this, faster than they are analysed). An isolated edit is analysed at once: the wait would only
 * add latency. So is a change made after the previous version's results came out, however soon.
 */
const DEBOUNCE_MS = 20;

export type FileChange = 'created' | 'changed' | 'deleted';

/** What the client said it can do (initialize). */
export interface SessionCapabilities {
  /** The client answers workspace/configuration (else settings come with didChangeConfiguration). */
  configuration: boolean;
  /**
   * Clients that cannot pull diagnostics (Neovim before 0.10, other LSP 3.16 clients) are sent
   * them (textDocument/publishDiagnostics) after each change instead.
   */
  pushDiagnostics: boolean;
  /** Code action edits carry the document's version (documentChanges): a stale fix is refused, not misapplied. */
  versionedEdits: boolean;
  registerWatchers: boolean;
  workspaceFolderEvents: boolean;
  showDocument: boolean;
}

const NO_CAPABILITIES: SessionCapabilities = {
  configuration: false,
  pushDiagnostics: false,
  versionedEdits: false,
  registerWatchers: false,
  workspaceFolderEvents: false,
  showDocument: false,
};

interface CachedResult {
  version: number;
  generation: number;
  settings: Settings;
  analysis: DocumentAnalysis;
  items: Diagnostic[];
}

export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function staleError(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed; results would be stale', { retriggerRequest: true });
}

/**
 * The language server's state, owned in one place: the workspace (folders, configurations),
 * the Projects, the settings per document, the results cache, the debounce of bursts of changes,
 * the push timers and the status sent after each analysis. server.ts wires LSP messages to it.
 */
export class LintSession {
  readonly workspace: Workspace;
  readonly projects: ProjectService;
  private readonly analyzer: Analyzer;
  private folders: string[] = [];
  private caps: SessionCapabilities = NO_CAPABILITIES;
  private globalSettings: Settings = DEFAULT_SETTINGS;
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  /** Bumped whenever something outside the document (settings, config, other files) may change results. */
  private generation = 0;
  private readonly results = new Map<string, CachedResult>();
  private readonly lastChange = new Map<string, number>();
  /** Per document: whether the last change came within DEBOUNCE_MS of the one before it, and before that one was analysed. */
  private readonly inBurst = new Map<string, boolean>();
  /** Per document: the version its last change (or its opening) made, and the version last analysed. */
  private readonly changedVersion = new Map<string, number>();
  private readonly analysedVersion = new Map<string, number>();
  private readonly pushTimers = new Map<string, NodeJS.Timeout>();
  /** Documents not analysed (too large, nested too deeply), with the reason last told to the user. */
  private readonly notChecked = new Map<string, string>();
  private readonly reportedErrors = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    readonly rules: readonly Rule[],
  ) {
    this.workspace = editorWorkspace(rules, () => this.folders);
    this.projects = new ProjectService(this.workspace, (message) => this.log(message));
    this.analyzer = new Analyzer(rules, this.projects, this.workspace);
  }

  get capabilities(): Readonly<SessionCapabilities> {
    return this.caps;
  }

  initialize(capabilities: SessionCapabilities, folders: string[]): void {
    this.caps = capabilities;
    this.folders = folders;
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  /** Logs an error once per key (not on every keystroke) until revalidated. */
  logOnce(key: string, message: string): void {
    if (this.reportedErrors.has(key)) return;
    this.reportedErrors.add(key);
    this.connection.console.error(message);
  }

  foldersChanged(added: readonly string[], removed: readonly string[]): void {
    const gone = new Set(removed);
    this.folders = this.folders.filter((f) => !gone.has(f)).concat(added);
    this.projects.clear();
    this.invalidateAll();
  }

  settingsFor(uri: string): Promise<Settings> {
    if (!this.caps.configuration) return Promise.resolve(this.globalSettings);
    let pending = this.settingsCache.get(uri);
    if (!pending) {
      pending = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'socklint' }).then(normalizeSettings, (e: unknown) => {
        this.log(`could not read settings: ${(e as Error).message}`);
        return DEFAULT_SETTINGS;
      });
      this.settingsCache.set(uri, pending);
    }
    return pending;
  }

  /** didChangeConfiguration: `raw` is the "socklint" section when the client pushes settings. */
  settingsChanged(raw: unknown): void {
    this.settingsCache.clear();
    if (!this.caps.configuration) this.globalSettings = normalizeSettings(raw);
    this.invalidateAll();
  }

  filesChanged(files: ReadonlyArray<{ filePath: string; change: FileChange }>): void {
    const names = new Set(files.map((f) => path.basename(f.filePath)));
    this.workspace.filesChanged(names);
    const openPaths = new Set(this.documents.all().map((d) => filePathOf(d.uri)));
    const relevant = this.projects.filesChanged(files, (p) => openPaths.has(p));
    if (relevant || names.has('socklint.config.json')) this.invalidateAll();
  }

  /** socklint/revalidate: forget every cache and analyse again. */
  revalidate(): void {
    this.settingsCache.clear();
    this.workspace.clear();
    this.projects.clear();
    this.reportedErrors.clear();
    this.invalidateAll();
  }

  documentChanged(uri: string): void {
    const now = performance.now();
    // The version before this change: had it been analysed, the client waited for its results (a
    // typist faster than DEBOUNCE_MS is rare; a stream of changes no analysis keeps up with is a burst).
    const previous = this.changedVersion.get(uri);
    const previousAnalysed = previous !== undefined && this.analysedVersion.get(uri) === previous;
    const version = this.documents.get(uri)?.version;
    if (version !== undefined) this.changedVersion.set(uri, version);
    this.inBurst.set(uri, now - (this.lastChange.get(uri) ?? -Infinity) < DEBOUNCE_MS && !previousAnalysed);
    this.lastChange.set(uri, now);
    if (this.caps.pushDiagnostics) this.schedulePush(uri);
  }

  documentClosed(uri: string): void {
    this.results.delete(uri);
    this.notChecked.delete(uri);
    this.lastChange.delete(uri);
    this.inBurst.delete(uri);
    this.analysedVersion.delete(uri);
    this.changedVersion.delete(uri);
    this.settingsCache.delete(uri);
    if (this.caps.pushDiagnostics) {
      clearTimeout(this.pushTimers.get(uri));
      this.pushTimers.delete(uri);
      this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
    }
    const filePath = filePathOf(uri);
    if (filePath) this.projects.closed(filePath);
  }

  /** textDocument/diagnostic: the document's diagnostics at the version the client asked about. */
  async pullDiagnostics(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const uri = params.textDocument.uri;
    const doc = this.documents.get(uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const version = doc.version;
    await this.settle(uri);
    const settings = await this.settingsFor(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const current = this.documents.get(uri);
    // Answer only for the text the client asked about; a newer version gets its own request.
    if (!current || current.version !== version) throw staleError();
    if (!settings.enable) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    // Let queued messages in (a cancellation, a newer version, another document's request) before
    // the synchronous analysis: a request superseded meanwhile is answered without analysing.
    await new Promise((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const latest = this.documents.get(uri);
    if (!latest || latest.version !== version) throw staleError();
    const result = this.analyse(latest, settings);
    if (!result) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const resultId = `${result.generation}:${result.version}`;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: result.items };
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const doc = this.documents.get(params.textDocument.uri);
    const filePath = doc && filePathOf(doc.uri);
    if (!doc || !filePath) return [];
    const kinds = requestedKinds(params.context.only);
    if (!kinds.quickFix && !kinds.fixAll) return [];
    const settings = await this.settingsFor(doc.uri);
    if (!settings.enable) return [];
    const current = this.documents.get(doc.uri);
    if (!current || current.version !== doc.version) return [];
    const actions: CodeAction[] = [];
    const result = this.analyse(current, settings);
    if (kinds.quickFix && result) {
      actions.push(
        ...quickFixes(current, result.analysis, params.range, filePath, this.caps.versionedEdits, (f, title) =>
          this.log(`${filePath}:${f.line}: fix "${title}" (${f.ruleId}) not offered: the fixed file would not parse`),
        ),
      );
    }
    if (kinds.fixAll && result && !result.analysis.notChecked && !result.analysis.ignored) {
      const original = current.getText();
      try {
        const fixed = fixText(original, filePath, (text) => this.analyzer.analyse(filePath, text, settings).findings, result.analysis.findings);
        for (const d of fixed.dropped) this.log(`${filePath}:${d.line}: fix "${d.title}" (${d.ruleId}) not applied: the fixed file would not parse`);
        actions.push(...fixAllAction(current, minimalEdit(original, fixed.text), this.caps.versionedEdits));
      } finally {
        // The Project holds the live buffer again, not the last fix pass.
        this.projects.sourceFile(filePath, original);
      }
    }
    return actions;
  }

  /** Results may have changed for every document: forget cached results and ask the client to pull again. */
  private invalidateAll(): void {
    this.generation++;
    this.results.clear();
    if (this.caps.pushDiagnostics) for (const doc of this.documents.all()) this.schedulePush(doc.uri);
    else this.connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  /** Push clients: the document's diagnostics once changes have been quiet for DEBOUNCE_MS. */
  private schedulePush(uri: string): void {
    clearTimeout(this.pushTimers.get(uri));
    this.pushTimers.set(
      uri,
      setTimeout(() => {
        this.pushTimers.delete(uri);
        void this.pushFor(uri);
      }, DEBOUNCE_MS),
    );
  }

  private async pushFor(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await this.settingsFor(uri);
    const current = this.documents.get(uri);
    // A newer change has its own push scheduled.
    if (!current || current.version !== version) return;
    const diagnostics = settings.enable ? (this.analyse(current, settings)?.items ?? []) : [];
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
  }

  /** During a burst of changes, waits until the document has been quiet for DEBOUNCE_MS. */
  private async settle(uri: string): Promise<void> {
    if (!this.inBurst.get(uri)) return;
    for (;;) {
      const since = performance.now() - (this.lastChange.get(uri) ?? 0);
      if (since >= DEBOUNCE_MS) return;
      await delay(DEBOUNCE_MS - since);
    }
  }

  /** Says once per document and reason (not on every keystroke) that it is not checked, and why. */
  private noteNotChecked(uri: string, filePath: string, reason: string): void {
    // The size in the reason changes as the user types: the kind of reason is what is told once.
    const kind = reason.replace(/^[\d.]+ (MB|KB|bytes), /, '');
    if (this.notChecked.get(uri) === kind) return;
    this.notChecked.set(uri, kind);
    this.log(`${filePath}: not checked: ${reason}`);
    // A notification, not showInformationMessage's request: nothing waits for the user to dismiss it.
    this.connection
      .sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `socklint: ${path.basename(filePath)} is not checked: ${reason}` })
      .catch(() => undefined);
  }

  /** Analyses the document at its current version (cached per version, settings and generation). */
  private analyse(doc: TextDocument, settings: Settings): CachedResult | undefined {
    const filePath = filePathOf(doc.uri);
    if (!filePath) return undefined;
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === doc.version && cached.generation === this.generation && cached.settings === settings) return cached;
    const analysis = this.analyzer.analyse(filePath, doc.getText(), settings);
    if (analysis.failure) this.logOnce(`${filePath}:${analysis.failure}`, `analysis of ${filePath} failed: ${analysis.failure}`);
    for (const e of analysis.internalErrors) this.logOnce(`${e.ruleId}:${e.message}`, `rule ${e.ruleId} failed on ${filePath}: ${e.stack ?? e.message}`);
    if (analysis.configError) this.logOnce(`config:${analysis.configError}`, `configuration ignored: ${analysis.configError}`);
    for (const problem of settings.problems) this.logOnce(`settings:${problem}`, `setting ignored: ${problem}`);
    if (analysis.notChecked) this.noteNotChecked(doc.uri, filePath, analysis.notChecked);
    else this.notChecked.delete(doc.uri);
    const items: Diagnostic[] = [];
    for (const f of analysis.findings) {
      const severity = analysis.severities.get(f.ruleId);
      if (severity && severity !== 'off') items.push(toDiagnostic(doc, f, severity));
    }
    const result: CachedResult = { version: doc.version, generation: this.generation, settings, analysis, items };
    this.analysedVersion.set(doc.uri, doc.version);
    this.results.set(doc.uri, result);
    this.connection.sendNotification(StatusNotification, statusOf(doc.uri, analysis, items.length)).catch(() => undefined);
    return result;
  }
}

/** What the client's language status shows for a document after an analysis. */
function statusOf(uri: string, analysis: DocumentAnalysis, findings: number): StatusParams {
  const problem = analysis.failure
    ? 'analysis failed (see the output)'
    : analysis.notChecked
      ? `not checked: ${analysis.notChecked}`
      : (analysis.configError ?? (analysis.internalErrors.length ? `rule ${analysis.internalErrors[0].ruleId} failed (see the output)` : undefined));
  const tenths = (ms: number) => Math.round(ms * 10) / 10;
  return {
    uri,
    state: analysis.failure ? 'error' : problem ? 'warning' : 'ok',
    validationTimeMs: Math.round(analysis.timeMs),
    findings,
    message: problem,
    phases: { updateMs: tenths(analysis.phases.updateMs), programMs: tenths(analysis.phases.programMs), rulesMs: tenths(analysis.phases.rulesMs) },
  };
}
