import type { FileAnalysis, TrackedValue } from './analysis';

/**
 * An HTTP server that handles CONNECT (a 'connect' listener) is a forward proxy: its clients are
 * browsers and tools configured to use it, not a reverse proxy or load balancer in front of it.
 */
export function isForwardProxy(analysis: FileAnalysis, server: TrackedValue): boolean {
  return analysis.listeners(server, 'connect').some((l) => !l.transient);
}
