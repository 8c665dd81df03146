// What a server's timeouts mean for its sockets, as the linter judges them: an http/https server
// bounds the sockets it accepts with its own timeouts (missing-socket-timeout does not report
// them), and a timeout of 0 is a problem only when no other bound is left (disabled-server-timeout;
// `server.timeout = 0` is Node's default since 13). Pure: the terminal and the panel share it.
import type { ServerInfo } from './types';

export type ServerTimeoutField = 'timeout' | 'keepAliveTimeout' | 'headersTimeout' | 'requestTimeout';

function major(nodeVersion: string): number {
  const m = /^v?(\d+)/.exec(nodeVersion);
  return m ? Number(m[1]) : 0;
}

const on = (v: number | null) => v !== null && v > 0;

/**
 * The server's own timeouts bound every socket it accepts: `timeout`, or `requestTimeout`, or
 * `headersTimeout` on Node >= 18 (which checks it on every connection, idle ones included).
 * False for servers that are not HTTP (their sockets need timeouts of their own).
 */
export function serverBoundsSockets(v: Pick<ServerInfo, 'kind' | ServerTimeoutField>, nodeVersion: string): boolean {
  if (v.kind !== 'http' && v.kind !== 'https') return false;
  return on(v.timeout) || on(v.requestTimeout) || (major(nodeVersion) >= 18 && on(v.headersTimeout));
}

/**
 * The timeout cells worth a warning: none for a server whose other timeouts still bound it (a 0
 * alone is a default, not a problem); `timeout` and `requestTimeout` when nothing bounds a
 * request; `keepAliveTimeout` 0 when `timeout` is 0 too (idle keep-alive connections are then
 * kept forever). HTTP-only fields of other servers are not HTTP's to judge: never warned.
 */
export function serverTimeoutWarnings(v: Pick<ServerInfo, 'kind' | ServerTimeoutField>, nodeVersion: string): Set<ServerTimeoutField> {
  const out = new Set<ServerTimeoutField>();
  if (v.kind !== 'http' && v.kind !== 'https') return out;
  if (!serverBoundsSockets(v, nodeVersion)) {
    out.add('timeout');
    out.add('requestTimeout');
  }
  if (v.keepAliveTimeout === 0 && !on(v.timeout)) out.add('keepAliveTimeout');
  return out;
}

/** The server a socket row belongs to ("server 127.0.0.1:8080" as its owner), if listed. */
export function serverOfOwner<T extends Pick<ServerInfo, 'address'>>(owner: string | null, servers: readonly T[]): T | null {
  if (!owner || !owner.startsWith('server ')) return null;
  const address = owner.slice('server '.length);
  return servers.find((v) => v.address === address) ?? null;
}
