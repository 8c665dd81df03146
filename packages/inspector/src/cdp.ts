// A minimal Chrome DevTools Protocol client over one WebSocket: request/response by id, events,
// and a clear error for every pending call when the target goes away.
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import WebSocket from 'ws';
import { InspectorError } from './types';

/** What Runtime.evaluate answers (the parts read here). */
export interface EvaluateResponse<T = unknown> {
  result?: { value?: T; objectId?: string };
  exceptionDetails?: { text?: string; exception?: { description?: string } };
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export interface CdpEvents {
  event: [method: string, params: unknown];
  close: [reason: string];
}

export class CdpClient extends EventEmitter<CdpEvents> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | null = null;
  /** Set by the owner so pending calls fail with a message about the target, not the socket. */
  closeError: () => InspectorError = () => new InspectorError('TARGET_EXITED', 'The inspector connection closed.');

  private constructor(private readonly ws: WebSocket) {
    super();
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', (code) => this.onClose(`closed (${code})`));
    ws.on('error', (err) => this.onClose(err.message));
  }

  static connect(url: string, timeoutMs = 3000): Promise<CdpClient> {
    return new Promise((resolve, reject) => {
      // perMessageDeflate off: Node's inspector does not negotiate it; maxPayload raised for big pages.
      const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024, handshakeTimeout: timeoutMs });
      const fail = (err: Error) => {
        ws.removeAllListeners();
        ws.on('error', () => {});
        ws.terminate();
        reject(new InspectorError('CONNECT_FAILED', `Cannot connect to the inspector at ${url}: ${err.message}.`));
      };
      ws.once('error', fail);
      ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
      ws.once('open', () => {
        ws.removeListener('error', fail);
        resolve(new CdpClient(ws));
      });
    });
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  send<T = unknown>(method: string, params: object = {}, timeoutMs = 5000): Promise<T> {
    if (this.closedReason !== null) return Promise.reject(this.closeError());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new InspectorError('TIMEOUT', `The target did not answer ${method} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject, timer });
      this.ws.send(JSON.stringify({ id, method, params }), (err) => {
        if (!err) return;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(this.closeError());
      });
    });
  }

  /** Close the socket now; never waits for the target. */
  close(): void {
    if (this.closedReason === null) {
      try {
        this.ws.close();
      } catch {
        /* already closing */
      }
      // Do not linger in CLOSING: a target that wants to exit waits for us to be gone.
      setTimeout(() => this.ws.terminate(), 200).unref();
    }
    this.onClose('closed by the client');
  }

  private onMessage(text: string): void {
    let msg: { id?: unknown; error?: { message?: string }; result?: unknown; method?: unknown; params?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new InspectorError('EVALUATE_FAILED', `The target rejected the request: ${msg.error.message}.`));
      else p.resolve(msg.result);
    } else if (typeof msg.method === 'string') {
      this.emit('event', msg.method, msg.params);
    }
  }

  private onClose(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(this.closeError());
    }
    this.pending.clear();
    this.emit('close', reason);
  }
}

/** GET http://host:port/json/list — the inspector's targets. */
export function listTargets(host: string, port: number, timeoutMs = 1500): Promise<Array<{ webSocketDebuggerUrl?: string; type?: string; title?: string }>> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/json/list', timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          const list = JSON.parse(body);
          resolve(Array.isArray(list) ? list : []);
        } catch {
          reject(new Error(`no inspector answers on ${host}:${port}`));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
