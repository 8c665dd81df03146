// The live socket inspector in VS Code: the attach command, the panel serializer, detach on exit.
//
// For UI tests (code-server), the stable handles are:
//   command title:   "Socklint: Attach Inspector…"  (id socklint.attachInspector)
//   quick pick:      title "Socklint: Attach Inspector" (wait for .quick-input-title with it before
//                    typing); one item per Node process labelled "<pid>: <command line>" (detail:
//                    cwd; the list is virtualised, so type "<pid>:" to bring the row into the DOM),
//                    then "Enter inspector port…" and "Enter inspector URL…" (each opens an input box)
//   confirmation:    modal dialog (.monaco-dialog-box) with the button "Attach"
//   notifications:   "Socklint could not attach: …", "Socklint inspector: process <pid> exited; …"
//   panel title:     "Socklint Inspector" (webview: iframe.webview.ready >> #active-frame)
//   status:          #status[data-status="attaching|attached|detached|failed"], #status-message
//   counts:          #socket-total (JS sockets; also data-value), #tcp-established, #tcp-close-wait,
//                    #fds-open, #fds-limit, #no-timeout, #no-error-listener, #sample-cost
//   charts:          .chart canvas; #chart-tcp, #chart-handles, #chart-fds, #chart-memory
//                    (each .chart[data-points="<n>"] counts the samples plotted)
//   tables:          #servers-table, #agents-table, #sites-table (a.site-link opens the source line),
//                    #sockets-table tbody tr[data-fd], #sockets-shown ("<shown> of <total>")
//   socket filters:  input[data-filter="noTimeout"|"noErrorListener"|"closeWait"|"idle60"],
//                    #socket-search; sort by clicking th[data-sort="<column>"]; the editor's site
//                    filter #site-filter (data-sites), #site-filter-label ("file.js:40"), #clear-site-filter
//   buttons:         #detach, #reattach, #attach-new, #export-json, #export-md, #refresh-sockets,
//                    #trace-sites (checkbox)
import * as vscode from 'vscode';
import { plainMessage } from './messages';
import { InspectorPanel } from './panel';
import { confirmAttach, pickTarget } from './picker';
import { PANEL_VIEW_TYPE } from '@socklint/protocol/webview';

export const ATTACH_COMMAND = 'socklint.attachInspector';

export function registerInspector(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ATTACH_COMMAND, () => attachCommand(context)),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        InspectorPanel.revive(panel, context);
      },
    }),
    { dispose: () => InspectorPanel.current?.dispose() },
  );
}

/** For the extension's deactivate(): detach from the target and wait until it is done. */
export async function deactivateInspector(): Promise<void> {
  await InspectorPanel.current?.shutdown();
}

async function attachCommand(context: vscode.ExtensionContext): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(plainMessage('Socklint: attaching the inspector is disabled in untrusted workspaces.'));
    return;
  }
  const picked = await pickTarget();
  if (!picked || !(await confirmAttach(picked))) return;
  await InspectorPanel.createOrShow(context).attach(picked);
}
