import { Node, ts, type Type, type Symbol as MorphSymbol } from 'ts-morph';

/** The kinds of values socklint tracks (rules.md, "Tracked value"). */
export type TrackedKind =
  | 'socket'
  | 'tlsSocket'
  | 'clientRequest'
  | 'incomingMessage'
  | 'serverResponse'
  | 'netServer'
  | 'tlsServer'
  | 'httpServer'
  | 'httpsServer'
  | 'http2Session'
  | 'http2Server'
  | 'httpAgent'
  | 'httpsAgent'
  | 'keepaliveAgent'
  | 'undiciAgent'
  | 'undiciPool'
  | 'undiciClient'
  | 'wsWebSocket'
  | 'wsServer';

export const SOCKET_KINDS: ReadonlySet<TrackedKind> = new Set(['socket', 'tlsSocket']);
export const SERVER_KINDS: ReadonlySet<TrackedKind> = new Set(['netServer', 'tlsServer', 'httpServer', 'httpsServer', 'http2Server', 'wsServer']);
export const HTTP_SERVER_KINDS: ReadonlySet<TrackedKind> = new Set(['httpServer', 'httpsServer']);
export const AGENT_KINDS: ReadonlySet<TrackedKind> = new Set(['httpAgent', 'httpsAgent', 'keepaliveAgent', 'undiciAgent', 'undiciPool', 'undiciClient']);
/** Emitters whose unhandled 'error' kills the process and that the code can own. */
export const ERROR_EMITTER_KINDS: ReadonlySet<TrackedKind> = new Set(['socket', 'tlsSocket', 'clientRequest', 'wsWebSocket', 'http2Session']);

/** Node core classes by `<module>.<name>`. */
const NODE_CLASSES: Record<string, TrackedKind> = {
  'net.Socket': 'socket',
  'tls.TLSSocket': 'tlsSocket',
  'http.ClientRequest': 'clientRequest',
  'http.IncomingMessage': 'incomingMessage',
  'http.ServerResponse': 'serverResponse',
  'net.Server': 'netServer',
  'tls.Server': 'tlsServer',
  'http.Server': 'httpServer',
  'https.Server': 'httpsServer',
  'http2.Http2Session': 'http2Session',
  'http2.ClientHttp2Session': 'http2Session',
  'http2.ServerHttp2Session': 'http2Session',
  'http2.Http2Server': 'http2Server',
  'http2.Http2SecureServer': 'http2Server',
  'http.Agent': 'httpAgent',
  'https.Agent': 'httpsAgent',
};

/** Classes of npm packages, matched by the package folder their declaration lives in. */
const PACKAGE_CLASSES: Array<{ folder: RegExp; names: Record<string, TrackedKind> }> = [
  { folder: /[\\/]@types[\\/]ws[\\/]|[\\/]node_modules[\\/]ws[\\/]/, names: { WebSocket: 'wsWebSocket', Server: 'wsServer', WebSocketServer: 'wsServer' } },
  {
    folder: /[\\/]agentkeepalive[\\/]/,
    names: { HttpAgent: 'keepaliveAgent', HttpsAgent: 'keepaliveAgent', AgentKeepAlive: 'keepaliveAgent', Agent: 'keepaliveAgent' },
  },
  { folder: /[\\/]undici(-types)?[\\/]/, names: { Agent: 'undiciAgent', Pool: 'undiciPool', Client: 'undiciClient' } },
];

/** The `declare module "x"` a declaration sits in, without a `node:` prefix. */
function ambientModuleOf(decl: Node): string | undefined {
  for (let n: Node | undefined = decl.getParent(); n; n = n.getParent()) {
    if (Node.isModuleDeclaration(n)) {
      const nameNode = n.compilerNode.name;
      if (ts.isStringLiteral(nameNode)) return nameNode.text.replace(/^node:/, '');
    }
  }
  return undefined;
}

function kindOfSymbol(symbol: MorphSymbol): TrackedKind | undefined {
  const name = symbol.getName();
  for (const decl of symbol.getDeclarations()) {
    const file = decl.getSourceFile().getFilePath();
    if (/[\\/]@types[\\/]node[\\/]/.test(file)) {
      const mod = ambientModuleOf(decl);
      const kind = mod ? NODE_CLASSES[`${mod}.${name}`] : undefined;
      if (kind) return kind;
      continue;
    }
    for (const pkg of PACKAGE_CLASSES) {
      if (pkg.folder.test(file) && pkg.names[name]) return pkg.names[name];
    }
  }
  return undefined;
}

const typeKindCache = new WeakMap<object, TrackedKind | null>();

/** The tracked kind of a type: its own class, else the nearest tracked base class. */
export function classifyType(type: Type): TrackedKind | undefined {
  const key = type.compilerType as object;
  const cached = typeKindCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let result: TrackedKind | undefined;
  // `Socket | undefined`, `Socket | null`: a field that is not always set is still a socket.
  if (type.isUnion()) {
    const defined = type.getUnionTypes().filter((t) => !t.isNull() && !t.isUndefined());
    if (defined.length === 1) result = classifyType(defined[0]);
    typeKindCache.set(key, result ?? null);
    return result;
  }
  if (!type.isAny() && !type.isUnknown()) {
    const seen = new Set<object>();
    const visit = (t: Type, depth: number): TrackedKind | undefined => {
      if (depth > 6 || seen.has(t.compilerType)) return undefined;
      seen.add(t.compilerType);
      const symbol = t.getSymbol() ?? t.getAliasSymbol();
      const own = symbol ? kindOfSymbol(symbol) : undefined;
      if (own) return own;
      for (const base of t.getBaseTypes()) {
        const k = visit(base, depth + 1);
        if (k) return k;
      }
      return undefined;
    };
    result = visit(type, 0);
  }
  typeKindCache.set(key, result ?? null);
  return result;
}

/** The tracked kind of an expression from its type, or undefined. Never throws. */
export function classifyExpression(expr: Node): TrackedKind | undefined {
  try {
    return classifyType(expr.getType());
  } catch {
    return undefined;
  }
}

/**
 * A value with no type the analysis can use (plain JavaScript, or a type from a module that is
 * absent). `whenUnknown`: the answer when the checker cannot type it at all.
 */
export function isUntyped(node: Node, whenUnknown = false): boolean {
  try {
    const type = node.getType();
    return type.isAny() || type.isUnknown();
  } catch {
    return whenUnknown;
  }
}
