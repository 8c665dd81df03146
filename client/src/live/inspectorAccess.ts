// What the editor's live features need from the inspector: the attached session and its changes,
// attaching (the same picker and confirmation as "Socklint: Attach Inspector…", with creation-site
// tracing on) and the panel's socket table filtered to some sites.
import * as vscode from 'vscode';
import { InspectorPanel } from '../inspector/panel';
import { confirmAttach, pickTarget } from '../inspector/picker';
import type { SiteFilter } from '@socklint/protocol/webview';
import type { InspectorSession } from '../inspector/session';
import type { KernelSample, Sample } from '@socklint/inspector';

export type LiveSession = InspectorSession<Sample | KernelSample>;

export interface LiveInspector {
  session(): LiveSession | null;
  readonly onDidChangeSession: vscode.Event<LiveSession | null>;
  /** The attached session with creation-site tracing on: the one attached now, else one the user picks; null when cancelled or failed. */
  attachTracing(): Promise<LiveSession | null>;
  /** Reveals the panel with its socket table showing only these sites' sockets. */
  showSites(filter: SiteFilter): void;
}

export function panelInspector(context: vscode.ExtensionContext): LiveInspector {
  return {
    session: () => InspectorPanel.current?.activeSession ?? null,
    onDidChangeSession: InspectorPanel.sessionChanged.event,
    async attachTracing() {
      const panel = InspectorPanel.current;
      const attached = panel?.activeSession;
      if (panel && attached && attached.target.view !== 'kernel') {
        if (!attached.traceSites) await panel.setTraceSites(true);
        return attached;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showErrorMessage('Socklint: attaching the inspector is disabled in untrusted workspaces.');
        return null;
      }
      const picked = await pickTarget();
      if (!picked || !(await confirmAttach(picked))) return null;
      if (picked.kernel) {
        void vscode.window.showErrorMessage('Socklint: the kernel view has no JavaScript side to trace creation sites in; pick a Node.js process.');
        return null;
      }
      const next = InspectorPanel.createOrShow(context);
      await next.attach(picked, true);
      return next.activeSession;
    },
    showSites(filter) {
      InspectorPanel.createOrShow(context).showSites(filter);
    },
  };
}
