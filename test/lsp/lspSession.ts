/**
 * Drives the built language server (dist/server.js) over stdio with real JSON-RPC, playing the
 * part of the editor: answers workspace/configuration, records refresh requests and status
 * notifications, and applies returned edits to text.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  FileChangeType,
  InitializeRequest,
  InitializedNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

const workspaces: string[] = [];
// Workspaces live until the test process ends (a server started on one may still be reading it).
process.on('exit', () => {
  for (const dir of workspaces) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir holding `files` (relative path → text), removed when the tests exit. */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-lsp-'));
  workspaces.push(dir);
  for (const [name, text] of Object.entries(files)) writeFile(dir, name, text);
  return dir;
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function offsetAt(text: string, pos: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + pos.character, text.length);
}

/** Applies LSP TextEdits (non-overlapping, any order) to text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const withOffsets = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The edits a code action makes to `uri` (versioned document changes, or plain changes). */
export function editsOf(action: CodeAction, uri: string, version?: number): TextEdit[] {
  for (const change of action.edit?.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
    if (version !== undefined && change.textDocument.version !== version)
      throw new Error(`edit for version ${change.textDocument.version}, document is at ${version}`);
    return change.edits.filter((e): e is TextEdit => 'range' in e && 'newText' in e);
  }
  return action.edit?.changes?.[uri] ?? [];
}

export interface SessionOptions {
  folders: string[];
  /** The "socklint" settings section, per scope URI (default: the same for all). */
  settings?: (scopeUri: string | undefined) => unknown;
}

export class LspSession {
  readonly connection: ProtocolConnection;
  readonly statuses: Array<{ uri: string; state: string; validationTimeMs: number; findings: number; message?: string }> = [];
  readonly logs: string[] = [];
  /** window/showMessage notifications (type 1 error … 4 log) as the user would see them. */
  readonly messages: Array<{ type: number; message: string }> = [];
  refreshes = 0;
  settings: (scopeUri: string | undefined) => unknown;
  initializeResult!: InitializeResult;
  private readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();

  private constructor(
    readonly proc: ChildProcess,
    options: SessionOptions,
  ) {
    this.settings = options.settings ?? (() => ({}));
    this.connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === 'socklint' ? this.settings(item.scopeUri) : null)),
    );
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes++;
    });
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onNotification('socklint/status', (params) => {
      this.statuses.push(params);
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.messages.push(params);
    });
    this.connection.listen();
  }

  static async start(options: SessionOptions): Promise<LspSession> {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first`);
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', () => undefined);
    const session = new LspSession(proc, options);
    session.initializeResult = await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          diagnostics: { refreshSupport: true },
          workspaceEdit: { documentChanges: true },
          workspaceFolders: true,
        },
        textDocument: {
          diagnostic: { dynamicRegistration: false },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
      },
      workspaceFolders: options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
    });
    await session.connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  async open(file: string, text?: string): Promise<string> {
    const uri = uriOf(file);
    const content = text ?? fs.readFileSync(file, 'utf8');
    this.versions.set(uri, 1);
    this.texts.set(uri, content);
    const languageId = /\.[mc]?tsx?$/.test(file) ? 'typescript' : 'javascript';
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text: content } });
    return uri;
  }

  /** Replaces the whole text (a full-content change). Returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  report(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.report(uri);
    if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  /** The diagnostics of one rule (other rules may report on the same code). */
  async findings(uri: string, ruleId: string): Promise<Diagnostic[]> {
    return (await this.diagnostics(uri)).filter((d) => d.code === ruleId);
  }

  async codeActions(uri: string, range: Range, only?: string[], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
    return (result ?? []) as CodeAction[];
  }

  /** Applies a code action's edit to our copy of the document and sends it as a change. */
  async apply(uri: string, action: CodeAction): Promise<string> {
    const text = applyTextEdits(this.texts.get(uri)!, editsOf(action, uri, this.versions.get(uri)));
    await this.change(uri, text);
    return text;
  }

  async settingsChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async filesChanged(changes: Array<{ file: string; type: 'created' | 'changed' | 'deleted' }>): Promise<void> {
    const type: Record<string, FileChangeType> = { created: FileChangeType.Created, changed: FileChangeType.Changed, deleted: FileChangeType.Deleted };
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: changes.map((c) => ({ uri: uriOf(c.file), type: type[c.type] })),
    });
  }

  /** Polls until `predicate` holds (no fixed sleeps). */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Already gone.
    }
    this.connection.dispose();
    if (this.alive) {
      await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      if (this.alive) this.proc.kill();
    }
  }
}
