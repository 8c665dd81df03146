/**
 * The socklint VS Code extension: one Ctx (client/src/ctx.ts) owns the language server's client
 * (dist/server.js, over IPC), the output channels, the language status and the inspector; this
 * file wires the commands to it.
 */
import * as vscode from 'vscode';
import { SHOW_DOCUMENTATION_COMMAND } from '@socklint/protocol';
import { Ctx } from './ctx';
import { showDocumentation } from './documentation';
import { fixAllInActiveEditor } from './fixAll';
import { registerLiveFeatures } from './live';

/**
 * The one handle kept between activate() and deactivate() (VS Code passes deactivate nothing);
 * all other state lives in the Ctx.
 */
let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const owner = new Ctx(context);
  ctx = owner;
  context.subscriptions.push(owner);
  owner.own(vscode.commands.registerCommand('socklint.restart', () => owner.restart()));
  owner.own(vscode.commands.registerCommand('socklint.revalidate', () => owner.revalidate()));
  owner.own(vscode.commands.registerCommand('socklint.showOutputChannel', () => owner.log.show()));
  owner.own(vscode.commands.registerCommand('socklint.fixAll', () => fixAllInActiveEditor()));
  owner.own(vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, (ruleId: unknown, url: unknown) => showDocumentation(context, ruleId, url)));

  owner.registerInspector();
  registerLiveFeatures(context);
  await owner.start();
}

export async function deactivate(): Promise<void> {
  const owner = ctx;
  ctx = undefined;
  await owner?.shutdown();
}
