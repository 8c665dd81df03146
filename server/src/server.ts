/**
 * The socklint language server: LSP wiring only. Analysis lives in lsp/analyzer.ts (on top of the
 * shared engine), Projects in project/, conversions and edits in lsp/.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v8 from 'node:v8';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixText } from './core/autofix';
import { clearNodeVersionCache } from './core/nodeVersion';
import { clearTestFileCache } from './core/testFiles';
import { Analyzer, type DocumentAnalysis } from './lsp/analyzer';
import { fixAllAction, quickFixes, requestedKinds, useVersionedEdits } from './lsp/codeActions';
import { toDiagnostic } from './lsp/diagnostics';
import { minimalEdit } from './lsp/fixAll';
import { FIX_ALL_KIND, REVALIDATE_NOTIFICATION, SHOW_DOCUMENTATION_COMMAND, STATUS_NOTIFICATION, type StatusParams } from './lsp/protocol';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './lsp/settings';
import { ConfigService } from './core/configService';
import { ProjectService } from './project/projectService';
import { rules } from './rules';

// A server lives all day beside the editor: let the heap grow 20 % past what survives a full GC, not
// V8's default of up to 4×. On a 300-file project: peak RSS 725 → ~420 MB, edit latency unchanged
// (npm run bench:lsp). Set here, not on the command line: should a future Node drop the flag, this
// prints one line on stderr, while a command-line flag would keep the server from starting.
v8.setFlagsFromString('--heap-growing-percent=20');

/**
 * Quiet time before a document is analysed, while changes come in bursts (closer together than
 * this). An isolated edit is analysed at once: the wait would only add latency.
 */
const DEBOUNCE_MS = 20;
const WATCHED_SOURCES = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}';
const WATCHED_CONFIGS = '**/{package.json,tsconfig.json,jsconfig.json,socklint.config.json}';

const CHANGE_KINDS: Record<number, 'created' | 'changed' | 'deleted'> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let folders: string[] = [];
let hasConfigurationCapability = false;
let canRegisterWatchers = false;
let hasWorkspaceFolderEvents = false;
/**
 * Clients that cannot pull diagnostics (Neovim before 0.10, other LSP 3.16 clients) are sent
 * them (textDocument/publishDiagnostics) after each change instead.
 */
let pushDiagnostics = false;
let canShowDocument = false;
const pushTimers = new Map<string, NodeJS.Timeout>();
let globalSettings: Settings = DEFAULT_SETTINGS;
const settingsCache = new Map<string, Promise<Settings>>();

const log = (message: string) => connection.console.log(message);
const projects = new ProjectService(() => folders, log);
const configs = new ConfigService(rules);
const analyzer = new Analyzer(rules, projects, configs);

/** Bumped whenever something outside the document (settings, config, other files) may change results. */
let generation = 0;
interface CachedResult {
  version: number;
  generation: number;
  settings: Settings;
  analysis: DocumentAnalysis;
  items: Diagnostic[];
}
const results = new Map<string, CachedResult>();
const lastChange = new Map<string, number>();
/** Per document: whether the last change came within DEBOUNCE_MS of the one before it. */
const inBurst = new Map<string, boolean>();
const reportedErrors = new Set<string>();

function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfigurationCapability) return Promise.resolve(globalSettings);
  let pending = settingsCache.get(uri);
  if (!pending) {
    pending = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'socklint' })
      .then(normalizeSettings, (e: unknown) => {
        log(`could not read settings: ${(e as Error).message}`);
        return DEFAULT_SETTINGS;
      });
    settingsCache.set(uri, pending);
  }
  return pending;
}

/** Results may have changed for every document: forget cached results and ask the client to pull again. */
function invalidateAll(): void {
  generation++;
  results.clear();
  if (pushDiagnostics) for (const doc of documents.all()) schedulePush(doc.uri);
  else connection.languages.diagnostics.refresh().catch(() => undefined);
}

/** Push clients: the document's diagnostics once changes have been quiet for DEBOUNCE_MS. */
function schedulePush(uri: string): void {
  clearTimeout(pushTimers.get(uri));
  pushTimers.set(
    uri,
    setTimeout(() => {
      pushTimers.delete(uri);
      void pushFor(uri);
    }, DEBOUNCE_MS),
  );
}

async function pushFor(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  const settings = await settingsFor(uri);
  const current = documents.get(uri);
  // A newer change has its own push scheduled.
  if (!current || current.version !== version) return;
  const diagnostics = settings.enable ? (analyse(current, settings)?.items ?? []) : [];
  connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
}

/** Documents not analysed (too large, nested too deeply), with the reason last told to the user. */
const notChecked = new Map<string, string>();

