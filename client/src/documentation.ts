import * as fs from 'node:fs';
import * as vscode from 'vscode';

/**
 * "Show documentation for <id>": the rule's page shipped in the extension (docs/rules/<id>.md,
 * shown as a Markdown preview), else its URL in the browser.
 */
export async function showDocumentation(context: vscode.ExtensionContext, ruleId: unknown, url: unknown): Promise<void> {
  if (typeof ruleId === 'string' && /^[a-z0-9-]+$/.test(ruleId)) {
    const local = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
    if (fs.existsSync(local.fsPath)) {
      await vscode.commands.executeCommand('markdown.showPreview', local);
      return;
    }
  }
  if (typeof url === 'string' && /^https:\/\//.test(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
}
