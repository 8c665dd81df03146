import * as vscode from 'vscode';
import type { StatusParams } from '@socklint/protocol';

/** The languages of .js .jsx .mjs .cjs .ts .tsx .mts .cts files, on disk. */
export const DOCUMENT_SELECTOR = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map((language) => ({ scheme: 'file', language }));

/** The `{}` language status entry: server state and the last analysis time. */
export class LanguageStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('socklint.languageStatus', DOCUMENT_SELECTOR);
    this.item.name = 'Socklint';
    this.item.command = { title: 'Show Output', command: 'socklint.showOutputChannel' };
    this.starting();
  }

  starting(): void {
    this.item.text = '$(sync~spin) Socklint';
    this.item.detail = 'starting';
    this.item.severity = vscode.LanguageStatusSeverity.Information;
    this.item.busy = true;
  }

  running(): void {
    this.item.busy = false;
    this.item.text = '$(check) Socklint';
    this.item.detail = 'ready';
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  stopped(reason: string): void {
    this.item.busy = false;
    this.item.text = '$(error) Socklint';
    this.item.detail = reason;
    this.item.severity = vscode.LanguageStatusSeverity.Error;
  }

  disabled(): void {
    this.item.busy = false;
    this.item.text = '$(circle-slash) Socklint';
    this.item.detail = 'disabled (socklint.enable)';
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  analysed(status: StatusParams): void {
    this.item.busy = false;
    const findings = status.findings === 1 ? '1 finding' : `${status.findings} findings`;
    this.item.text = status.state === 'ok' ? '$(check) Socklint' : status.state === 'warning' ? '$(warning) Socklint' : '$(error) Socklint';
    this.item.detail = status.message ?? `${findings}, analysed in ${status.validationTimeMs} ms`;
    this.item.severity =
      status.state === 'ok'
        ? vscode.LanguageStatusSeverity.Information
        : status.state === 'warning'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Error;
  }

  dispose(): void {
    this.item.dispose();
  }
}
