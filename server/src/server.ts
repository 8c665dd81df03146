/**
 * The socklint language server: LSP wiring only. Its state (results, debounce, status, settings,
 * workspace and Projects) lives in lsp/lintSession.ts; analysis in lsp/analyzer.ts on top of the
 * shared engine; conversions and edits in lsp/.
 */
import * as v8 from 'node:v8';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LintSession, filePathOf, type FileChange } from './lsp/lintSession';
import { FIX_ALL_KIND, RevalidateNotification, SHOW_DOCUMENTATION_COMMAND } from '@socklint/protocol';
import { rules } from './rules';

// A server lives all day beside the editor: let the heap grow 35 % past what survives a full GC, not
// V8's default of up to 4×. On a 300-file project: peak RSS 725 → ~420 MB (at 20 %), edit latency
// unchanged (npm run bench:lsp). 35 rather than 20: each edit leaves a program and a type checker to
// collect, and at 20 % a 10,000-file monorepo's package (~550 files in the program) had a full GC
// every ~10 edits, in the edit's time (npm run bench -- --monorepo: server CPU per edit 48 → 43 ms,
// p95 −40 %, ~+20 MB). Set here, not on the command line: should a future Node drop the flag, this
// prints one line on stderr, while a command-line flag would keep the server from starting.
v8.setFlagsFromString('--heap-growing-percent=35');

const WATCHED_SOURCES = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}';
const WATCHED_CONFIGS = '**/{package.json,tsconfig.json,jsconfig.json,socklint.config.json}';

const CHANGE_KINDS: Record<number, FileChange> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const session = new LintSession(connection, documents, rules);

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  let folders = (params.workspaceFolders ?? []).map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
  if (folders.length === 0 && params.rootUri) {
    const root = filePathOf(params.rootUri);
    if (root) folders = [root];
  }
  session.initialize(
    {
      configuration: !!caps.workspace?.configuration,
      pushDiagnostics: !caps.textDocument?.diagnostic,
      versionedEdits: !!caps.workspace?.workspaceEdit?.documentChanges,
      registerWatchers: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      workspaceFolderEvents: !!caps.workspace?.workspaceFolders,
      showDocument: !!caps.window?.showDocument?.support,
    },
    folders,
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...(session.capabilities.pushDiagnostics
        ? {}
        : { diagnosticProvider: { identifier: 'socklint', interFileDependencies: false, workspaceDiagnostics: false } }),
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'socklint', version: process.env.SOCKLINT_VERSION ?? '0.1.0' },
  };
});

connection.onInitialized(() => {
  const { configuration, registerWatchers, workspaceFolderEvents } = session.capabilities;
  if (configuration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'socklint' }).catch(() => undefined);
  }
  if (registerWatchers) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_SOURCES }, { globPattern: WATCHED_CONFIGS }] })
      .catch(() => undefined);
  }
  if (workspaceFolderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const paths = (folders: typeof event.added) => folders.map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
      session.foldersChanged(paths(event.added), paths(event.removed));
    });
  }
  session.log(`socklint server started (${rules.length} rules, Node ${process.version})`);
});

connection.onDidChangeConfiguration((change) => session.settingsChanged((change.settings as { socklint?: unknown } | undefined)?.socklint));

connection.onDidChangeWatchedFiles(({ changes }) => {
  const files = changes
    .map((c) => ({ filePath: filePathOf(c.uri), change: CHANGE_KINDS[c.type] ?? 'changed' }))
    .filter((c): c is { filePath: string; change: FileChange } => !!c.filePath);
  session.filesChanged(files);
});

connection.onNotification(RevalidateNotification, () => session.revalidate());

documents.onDidChangeContent((e) => session.documentChanged(e.document.uri));
documents.onDidClose((e) => session.documentClosed(e.document.uri));

connection.languages.diagnostics.on((params, token) => session.pullDiagnostics(params, token));
connection.onCodeAction((params) => session.codeActions(params));

// "Show documentation for <rule>" is the VS Code extension's own command. Other clients (Neovim)
// send it here, though the server does not list it: open the rule's page, or say where it is.
connection.onExecuteCommand(async ({ command, arguments: args }) => {
  if (command !== SHOW_DOCUMENTATION_COMMAND) throw new ResponseError(LSPErrorCodes.RequestFailed, `unknown command ${command}`);
  const [ruleId, url] = (args ?? []) as [string, string];
  if (
    session.capabilities.showDocument &&
    (await connection.window.showDocument({ uri: url, external: true }).then(
      (r) => r.success,
      () => false,
    ))
  )
    return null;
  connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `socklint: ${ruleId}: ${url}` }).catch(() => undefined);
  return null;
});

process.on('uncaughtException', (e) => session.logOnce(`uncaught:${e.message}`, `unexpected error: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => session.logOnce(`unhandled:${String(e)}`, `unexpected rejection: ${(e as Error)?.stack ?? String(e)}`));

documents.listen(connection);
connection.listen();
