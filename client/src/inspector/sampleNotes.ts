// What the panel and the report say about a sample (no vscode import: the webview uses it too).
import { isKernelSample, type AnySample } from '@socklint/protocol/webview';

/**
 * What the panel and the report say about a sample that is not the whole picture: one sentence
 * each for a partial sample and for sockets outside the main thread.
 */
export function sampleNotes(s: AnySample): string[] {
  const notes: string[] = [];
  if (isKernelSample(s)) {
    notes.push('Kernel view: read from /proc only (no signal, no inspector); JavaScript facts are not available.');
    if (s.kernel.netns.differs) notes.push(`In another network namespace (${s.kernel.netns.target}): sockets read from /proc/${s.pid}/net; no idle times.`);
    return notes;
  }
  if (s.partial) {
    const left = s.partial.skipped.length ? `; left out: ${s.partial.skipped.join(', ')}` : '';
    notes.push(`Partial sample: ${s.partial.socketsExamined} of ${s.sockets.total} sockets examined (${s.partial.reason}${left}).`);
  }
  if (s.outsideMainThread) {
    const threads = s.outsideMainThread.threads !== null ? `; the process has ${s.outsideMainThread.threads} threads` : '';
    notes.push(
      `JS counts cover the main thread only: the kernel shows ${s.outsideMainThread.tcp} more TCP sockets than the main thread's JavaScript holds (worker threads', native code's or unref'd ones${threads}).`,
    );
  }
  return notes;
}
