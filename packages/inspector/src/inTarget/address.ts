// How the agent and the site tracing name a server's or a socket's address (runs in the target).

/** What server.address() returns: "127.0.0.1:8080", "[::1]:443", a pipe path; null when unbound. */
export function addressText(a: unknown): string | null {
  if (!a) return null;
  if (typeof a === 'string') return a;
  const info = a as { family: unknown; address: string; port: number };
  return (info.family === 'IPv6' || info.family === 6 ? '[' + info.address + ']' : info.address) + ':' + info.port;
}
