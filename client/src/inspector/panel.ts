// The inspector panel: one webview panel (singleton) that shows the session's samples. The panel
// never talks to the target itself; it relays between the webview and the InspectorSession.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { trendsOf, verdictOf } from '@socklint/inspector';
import { SHOW_DOCUMENTATION_COMMAND } from '@socklint/protocol';
import { panelHtml } from './html';
import { markdownReport } from './report';
import { attachFailedMessage, plainMessage, siteMissingMessage } from './messages';
import { messageOf, InspectorSession } from './session';
import { confirmAttach, type PickedTarget } from './picker';
import {
  PANEL_VIEW_TYPE,
  type AnySample,
  type HostToWebview,
  type SessionStatus,
  type SiteFilter,
  type Snapshot,
  type TargetSummary,
  type WebviewToHost,
} from '@socklint/protocol/webview';

export class InspectorPanel {
  static current: InspectorPanel | undefined;
  /** The attached session, when one starts or ends (not at shutdown: the editor's live facts stay for after a reload). */
  static readonly sessionChanged = new vscode.EventEmitter<InspectorSession<AnySample> | null>();

  private session: InspectorSession<AnySample> | null = null;
  private status: SessionStatus = 'detached';
  private statusMessage: string | undefined;
  private target: TargetSummary | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private attempts = 0;
  private siteFilter: SiteFilter | null = null;
  /** The samples of the session shown last (kept after it ends, for the export). */
  private history: readonly AnySample[] = [];

