// The custom messages between the socklint language client and server, typed (as vscode-eslint
// and rust-analyzer declare theirs): both sides name a message by its type, never by its method
// string. No server or editor code here: the client imports it without the server's dependencies.
import { NotificationType, NotificationType0 } from 'vscode-languageserver-protocol';

export interface StatusParams {
  uri: string;
  state: 'ok' | 'warning' | 'error';
  /** Milliseconds the last analysis of `uri` took. */
  validationTimeMs: number;
  /** Number of findings reported. */
  findings: number;
  /** Why the state is not ok (a broken config file, an internal error). */
  message?: string;
  /** Milliseconds per phase: text into the Project, program + type checker rebuild, rules. */
  phases?: { updateMs: number; programMs: number; rulesMs: number };
}

/** Server → client after each analysis: what the language status item shows. */
export const StatusNotification = new NotificationType<StatusParams>('socklint/status');

/** Client → server: forget caches (projects, configuration) and ask for diagnostics again. */
export const RevalidateNotification = new NotificationType0('socklint/revalidate');

/** The code action kind of fix-all (editor.codeActionsOnSave: {"source.fixAll.socklint": "explicit"}). */
export const FIX_ALL_KIND = 'source.fixAll.socklint';

/** Client command run by "Show documentation for <id>": arguments [ruleId, url]. */
export const SHOW_DOCUMENTATION_COMMAND = 'socklint.showDocumentation';
