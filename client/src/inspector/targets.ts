// Parsing what the user types as an attach target (no vscode import: tested directly).
import type { AttachTarget } from '@socklint/protocol/webview';

/** "9229" → { port }; "host:9229" / "[::1]:9229" → { host, port }. */
export function parsePort(text: string): { port: number; host?: string } | null {
  const m = /^\s*(?:(\[[^\]]+\]|[^\s:]+):)?(\d{1,5})\s*$/.exec(text);
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return m[1] ? { port, host: m[1].replace(/^\[|\]$/g, '') } : { port };
}

/** A ws:// URL is used as is; http://host:port means "the inspector listening there". */
export function parseUrl(text: string): AttachTarget | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return { url: url.toString() };
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return { port, host: url.hostname.replace(/^\[|\]$/g, '') };
  }
  return null;
}
