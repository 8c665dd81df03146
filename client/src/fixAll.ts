import * as vscode from 'vscode';
import { FIX_ALL_KIND } from '@socklint/protocol';

/** Socklint: Fix All — asks the server for its source.fixAll.socklint action on the active editor and applies it. */
export async function fixAllInActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Socklint: open a JavaScript or TypeScript file to fix.');
    return;
  }
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL_KIND)) ?? [];
  const fixAll = actions.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  if (!fixAll?.edit) {
    void vscode.window.setStatusBarMessage('Socklint: nothing to fix', 3000);
    return;
  }
  await vscode.workspace.applyEdit(fixAll.edit);
}
