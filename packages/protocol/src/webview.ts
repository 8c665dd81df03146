// @socklint/protocol/webview: the messages between the extension host and the inspector panel's
// webview. The host owns the connection to the target; the webview only renders what it is sent
// and asks for actions. Type-only imports: the webview's browser bundle loads nothing else.
import type { AttachTarget, KernelSample, KernelSocketPage, KernelSocketRow, Sample, SocketPage, SocketRow, Trends, Verdict } from '@socklint/inspector';

export type { AttachTarget, KernelSample, KernelSocketPage, KernelSocketRow, Sample, SocketPage, SocketRow, Trends, Verdict };

/** A sample of either view: the Node.js one (attached) or the kernel one (/proc only). */
export type AnySample = Sample | KernelSample;
export type AnySocketPage = SocketPage | KernelSocketPage;
export type AnySocketRow = SocketRow | KernelSocketRow;

export function isKernelSample(s: AnySample): s is KernelSample {
  return (s as KernelSample).view === 'kernel';
}

/** The webview panel type; also the key of the panel serializer and its activation event. */
export const PANEL_VIEW_TYPE = 'socklint.inspector';

/** Rows asked for per socket page (the sampler pages the drill-down; ~6 ms per 200 at 18k sockets). */
export const SOCKET_PAGE_SIZE = 200;

export type SessionStatus =
  /** Connecting to the target. */
  | 'attaching'
  /** Sampling once a second. */
  | 'attached'
  /** Detached by the user (or the panel was reopened after a window reload). */
  | 'detached'
  /** The target process exited (the panel keeps its last data; there is nothing to re-attach to). */
  | 'exited'
  /** Sampling failed for good (or the connection dropped); `message` says why. */
  | 'failed';

/** What the panel shows about the process it is (or was) attached to. */
export interface TargetSummary {
  pid: number;
  /** The target's Node.js version; "kernel view" for a kernel-view target. */
  nodeVersion: string;
  /** Set for a process read from /proc only (not Node.js, or no inspector wanted): nothing attached. */
  view?: 'kernel';
  /** "node server.js (pid 1234)" */
  label: string;
  /** host:port of the inspector; "/proc" for a kernel-view target. */
  endpoint: string;
  openedByUs: boolean;
  /** How to attach again (re-attach after a reload or a detach). */
  attach: AttachTarget;
}

/** A snapshot as exported to JSON (and rendered to the markdown report). */
export interface Snapshot {
  exportedAt: string;
  target: TargetSummary | null;
  sample: AnySample | null;
  sockets: AnySocketPage | null;
  /** What the panel concluded from the last sample (absent in snapshots exported before it existed). */
  verdict?: Verdict | null;
  trends?: Trends | null;
  /** The samples of the session, oldest first (up to the last 10 minutes); null when the panel holds none (after a reload). */
  history?: AnySample[] | null;
}

/** The socket table shows only the sockets created at these sites (the editor's "show this line's sockets"). */
export interface SiteFilter {
  /** What the filter chip says, e.g. "leaky-relay.js:40". */
  label: string;
  /** "file:line" of the process's sites (any column). */
  sites: string[];
}

export type HostToWebview =
  | { type: 'status'; status: SessionStatus; target: TargetSummary | null; message?: string; traceSites: boolean }
  | { type: 'siteFilter'; filter: SiteFilter | null }
  /** A new sample, with the verdict and per-minute trends the host drew from it and the samples before. */
  | { type: 'sample'; sample: AnySample; verdict?: Verdict; trends?: Trends }
  | { type: 'sockets'; requestId: number; page: AnySocketPage }
  | { type: 'socketsFailed'; requestId: number; message: string };

export type WebviewToHost =
  /** The webview's script is running; the host answers with the current status. */
  | { type: 'ready' }
  | { type: 'requestSockets'; requestId: number; offset: number; limit: number }
  | { type: 'detach' }
  /** Attach again to the target the panel showed last (asks for confirmation first). */
  | { type: 'reattach'; target: TargetSummary | null }
  /** Pick a new target (runs the attach command). */
  | { type: 'attachNew' }
  | { type: 'openSite'; file: string; line: number; column: number }
  /** Show a lint rule's documentation (a link in the verdict). */
  | { type: 'openRule'; rule: string }
  | { type: 'export'; format: 'json' | 'markdown'; snapshot: Snapshot }
  | { type: 'traceSites'; on: boolean }
  /** The user changed (cleared) the site filter: a reloaded webview must not bring the old one back. */
  | { type: 'siteFilter'; filter: SiteFilter | null };

/** Parses "file:line:column" (a creation site as the sampler prints it); null for anything else. */
export function parseSite(site: string | null | undefined): { file: string; line: number; column: number } | null {
  if (!site) return null;
  const m = /^(.+):(\d+):(\d+)$/.exec(site.trim());
  if (!m) return null;
  return { file: m[1], line: Number(m[2]), column: Number(m[3]) };
}
