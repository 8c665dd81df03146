// Text for VS Code notifications and dialogs. VS Code turns `[label](command:…)` (also https:
// and file: targets) in a notification's message into a link that runs the command when
// clicked, and it knows no escape for it: a backslash before the bracket still leaves a link
// (src/vs/base/common/linkedText.ts). Much of what the inspector reports is chosen by the
// target: its command line, the file names on its stacks, its label. So every message goes
// through plainMessage(), which breaks the `](` every link needs with an invisible zero-width
// space, and drops control and bidi-override characters. No vscode import: tested directly.
import { messageOf } from './session';

const ZERO_WIDTH_SPACE = '\u200b';

/** A notification text in which no target-chosen string can become a link. */
export function plainMessage(text: string): string {
  return String(text)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\](?=\s*\()/g, `]${ZERO_WIDTH_SPACE}`);
}

/** The panel's "could not attach" error (its reason may quote the command line of a port's holder). */
export function attachFailedMessage(err: unknown): string {
  return plainMessage(`Socklint could not attach: ${messageOf(err)}`);
}

/** A creation site's file (named by the target) that is not on this machine. */
export function siteMissingMessage(fsPath: string): string {
  return plainMessage(`Socklint: ${fsPath} does not exist here (the target may run elsewhere).`);
}

/** The confirmation before attaching; the label comes from the target's command line. */
export function confirmAttachMessage(what: string, label: string): string {
  return plainMessage(`Attach the Socklint inspector to ${what} (${label})?`);
}

/** The confirmation before reading a process's kernel view (nothing is attached, but it is still the user's call). */
export function confirmKernelViewMessage(what: string, label: string): string {
  return plainMessage(`Show the kernel view of ${what} (${label}), read from /proc?`);
}