/** Says once per document and reason (not on every keystroke) that it is not checked, and why. */
function noteNotChecked(uri: string, filePath: string, reason: string): void {
  // The size in the reason changes as the user types: the kind of reason is what is told once.
  const kind = reason.replace(/^[\d.]+ (MB|KB|bytes), /, '');
  if (notChecked.get(uri) === kind) return;
  notChecked.set(uri, kind);
  log(`${filePath}: not checked: ${reason}`);
  // A notification, not showInformationMessage's request: nothing waits for the user to dismiss it.
  connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `socklint: ${path.basename(filePath)} is not checked: ${reason}` }).catch(() => undefined);
}

function logOnce(key: string, message: string): void {
  if (reportedErrors.has(key)) return;
  reportedErrors.add(key);
  connection.console.error(message);
}

/** Analyses the document at its current version (cached per version, settings and generation). */
function analyse(doc: TextDocument, settings: Settings): CachedResult | undefined {
  const filePath = filePathOf(doc.uri);
  if (!filePath) return undefined;
  const cached = results.get(doc.uri);
  if (cached && cached.version === doc.version && cached.generation === generation && cached.settings === settings) return cached;
  const analysis = analyzer.analyse(filePath, doc.getText(), settings);
  if (analysis.failure) logOnce(`${filePath}:${analysis.failure}`, `analysis of ${filePath} failed: ${analysis.failure}`);
  for (const e of analysis.internalErrors) logOnce(`${e.ruleId}:${e.message}`, `rule ${e.ruleId} failed on ${filePath}: ${e.stack ?? e.message}`);
  if (analysis.configError) logOnce(`config:${analysis.configError}`, `configuration ignored: ${analysis.configError}`);
  for (const problem of settings.problems) logOnce(`settings:${problem}`, `setting ignored: ${problem}`);
  if (analysis.notChecked) noteNotChecked(doc.uri, filePath, analysis.notChecked);
  else notChecked.delete(doc.uri);
  const items: Diagnostic[] = [];
  for (const f of analysis.findings) {
    const severity = analysis.severities.get(f.ruleId);
    if (severity && severity !== 'off') items.push(toDiagnostic(doc, f, severity));
  }
  const result: CachedResult = { version: doc.version, generation, settings, analysis, items };
  results.set(doc.uri, result);
  const problem = analysis.failure ? 'analysis failed (see the output)' : analysis.notChecked ? `not checked: ${analysis.notChecked}` : analysis.configError ?? (analysis.internalErrors.length ? `rule ${analysis.internalErrors[0].ruleId} failed (see the output)` : undefined);
  const status: StatusParams = {
    uri: doc.uri,
    state: analysis.failure ? 'error' : problem ? 'warning' : 'ok',
    validationTimeMs: Math.round(analysis.timeMs),
    findings: items.length,
    message: problem,
    phases: {
      updateMs: Math.round(analysis.phases.updateMs * 10) / 10,
      programMs: Math.round(analysis.phases.programMs * 10) / 10,
      rulesMs: Math.round(analysis.phases.rulesMs * 10) / 10,
    },
  };
  connection.sendNotification(STATUS_NOTIFICATION, status).catch(() => undefined);
  return result;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** During a burst of changes, waits until the document has been quiet for DEBOUNCE_MS. */
async function settle(uri: string): Promise<void> {
  if (!inBurst.get(uri)) return;
  for (;;) {
    const since = performance.now() - (lastChange.get(uri) ?? 0);
    if (since >= DEBOUNCE_MS) return;
    await delay(DEBOUNCE_MS - since);
  }
}

function staleError(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed; results would be stale', { retriggerRequest: true });
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  canRegisterWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  hasWorkspaceFolderEvents = !!caps.workspace?.workspaceFolders;
  useVersionedEdits(!!caps.workspace?.workspaceEdit?.documentChanges);
  pushDiagnostics = !caps.textDocument?.diagnostic;
  canShowDocument = !!caps.window?.showDocument?.support;
  folders = (params.workspaceFolders ?? []).map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
  if (folders.length === 0 && params.rootUri) {
    const root = filePathOf(params.rootUri);
    if (root) folders = [root];
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...(pushDiagnostics ? {} : { diagnosticProvider: { identifier: 'socklint', interFileDependencies: false, workspaceDiagnostics: false } }),
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'socklint', version: process.env.SOCKLINT_VERSION ?? '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (hasConfigurationCapability) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'socklint' }).catch(() => undefined);
  }
  if (canRegisterWatchers) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_SOURCES }, { globPattern: WATCHED_CONFIGS }] })
      .catch(() => undefined);
  }
  if (hasWorkspaceFolderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => filePathOf(f.uri)));
      folders = folders.filter((f) => !removed.has(f)).concat(event.added.map((f) => filePathOf(f.uri)).filter((p): p is string => !!p));
      projects.clear();
      invalidateAll();
    });
  }
  log(`socklint server started (${rules.length} rules, Node ${process.version})`);
});

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  if (!hasConfigurationCapability) globalSettings = normalizeSettings((change.settings as { socklint?: unknown } | undefined)?.socklint);
  invalidateAll();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  const files = changes
    .map((c) => ({ filePath: filePathOf(c.uri), change: CHANGE_KINDS[c.type] ?? 'changed' }))
    .filter((c): c is { filePath: string; change: 'created' | 'changed' | 'deleted' } => !!c.filePath);
  const names = new Set(files.map((f) => path.basename(f.filePath)));
  if (names.has('socklint.config.json') || names.has('package.json')) configs.clear();
  if (names.has('package.json')) {
    clearNodeVersionCache();
    clearTestFileCache();
  }
  const openPaths = new Set(documents.all().map((d) => filePathOf(d.uri)));
  const relevant = projects.filesChanged(files, (p) => openPaths.has(p));
  if (relevant || names.has('socklint.config.json')) invalidateAll();
});