  /** Reveals the panel, creating it when there is none. */
  static createOrShow(context: vscode.ExtensionContext): InspectorPanel {
    if (InspectorPanel.current) {
      InspectorPanel.current.panel.reveal(undefined, true);
      return InspectorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Socklint Inspector', vscode.ViewColumn.Beside, webviewOptions(context));
    InspectorPanel.current = new InspectorPanel(panel, context);
    return InspectorPanel.current;
  }

  /**
   * A panel brought back after a window reload. The webview restores its last data from its own
   * state; the host starts detached and the panel offers to re-attach (never silently).
   */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext): void {
    InspectorPanel.current?.dispose();
    panel.webview.options = webviewOptions(context);
    InspectorPanel.current = new InspectorPanel(panel, context);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
  ) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => void this.onMessage(m)),
    );
  }

  /** Attach to a picked target (already confirmed by the user); detaches the previous one first. */
  async attach(picked: PickedTarget, traceSites = false): Promise<void> {
    // Only the newest attach wins: one started while another was connecting supersedes it.
    const attempt = ++this.attempts;
    this.siteFilter = null; // the previous process's sites (the webview drops its own for a new target)
    await this.detachSession();
    this.setStatus('attaching', undefined, null);
    let session: InspectorSession<AnySample>;
    try {
      session = await InspectorSession.start(picked.attach, { label: picked.label, traceSites, kernel: picked.kernel === true });
    } catch (err) {
      if (attempt !== this.attempts || this.disposed) return;
      this.setStatus('failed', `Socklint could not attach: ${messageOf(err)}`);
      void vscode.window.showErrorMessage(attachFailedMessage(err));
      return;
    }
    if (this.disposed || attempt !== this.attempts) {
      void session.detach().catch(() => undefined);
      return;
    }
    this.session = session;
    this.history = session.history;
    this.target = session.target;
    session.on('sample', () => this.postSample(session));
    session.on('end', (error, exited) => {
      if (this.session !== session) return;
      this.session = null;
      InspectorPanel.sessionChanged.fire(null);
      if (exited) {
        // A target that exits is not a failure: no red status, no Re-attach to a pid that is gone.
        const text = `Process ${session.target.pid} exited; the panel shows its last data.`;
        this.setStatus('exited', text);
        void vscode.window.showInformationMessage(plainMessage(`Socklint inspector: ${session.target.label} exited.`));
      } else if (error) {
        this.setStatus('failed', error);
        void vscode.window.showErrorMessage(plainMessage(error));
      } else this.setStatus('detached', `Detached from ${session.target.label}.`);
    });
    this.setStatus('attached');
    InspectorPanel.sessionChanged.fire(session);
  }

  /** The session sampling now, if any. */
  get activeSession(): InspectorSession<AnySample> | null {
    return this.session;
  }

  /** Shows only the sockets created at these sites in the socket table (null: all of them). */
  showSites(filter: SiteFilter | null): void {
    this.siteFilter = filter;
    this.post({ type: 'siteFilter', filter });
  }

  async setTraceSites(on: boolean): Promise<void> {
    try {
      await this.session?.setTraceSites(on);
    } catch (err) {
      void vscode.window.showErrorMessage(plainMessage(`Socklint: could not switch creation-site tracing: ${messageOf(err)}`));
    }
    this.postStatus();
  }

  /** Detaches from the target; the panel keeps showing the last data. */
  async detachSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    InspectorPanel.sessionChanged.fire(null);
    let outcome: string;
    try {
      outcome = await session.detach();
    } catch (err) {
      outcome = messageOf(err);
    }
    if (!this.disposed) this.setStatus('detached', `Detached from ${session.target.label}: ${outcome}.`);
  }

  private setStatus(status: SessionStatus, message?: string, target: TargetSummary | null = this.target): void {
    this.status = status;
    this.statusMessage = message;
    this.target = target;
    this.postStatus();
  }

  private postStatus(): void {
    this.post({
      type: 'status',
      status: this.status,
      target: this.target,
      message: this.statusMessage,
      traceSites: this.session?.traceSites ?? false,
    });
  }

  /** The session's newest sample, with the verdict and trends drawn from its history. */
  private postSample(session: InspectorSession<AnySample>): void {
    const sample = session.latest;
    if (!sample) return;
    this.post({ type: 'sample', sample, verdict: verdictOf(sample, session.history), trends: trendsOf(session.history) });
  }

  private post(message: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.postStatus();
        if (this.session?.latest) this.postSample(this.session);
        if (this.siteFilter) this.post({ type: 'siteFilter', filter: this.siteFilter });
        return;
      case 'requestSockets': {
        const session = this.session;
        if (!session) return this.post({ type: 'socketsFailed', requestId: m.requestId, message: 'Not attached.' });
        try {
          const page = await session.sockets(m.offset, m.limit);
          this.post({ type: 'sockets', requestId: m.requestId, page });
        } catch (err) {
          this.post({ type: 'socketsFailed', requestId: m.requestId, message: messageOf(err) });
        }
        return;
      }
      case 'detach':
        return this.detachSession();
      case 'reattach':
        return this.reattach(m.target ?? this.target);
      case 'attachNew':
        await vscode.commands.executeCommand('socklint.attachInspector');
        return;
      case 'openSite':
        return openSite(m.file, m.line, m.column, this.panel.viewColumn);
      case 'openRule':
        if (/^[a-z0-9-]+$/.test(m.rule)) await vscode.commands.executeCommand(SHOW_DOCUMENTATION_COMMAND, m.rule, `${RULE_DOCS_URL}${m.rule}.md`);
        return;
      case 'export':
        return this.exportSnapshot(m.format, m.snapshot);
      case 'traceSites':
        return this.setTraceSites(m.on);
      case 'siteFilter':
        this.siteFilter = m.filter;
        return;
    }
  }

  private async reattach(target: TargetSummary | null): Promise<void> {
    if (!target) {
      await vscode.commands.executeCommand('socklint.attachInspector');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(plainMessage('Socklint: attaching the inspector is disabled in untrusted workspaces.'));
      return;
    }
    const label = target.label.replace(/ \(pid \d+\)$/, '');
    const picked: PickedTarget = { attach: target.attach, label, kernel: target.view === 'kernel' };
    if (await confirmAttach(picked)) await this.attach(picked);
  }

  /** Saves the snapshot the webview shows; with a live session, the socket table is refreshed first. */
  private async exportSnapshot(format: 'json' | 'markdown', snapshot: Snapshot): Promise<void> {
    const snap: Snapshot = { ...snapshot, exportedAt: new Date().toISOString(), target: snapshot.target ?? this.target };
    if (this.history.length && snap.sample && this.history[0].pid === snap.sample.pid) {
      snap.history = [...this.history];
      snap.verdict = verdictOf(snap.sample, this.history);
      snap.trends = trendsOf(this.history);
    }
    if (this.session) {
      snap.sample = this.session.latest ?? snap.sample;
      snap.history = [...this.session.history];
      if (snap.sample) {
        snap.verdict = verdictOf(snap.sample, this.session.history);
        snap.trends = trendsOf(this.session.history);
      }
      try {
        snap.sockets = await this.session.sockets(0, 1000);
      } catch {
        // Keep the page the webview had.
      }
    }
    const ext = format === 'json' ? 'json' : 'md';
    const stamp = snap.exportedAt.replace(/[:.]/g, '-');
    const name = `socklint-${snap.target?.pid ?? 'snapshot'}-${stamp}.${ext}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
      title: format === 'json' ? 'Export inspector snapshot (JSON)' : 'Export inspector report (Markdown)',
    });
    if (!uri) return;
    const text = format === 'json' ? JSON.stringify(snap, null, 2) + '\n' : markdownReport(snap);
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(plainMessage(`Socklint: snapshot saved to ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}.`));
    } catch (err) {
      void vscode.window.showErrorMessage(plainMessage(`Socklint: could not save the snapshot: ${messageOf(err)}`));
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: getNonce(),
      asset: (name) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString(),
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (InspectorPanel.current === this) InspectorPanel.current = undefined;
    const session = this.session;
    this.session = null;
    if (session) {
      InspectorPanel.sessionChanged.fire(null);
      void session.detach().catch(() => undefined);
    }
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Detach and wait for it (extension deactivation). */
  async shutdown(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await session.detach().catch(() => undefined);
  }
}

/** Where a rule's page is published (the command shows the copy in the extension first). */
const RULE_DOCS_URL = 'https://github.com/socklint/socklint/blob/main/docs/rules/';

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
  };
}

function getNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** Opens a creation site: a path or a file:// URL as the target's stack printed it. */
async function openSite(file: string, line: number, column: number, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const uri = /^file:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
  if (uri.scheme === 'file') {
    try {
      await fs.access(uri.fsPath);
    } catch {
      void vscode.window.showErrorMessage(siteMissingMessage(uri.fsPath));
      return;
    }
  }
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  // Next to the panel, not over it: an editor group that already shows text, else a new one beside.
  const viewColumn =
    vscode.window.visibleTextEditors.find((e) => e.viewColumn !== undefined && e.viewColumn !== panelColumn)?.viewColumn ?? vscode.ViewColumn.Beside;
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true, viewColumn });
}
