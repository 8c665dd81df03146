import { ts, type Node, type Type } from 'ts-morph';

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
function ambientModuleOf(decl: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = decl.parent; n; n = n.parent) {
    if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) return n.name.text.replace(/^node:/, '');
  }
  return undefined;
}

// The compiler's own objects, not ts-morph's wrappers: classifying asks this of every candidate
// creation and its base classes, and wrapping each declaration and its parents cost more than the answer.
const symbolKindCache = new WeakMap<ts.Symbol, TrackedKind | null>();

function kindOfSymbol(symbol: ts.Symbol): TrackedKind | undefined {
  const cached = symbolKindCache.get(symbol);
  if (cached !== undefined) return cached ?? undefined;
  let result: TrackedKind | undefined;
  const name = symbol.getName();
  for (const decl of symbol.declarations ?? []) {
    const file = decl.getSourceFile().fileName;
    if (/[\\/]@types[\\/]node[\\/]/.test(file)) {
      const mod = ambientModuleOf(decl);
      result = mod ? NODE_CLASSES[`${mod}.${name}`] : undefined;
      if (result) break;
      continue;
    }
    result = PACKAGE_CLASSES.find((pkg) => pkg.folder.test(file) && pkg.names[name])?.names[name];
    if (result) break;
  }
  symbolKindCache.set(symbol, result ?? null);
  return result;
}

const typeKindCache = new WeakMap<object, TrackedKind | null>();

/** The tracked kind of a type: its own class, else the nearest tracked base class. */
export function classifyType(type: Type): TrackedKind | undefined {
  return classifyCompilerType(type.compilerType);
}

function classifyCompilerType(type: ts.Type): TrackedKind | undefined {
  const cached = typeKindCache.get(type);
  if (cached !== undefined) return cached ?? undefined;
  let result: TrackedKind | undefined;
  // `Socket | undefined`, `Socket | null`: a field that is not always set is still a socket.
  if (type.isUnion()) {
    const defined = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    if (defined.length === 1) result = classifyCompilerType(defined[0]);
    typeKindCache.set(type, result ?? null);
    return result;
  }
  if (!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
    const seen = new Set<ts.Type>();
    const visit = (t: ts.Type, depth: number): TrackedKind | undefined => {
      if (depth > 6 || seen.has(t)) return undefined;
      seen.add(t);
      const symbol = t.getSymbol() ?? t.aliasSymbol;
      const own = symbol ? kindOfSymbol(symbol) : undefined;
      if (own) return own;
      for (const base of t.getBaseTypes() ?? []) {
        const k = visit(base, depth + 1);
        if (k) return k;
      }
      return undefined;
    };
    result = visit(type, 0);
  }
  typeKindCache.set(type, result ?? null);
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
