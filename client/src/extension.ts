/**
 * The socklint VS Code extension: starts the language server (dist/server.js, over IPC), and
 * wires the commands, the language status item and the output channels.
 */
import * as vscode from 'vscode';
import {
  DiagnosticPullMode,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { FIX_ALL_KIND, REVALIDATE_NOTIFICATION, SHOW_DOCUMENTATION_COMMAND, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';
import { showDocumentation } from './documentation';
import { fixAllInActiveEditor } from './fixAll';
import { DOCUMENT_SELECTOR, LanguageStatus } from './languageStatus';
import { registerLiveFeatures } from './live';
import { TraceChannel } from './traceChannel';

const PROVIDED_KINDS = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.Empty.append(FIX_ALL_KIND)];

/**
 * A larger young generation: re-parsing and re-checking on each edit makes short-lived garbage,
 * and fewer scavenges cut the slow tail of edit-to-diagnostic latency (scripts/bench-lsp.mjs).
 */
const SERVER_EXEC_ARGV = ['--max-semi-space-size=32'];

let client: LanguageClient | undefined;
let log: vscode.LogOutputChannel;
let status: LanguageStatus;

function clientOptions(traceChannel: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log,
    traceOutputChannel: traceChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      // socklint.run decides when a document is analysed: while typing, or when saved.
      filter: (document, mode) => {
        const run = vscode.workspace.getConfiguration('socklint', document).get<string>('run', 'onType');
        if (mode === DiagnosticPullMode.onType) return run !== 'onType';
        if (mode === DiagnosticPullMode.onSave) return run !== 'onSave';
        return false;
      },
    },
    middleware: {
      // Save asks every provider for source.fixAll etc.; answer only kinds we provide (vscode-eslint does the same).
      provideCodeActions: (document, range, context, token, next) => {
        const only = context.only;
        if (only && !PROVIDED_KINDS.some((kind) => only.contains(kind) || kind.contains(only))) return [];
        return next(document, range, context, token);
      },
    },
  };
}

/** The last analysis of each document, by URI, for the language status of the active editor. */
const lastStatus = new Map<string, StatusParams>();

async function startClient(context: vscode.ExtensionContext, traceChannel: vscode.LogOutputChannel): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6012'] } },
  };
  const next = new LanguageClient('socklint', 'Socklint', serverOptions, clientOptions(traceChannel));
  client = next;
  status.starting();
  next.onDidChangeState((e) => {
    if (e.newState === State.Running) status.running();
    else if (e.newState === State.Stopped) status.stopped('server stopped (run "Socklint: Restart Server")');
  });
  try {
    await next.start();
    lastStatus.clear();
    next.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      // Documents are analysed in the background too (after a config change): keep each one's last
      // result, so switching to it shows its own, not whatever the previous editor showed.
      lastStatus.set(params.uri, params);
      if (vscode.window.activeTextEditor?.document.uri.toString() === params.uri) status.analysed(params);
      if (params.state === 'error' && params.message) log.error(params.message);
    });
  } catch (e) {
    status.stopped(`could not start: ${(e as Error).message}`);
    log.error(`socklint server could not start: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(`Socklint could not start its language server: ${(e as Error).message}`, 'Show Output').then((choice) => {
      if (choice) log.show();
    });
  }
}

async function restart(context: vscode.ExtensionContext, traceChannel: vscode.LogOutputChannel): Promise<void> {
  const previous = client;
  client = undefined;
  if (previous) {
    try {
      await previous.stop();
    } catch (e) {
      log.warn(`stopping the previous server: ${(e as Error).message}`);
    }
    await previous.dispose().catch(() => undefined);
  }
  await startClient(context, traceChannel);
}

/** Registers the inspector when client/src/inspector is part of this build (it is optional here). */
let inspector: { registerInspector?: (context: vscode.ExtensionContext) => void; deactivateInspector?: () => Promise<void> } | undefined;

function registerInspectorIfPresent(context: vscode.ExtensionContext): void {
  let mod: typeof inspector;
  try {
    // A plain require, so a build without the inspector still bundles (esbuild leaves an unresolvable require in a try block).
    mod = require('./inspector');
  } catch {
    return;
  }
  try {
    mod?.registerInspector?.(context);
    inspector = mod;
  } catch (e) {
    log.error(`the inspector could not be registered: ${(e as Error).stack ?? e}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  log = vscode.window.createOutputChannel('Socklint', { log: true });
  const traceChannel = new TraceChannel();
  status = new LanguageStatus();
  context.subscriptions.push(log, traceChannel, status);
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const known = editor && lastStatus.get(editor.document.uri.toString());
      if (known) status.analysed(known);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => lastStatus.delete(document.uri.toString())),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('socklint.restart', () => restart(context, traceChannel)),
    vscode.commands.registerCommand('socklint.revalidate', async () => {
      if (client?.isRunning()) await client.sendNotification(REVALIDATE_NOTIFICATION);
      else await restart(context, traceChannel);
    }),
    vscode.commands.registerCommand('socklint.showOutputChannel', () => log.show()),
    vscode.commands.registerCommand('socklint.fixAll', () => fixAllInActiveEditor()),
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, (ruleId: unknown, url: unknown) => showDocumentation(context, ruleId, url)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('socklint.enable')) {
        if (!vscode.workspace.getConfiguration('socklint').get<boolean>('enable', true)) status.disabled();
        else if (client?.isRunning()) status.running();
      }
    }),
  );

  registerInspectorIfPresent(context);
  registerLiveFeatures(context);
  await startClient(context, traceChannel);
}

export async function deactivate(): Promise<void> {
  // Detach from an inspected process before the extension host goes away.
  await inspector?.deactivateInspector?.().catch(() => undefined);
  if (client) await client.stop().catch(() => undefined);
}
