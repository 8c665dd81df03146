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
import { FIX_ALL_KIND, RevalidateNotification, StatusNotification, type StatusParams } from '@socklint/protocol';
import { DOCUMENT_SELECTOR, LanguageStatus } from './languageStatus';
import { TraceChannel } from './traceChannel';

const PROVIDED_KINDS = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.Empty.append(FIX_ALL_KIND)];

/**
 * A larger young generation: re-parsing and re-checking on each edit makes short-lived garbage,
 * and fewer scavenges cut the slow tail of edit-to-diagnostic latency (scripts/bench-lsp.mjs).
 */
const SERVER_EXEC_ARGV = ['--max-semi-space-size=32'];

/** The inspector's entry points, when it is part of this build. */
export interface InspectorModule {
  registerInspector?: (context: vscode.ExtensionContext) => void;
  deactivateInspector?: () => Promise<void>;
}

/**
 * The extension's state, with one owner (as rust-analyzer's `Ctx`): the language client and what
 * is registered on it, the output and trace channels, the language status, the inspector's
 * handle. Everything it creates is disposed with it; the client is started, restarted and stopped
 * only through it.
 */
export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private readonly trace: TraceChannel;
  private readonly status: LanguageStatus;
  private client: LanguageClient | undefined;
  /** Registrations on the current client (its state, its notifications): disposed with that client. */
  private clientSubscriptions: vscode.Disposable[] = [];
  /** The last analysis of each document, by URI, for the language status of the active editor. */
  private readonly lastStatus = new Map<string, StatusParams>();
  private inspector: InspectorModule | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.own(vscode.window.createOutputChannel('Socklint', { log: true }));
    this.trace = this.own(new TraceChannel());
    this.status = this.own(new LanguageStatus());
    this.own(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const known = editor && this.lastStatus.get(editor.document.uri.toString());
        if (known) this.status.analysed(known);
      }),
    );
    this.own(vscode.workspace.onDidCloseTextDocument((document) => this.lastStatus.delete(document.uri.toString())));
    this.own(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('socklint.enable')) {
          if (!vscode.workspace.getConfiguration('socklint').get<boolean>('enable', true)) this.status.disabled();
          else if (this.client?.isRunning()) this.status.running();
        }
      }),
    );
  }

  /** Takes ownership of a disposable: it is disposed with the context. */
  own<T extends vscode.Disposable>(disposable: T): T {
    this.subscriptions.push(disposable);
    return disposable;
  }

  async start(): Promise<void> {
    const module = this.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6012'] } },
    };
    const client = new LanguageClient('socklint', 'Socklint', serverOptions, this.clientOptions());
    this.client = client;
    this.status.starting();
    this.clientSubscriptions.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.status.running();
        else if (e.newState === State.Stopped) this.status.stopped('server stopped (run "Socklint: Restart Server")');
      }),
    );
    try {
      await client.start();
      this.lastStatus.clear();
      this.clientSubscriptions.push(
        client.onNotification(StatusNotification, (params) => {
          // Documents are analysed in the background too (after a config change): keep each one's last
          // result, so switching to it shows its own, not whatever the previous editor showed.
          this.lastStatus.set(params.uri, params);
          if (vscode.window.activeTextEditor?.document.uri.toString() === params.uri) this.status.analysed(params);
          if (params.state === 'error' && params.message) this.log.error(params.message);
        }),
      );
    } catch (e) {
      this.status.stopped(`could not start: ${(e as Error).message}`);
      this.log.error(`socklint server could not start: ${(e as Error).stack ?? e}`);
      void vscode.window.showErrorMessage(`Socklint could not start its language server: ${(e as Error).message}`, 'Show Output').then((choice) => {
        if (choice) this.log.show();
      });
    }
  }

  /** Socklint: Restart Server — the running client is stopped and disposed, then a new one started. */
  async restart(): Promise<void> {
    await this.stopClient();
    await this.start();
  }

  /** Socklint: Revalidate — the server forgets its caches; a server that is not running is restarted. */
  async revalidate(): Promise<void> {
    if (this.client?.isRunning()) await this.client.sendNotification(RevalidateNotification);
    else await this.restart();
  }

  /** Registers the inspector when it is part of this build (it is optional here). */
  registerInspector(): void {
    let mod: InspectorModule | undefined;
    try {
      // A plain require, so a build without the inspector still bundles (esbuild leaves an unresolvable require in a try block).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require('./inspector');
    } catch {
      return;
    }
    try {
      mod?.registerInspector?.(this.extension);
      this.inspector = mod;
    } catch (e) {
      this.log.error(`the inspector could not be registered: ${(e as Error).stack ?? e}`);
    }
  }

  /** For deactivate(): detach from an inspected process, then stop the server, before the extension host goes away. */
  async shutdown(): Promise<void> {
    await this.inspector?.deactivateInspector?.().catch(() => undefined);
    this.inspector = undefined;
    await this.stopClient();
  }

  dispose(): void {
    void this.stopClient();
    for (const disposable of this.subscriptions.splice(0).reverse()) disposable.dispose();
  }

  private async stopClient(): Promise<void> {
    const previous = this.client;
    this.client = undefined;
    if (!previous) return;
    try {
      await previous.stop();
    } catch (e) {
      this.log.warn(`stopping the previous server: ${(e as Error).message}`);
    }
    await previous.dispose().catch(() => undefined);
    for (const disposable of this.clientSubscriptions.splice(0)) disposable.dispose();
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.log,
      traceOutputChannel: this.trace,
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
}
