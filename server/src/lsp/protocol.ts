/**
 * Custom messages between the socklint client and server. Plain names and shapes only, so the
 * client can import this file without pulling in the server's dependencies.
 */

/** Server → client after each analysis: what the language status item shows. */
export const STATUS_NOTIFICATION = 'socklint/status';

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

/** Client → server: forget caches (projects, configuration) and ask for diagnostics again. */
export const REVALIDATE_NOTIFICATION = 'socklint/revalidate';

/** The code action kind of fix-all (editor.codeActionsOnSave: {"source.fixAll.socklint": "explicit"}). */
export const FIX_ALL_KIND = 'source.fixAll.socklint';

/** Client command run by "Show documentation for <id>": arguments [ruleId, url]. */
export const SHOW_DOCUMENTATION_COMMAND = 'socklint.showDocumentation';
