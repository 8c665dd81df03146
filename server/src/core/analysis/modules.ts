import { Node, SyntaxKind, type Expression } from 'ts-morph';
import type { TrackedKind } from './classify';

/** `require('x')` or `require("node:x")` → "x". */
export function requiredModule(node: Node | undefined): string | undefined {
  if (!node || !Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const [arg] = node.getArguments();
  if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || !arg || !Node.isStringLiteral(arg)) return undefined;
  return arg.getLiteralValue().replace(/^node:/, '');
}

function moduleSpecifierOf(node: Node): string | undefined {
  const decl = node.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  return decl?.getModuleSpecifierValue().replace(/^node:/, '');
}

/**
 * What an identifier is bound to, syntactically: a whole module (`const net = require('net')`,
 * `import * as net from 'net'`, `import net from 'net'`) or one member of it
 * (`const { connect } = require('net')`, `import { connect as c } from 'net'`).
 */
export function moduleBindingOf(id: Node): { module: string; member?: string } | undefined {
  if (!Node.isIdentifier(id)) return undefined;
  let decls: Node[];
  try {
    decls = id.getSymbol()?.getDeclarations() ?? [];
  } catch {
    return undefined;
  }
  for (const decl of decls) {
    if (Node.isNamespaceImport(decl) || Node.isImportClause(decl) || Node.isImportEqualsDeclaration(decl)) {
      const module = Node.isImportEqualsDeclaration(decl)
        ? requiredModule(decl.getModuleReference()) ?? decl.getModuleReference().getText().match(/require\(['"](?:node:)?([^'"]+)/)?.[1]
        : moduleSpecifierOf(decl);
      if (module) return Node.isImportClause(decl) ? { module, member: 'default' } : { module };
    }
    if (Node.isImportSpecifier(decl)) {
      const module = moduleSpecifierOf(decl);
      if (module) return { module, member: decl.getName() };
    }
    if (Node.isVariableDeclaration(decl)) {
      const module = requiredModule(decl.getInitializer());
      if (module) return { module };
      // const X = require('net').Socket
      const init = decl.getInitializer();
      if (init && Node.isPropertyAccessExpression(init)) {
        const inner = requiredModule(init.getExpression());
        if (inner) return { module: inner, member: init.getName() };
      }
    }
    if (Node.isBindingElement(decl)) {
      const pattern = decl.getParent();
      const varDecl = pattern?.getParent();
      if (varDecl && Node.isVariableDeclaration(varDecl)) {
        const module = requiredModule(varDecl.getInitializer());
        if (module) return { module, member: decl.getPropertyNameNode()?.getText() ?? decl.getName() };
      }
    }
  }
  return undefined;
}

/** `net.connect`, `require('net').connect`, or a destructured `connect` → { module: 'net', member: 'connect' }. */
export function moduleMemberOf(expr: Expression | Node): { module: string; member: string } | undefined {
  if (Node.isPropertyAccessExpression(expr)) {
    const object = expr.getExpression();
    const direct = requiredModule(object);
    if (direct) return { module: direct, member: expr.getName() };
    const binding = moduleBindingOf(object);
    if (binding && !binding.member) return { module: binding.module, member: expr.getName() };
    // `WebSocket.Server` where WebSocket is ws's default export
    if (binding?.member === 'default') return { module: binding.module, member: expr.getName() };
    return undefined;
  }
  if (Node.isIdentifier(expr)) {
    const binding = moduleBindingOf(expr);
    if (binding) return { module: binding.module, member: binding.member ?? 'default' };
  }
  return undefined;
}

/** Factories recognised without types (rules.md: "provenance"). Key: `module.member`, `new` for constructors. */
const CALL_FACTORIES: Record<string, TrackedKind> = {
  'net.connect': 'socket',
  'net.createConnection': 'socket',
  'tls.connect': 'tlsSocket',
  'http.request': 'clientRequest',
  'http.get': 'clientRequest',
  'https.request': 'clientRequest',
  'https.get': 'clientRequest',
  'net.createServer': 'netServer',
  'tls.createServer': 'tlsServer',
  'http.createServer': 'httpServer',
  'https.createServer': 'httpsServer',
  'http2.createServer': 'http2Server',
  'http2.createSecureServer': 'http2Server',
  'http2.connect': 'http2Session',
};

const NEW_FACTORIES: Record<string, TrackedKind> = {
  'net.Socket': 'socket',
  'tls.TLSSocket': 'tlsSocket',
  'net.Server': 'netServer',
  'http.Server': 'httpServer',
  'http.Agent': 'httpAgent',
  'https.Agent': 'httpsAgent',
  'ws.default': 'wsWebSocket',
  'ws.WebSocket': 'wsWebSocket',
  'ws.Server': 'wsServer',
  'ws.WebSocketServer': 'wsServer',
  'agentkeepalive.default': 'keepaliveAgent',
  'agentkeepalive.HttpAgent': 'keepaliveAgent',
  'agentkeepalive.HttpsAgent': 'keepaliveAgent',
  'agentkeepalive.HttpsAgent.default': 'keepaliveAgent',
  'undici.Agent': 'undiciAgent',
  'undici.Pool': 'undiciPool',
  'undici.Client': 'undiciClient',
};

export function provenanceKind(node: Node): { kind: TrackedKind; factory: string } | undefined {
  if (Node.isCallExpression(node)) {
    const m = moduleMemberOf(node.getExpression());
    const key = m && `${m.module}.${m.member}`;
    return key && CALL_FACTORIES[key] ? { kind: CALL_FACTORIES[key], factory: key } : undefined;
  }
  if (Node.isNewExpression(node)) {
    const m = moduleMemberOf(node.getExpression());
    const key = m && `${m.module}.${m.member}`;
    return key && NEW_FACTORIES[key] ? { kind: NEW_FACTORIES[key], factory: `new ${key.replace('.default', '')}` } : undefined;
  }
  return undefined;
}

/** Callee names worth a closer look: a cheap syntactic filter before any type query. */
// `listen`: a framework's `app.listen()` returns the http.Server it creates (found by its type).
export const FACTORY_CALL_NAMES = new Set(['connect', 'createConnection', 'request', 'get', 'createServer', 'createSecureServer', 'listen']);
export const FACTORY_NEW_NAMES = new Set([
  'Socket', 'TLSSocket', 'Server', 'WebSocket', 'WebSocketServer', 'Agent', 'HttpAgent', 'HttpsAgent', 'AgentKeepAlive',
  'KeepAliveAgent', 'Pool', 'Client',
]);

/** The last name of a callee: `a.b.connect` → "connect", `WebSocket` → "WebSocket". */
export function calleeName(expr: Node): string | undefined {
  if (Node.isIdentifier(expr)) return expr.getText();
  if (Node.isPropertyAccessExpression(expr)) return expr.getName();
  if (Node.isParenthesizedExpression(expr)) return calleeName(expr.getExpression());
  if (Node.isCallExpression(expr)) return requiredModule(expr) ? 'default' : undefined;
  return undefined;
}
