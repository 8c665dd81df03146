/**
 * Misbehaving peers on 127.0.0.1, run in the test process: a server that never answers, one that
 * resets, one that never finishes its side of a close, a client that half-closes, a slow reader.
 * Each records what it saw so a test can assert on the other end of the connection too.
 */
import * as net from 'node:net';

export interface Peer {
  port: number;
  sockets: Set<net.Socket>;
  close: () => Promise<void>;
}

const open = new Set<Peer>();

/** A TCP server running `onConnection` for each accepted socket; closed by `closeAllPeers`. */
export async function tcpPeer(onConnection: (s: net.Socket) => void, options: net.ServerOpts = {}): Promise<Peer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(options, (s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const peer: Peer = {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  open.add(peer);
  return peer;
}

/** Accepts and reads, never answers, never closes: a stalled upstream. */
export const silentServer = () => tcpPeer((s) => s.resume());

/** Resets (RST) every connection as soon as it is accepted: `read ECONNRESET` on the other side. */
export const resettingServer = () => tcpPeer((s) => s.resetAndDestroy());

/** Reads and never sends its FIN, even after the other side's: a peer gone silent mid-close. */
export const neverClosingServer = () => tcpPeer((s) => s.resume(), { allowHalfOpen: true });

export async function closeAllPeers(): Promise<void> {
  await Promise.all([...open].map((p) => p.close()));
  open.clear();
}

/** A client socket to `port` with its events recorded. */
export interface RecordingClient {
  socket: net.Socket;
  received: () => Buffer;
  ended: () => boolean;
  closed: () => boolean;
  error: () => Error | undefined;
}

export async function connectClient(port: number, options: { allowHalfOpen?: boolean; paused?: boolean } = {}): Promise<RecordingClient> {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: options.allowHalfOpen ?? false });
  const chunks: Buffer[] = [];
  let ended = false;
  let closed = false;
  let error: Error | undefined;
  socket.on('error', (e) => (error = e));
  socket.on('end', () => (ended = true));
  socket.on('close', () => (closed = true));
  if (!options.paused) socket.on('data', (c: Buffer) => chunks.push(c));
  clients.add(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => Buffer.concat(chunks),
    ended: () => ended,
    closed: () => closed,
    error: () => error,
  };
}

const clients = new Set<net.Socket>();

export function destroyAllClients(): void {
  for (const s of clients) s.destroy();
  clients.clear();
}