connection.onNotification(REVALIDATE_NOTIFICATION, () => {
  settingsCache.clear();
  configs.clear();
  clearNodeVersionCache();
  clearTestFileCache();
  projects.clear();
  reportedErrors.clear();
  invalidateAll();
});

documents.onDidChangeContent((e) => {
  const now = performance.now();
  inBurst.set(e.document.uri, now - (lastChange.get(e.document.uri) ?? -Infinity) < DEBOUNCE_MS);
  lastChange.set(e.document.uri, now);
  if (pushDiagnostics) schedulePush(e.document.uri);
});

documents.onDidClose((e) => {
  results.delete(e.document.uri);
  notChecked.delete(e.document.uri);
  lastChange.delete(e.document.uri);
  inBurst.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  if (pushDiagnostics) {
    clearTimeout(pushTimers.get(e.document.uri));
    pushTimers.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
  }
  const filePath = filePathOf(e.document.uri);
  if (filePath) projects.closed(filePath);
});

connection.languages.diagnostics.on(async (params, token: CancellationToken): Promise<DocumentDiagnosticReport> => {
  const uri = params.textDocument.uri;
  const doc = documents.get(uri);
  if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const version = doc.version;
  await settle(uri);
  const settings = await settingsFor(uri);
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const current = documents.get(uri);
  // Answer only for the text the client asked about; a newer version gets its own request.
  if (!current || current.version !== version) throw staleError();
  if (!settings.enable) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  // Let queued messages in (a cancellation, a newer version, another document's request) before
  // the synchronous analysis: a request superseded meanwhile is answered without analysing.
  await new Promise((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const latest = documents.get(uri);
  if (!latest || latest.version !== version) throw staleError();
  const result = analyse(latest, settings);
  if (!result) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const resultId = `${result.generation}:${result.version}`;
  if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
  return { kind: DocumentDiagnosticReportKind.Full, resultId, items: result.items };
});

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  const filePath = doc && filePathOf(doc.uri);
  if (!doc || !filePath) return [];
  const kinds = requestedKinds(params.context.only);
  if (!kinds.quickFix && !kinds.fixAll) return [];
  const settings = await settingsFor(doc.uri);
  if (!settings.enable) return [];
  const current = documents.get(doc.uri);
  if (!current || current.version !== doc.version) return [];
  const actions = [];
  const result = analyse(current, settings);
  if (kinds.quickFix && result) {
    actions.push(...quickFixes(current, result.analysis, params.range, filePath, (f, title) => log(`${filePath}:${f.line}: fix "${title}" (${f.ruleId}) not offered: the fixed file would not parse`)));
  }
  if (kinds.fixAll && result && !result.analysis.notChecked) {
    const original = current.getText();
    try {
      const fixed = fixText(original, filePath, (text) => analyzer.analyse(filePath, text, settings).findings, result.analysis.findings);
      for (const d of fixed.dropped) log(`${filePath}:${d.line}: fix "${d.title}" (${d.ruleId}) not applied: the fixed file would not parse`);
      actions.push(...fixAllAction(current, minimalEdit(original, fixed.text)));
    } finally {
      // The Project holds the live buffer again, not the last fix pass.
      projects.sourceFile(filePath, original);
    }
  }
  return actions;
});

// "Show documentation for <rule>" is the VS Code extension's own command. Other clients (Neovim)
// send it here, though the server does not list it: open the rule's page, or say where it is.
connection.onExecuteCommand(async ({ command, arguments: args }) => {
  if (command !== SHOW_DOCUMENTATION_COMMAND) throw new ResponseError(LSPErrorCodes.RequestFailed, `unknown command ${command}`);
  const [ruleId, url] = (args ?? []) as [string, string];
  if (canShowDocument && (await connection.window.showDocument({ uri: url, external: true }).then((r) => r.success, () => false))) return null;
  connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `socklint: ${ruleId}: ${url}` }).catch(() => undefined);
  return null;
});

process.on('uncaughtException', (e) => logOnce(`uncaught:${e.message}`, `unexpected error: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => logOnce(`unhandled:${String(e)}`, `unexpected rejection: ${(e as Error)?.stack ?? String(e)}`));

documents.listen(connection);
connection.listen();
