import { Node, SyntaxKind, ts, type ElementAccessExpression, type Expression, type PropertyAccessExpression, type SourceFile } from 'ts-morph';
import type { TrackedKind } from './classify';
import { descendantsOfKind, descendantsOfKindWhere, identifiersNamed } from './descendants';
import { frameworkServerCall } from './frameworks';
import { declarationsOf } from './symbols';
import { isNullish } from './syntax';

/** `require('x')` or `require("node:x")` (also webpack's `__webpack_require__("x")`) → "x". */
export function requiredModule(node: Node | undefined): string | undefined {
  if (!node || !Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const [arg] = node.getArguments();
  if (!Node.isIdentifier(callee) || !arg || !Node.isStringLiteral(arg)) return undefined;
  const name = callee.getText();
  if (name === 'require') return bundledForBrowser(node, arg.getLiteralValue()) ? undefined : arg.getLiteralValue().replace(/^node:/, '');
  // webpack keeps a bare external's name as its module id: `__webpack_require__("net")`.
  if (name === '__webpack_require__' && /^(node:)?[a-z@][\w@/.-]*$/.test(arg.getLiteralValue())) return arg.getLiteralValue().replace(/^node:/, '');
  return undefined;
}

/**
 * `require('http')` in a module of a browserify bundle whose dependency map gives `http` a module
 * of the bundle (`{1: [function (require, module, exports) { … }, { "http": 17 }], …}`): a browser
 * stand-in (stream-http), not Node's module. A bundle built for Node leaves the name out of the map.
 */
function bundledForBrowser(call: Node, specifier: string): boolean {
  if (!browserifyShaped(call.getSourceFile())) return false;
  for (let fn = call.getFirstAncestorByKind(SyntaxKind.FunctionExpression); fn; fn = fn.getFirstAncestorByKind(SyntaxKind.FunctionExpression)) {
    const [first] = fn.getParameters();
    const entry = fn.getParent();
    if (first?.getName() !== 'require' || !Node.isArrayLiteralExpression(entry) || entry.getElements()[0] !== fn) continue;
    const deps = entry.getElements()[1];
    const mapped =
      deps && Node.isObjectLiteralExpression(deps)
        ? deps.getProperty(
            (p) =>
              Node.isPropertyAssignment(p) &&
              p
                .getNameNode()
                .getText()
                .replace(/^["']|["']$/g, '') === specifier,
          )
        : undefined;
    return mapped !== undefined && Node.isPropertyAssignment(mapped) && Node.isNumericLiteral(mapped.getInitializer());
  }
  return false;
}

// Keyed by the compiler's node, which an edit replaces.
const browserifyFiles = new WeakMap<ts.SourceFile, boolean>();

/** A file holding browserify's module functions (`[function(require,module,exports){`): asked once per file. */
function browserifyShaped(sf: SourceFile): boolean {
  let shaped = browserifyFiles.get(sf.compilerNode);
  if (shaped === undefined) {
    shaped = /\[\s*function\s*\(\s*require\s*,\s*module\s*,\s*exports\s*\)/.test(sf.getFullText());
    browserifyFiles.set(sf.compilerNode, shaped);
  }
  return shaped;
}

/**
 * Whether a callee is a browserify bundle's stand-in for a Node module: `require("https").request`,
 * or a variable holding it or its module (`var request = require("https").request; request(url)`).
 */
export function fromBrowserBundle(callee: Node): boolean {
  let n: Node | undefined = callee;
  for (let hops = 0; n && hops < 4; hops++) {
    while (Node.isPropertyAccessExpression(n) || Node.isParenthesizedExpression(n)) n = n.getExpression();
    if (Node.isCallExpression(n)) {
      const [arg] = n.getArguments();
      return n.getExpression().getText() === 'require' && arg !== undefined && Node.isStringLiteral(arg) && bundledForBrowser(n, arg.getLiteralValue());
    }
    if (!Node.isIdentifier(n)) return false;
    const decl: Node | undefined = n.getSymbol()?.getDeclarations()[0];
    n = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  }
  return false;
}

function moduleSpecifierOf(node: Node): string | undefined {
  const decl = node.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  return decl?.compilerNode.moduleSpecifier.kind === SyntaxKind.StringLiteral ? decl.getModuleSpecifierValue().replace(/^node:/, '') : undefined; // not yet a string while an import is typed
}

/** What an identifier or expression denotes: a whole module (or one of several), or one member of it. */
export interface ModuleBinding {
  module: string;
  member?: string;
  /** Every module the value may be (`secure ? require('https') : require('http')`), `module` first. */
  modules?: string[];
}

/**
 * Helpers that compilers and bundlers wrap around `require('m')` and that give back m's exports, or a
 * namespace whose `default` is m's exports: TypeScript (`__importDefault`, `__importStar`, also as
 * `tslib_1.__importStar`), Babel (`_interopRequireDefault`, `_interopRequireWildcard`, also
 * `(0, _interopRequireDefault2.default)` from @babel/runtime), esbuild/rollup (`__toESM`).
 */
const INTEROP_HELPER =
  /^(__importDefault|__importStar|_interopRequireDefault|_interopRequireWildcard|__toESM|_interop_require_default|_interop_require_wildcard|_interopDefault|_interopDefaultLegacy|_interopNamespace|_interopNamespaceDefault|_interopNamespaceDefaultOnly)\d*$/;

function isInteropHelper(callee: Node): boolean {
  const inner = unwrapCallee(callee);
  if (Node.isIdentifier(inner)) return INTEROP_HELPER.test(inner.getText());
  if (Node.isPropertyAccessExpression(inner)) {
    if (INTEROP_HELPER.test(inner.getName())) return true;
    // @babel/runtime: `_interopRequireDefault2.default`
    const object = inner.getExpression();
    return inner.getName() === 'default' && Node.isIdentifier(object) && INTEROP_HELPER.test(object.getText());
  }
  return false;
}

/** `(0, x.f)` — compiled code calls an imported function this way so that `this` is undefined — → `x.f`. */
export function unwrapCallee(expr: Node): Node {
  let cur = expr;
  for (;;) {
    if (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isNonNullExpression(cur)) cur = cur.getExpression();
    else if (Node.isBinaryExpression(cur) && cur.getOperatorToken().getKind() === SyntaxKind.CommaToken) cur = cur.getRight();
    else return cur;
  }
}

/**
 * The whole module(s) an expression evaluates to, syntactically: `require('m')`, an interop helper
 * around it, `require('m').default`, `a || require('m')`, `c ? require('a') : require('b')`.
 */
function modulesOfExpression(node: Node | undefined, depth = 0): string[] | undefined {
  if (!node || depth > 4) return undefined;
  const expr = unwrapCallee(node);
  const direct = requiredModule(expr);
  if (direct) return [direct];
  if (Node.isCallExpression(expr) && isInteropHelper(expr.getExpression())) return modulesOfExpression(expr.getArguments()[0], depth + 1);
  // A compiled default import of a CommonJS module is its exports (`m.default`, Babel 6's `m['default']`).
  if (isDefaultAccess(expr)) return modulesOfExpression((expr as PropertyAccessExpression | ElementAccessExpression).getExpression(), depth + 1);
  // `var _net2 = _interopRequireDefault(_net)`, `cond ? https : http`: a variable bound to a module.
  if (Node.isIdentifier(expr)) {
    const binding = moduleBindingAt(expr, depth + 1);
    return binding && (!binding.member || binding.member === 'default') ? (binding.modules ?? [binding.module]) : undefined;
  }
  if (Node.isConditionalExpression(expr)) {
    const a = modulesOfExpression(expr.getWhenTrue(), depth + 1);
    const b = modulesOfExpression(expr.getWhenFalse(), depth + 1);
    // `typeof window == 'undefined' ? require('ws') : window.WebSocket`: on Node, the module.
    if (a && !b && isBrowserGlobal(expr.getWhenFalse())) return a;
    if (b && !a && isBrowserGlobal(expr.getWhenTrue())) return b;
    return a && b ? [...new Set([...a, ...b])] : undefined;
  }
  if (Node.isBinaryExpression(expr) && [SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken].includes(expr.getOperatorToken().getKind())) {
    // `x || require('ws')`: the module is the fallback (and the usual value once loaded).
    return modulesOfExpression(expr.getRight(), depth + 1);
  }
  return undefined;
}

/** The right-most operand of `a || b ?? c`: the value used when nothing else is given. */
function fallbackOf(expr: Node): Node {
  let cur = unwrapCallee(expr);
  while (Node.isBinaryExpression(cur) && [SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken].includes(cur.getOperatorToken().getKind()))
    cur = unwrapCallee(cur.getRight());
  return cur;
}

/** A browser's global (`window.WebSocket`, `self.WebSocket`): absent on Node. (`globalThis.WebSocket` exists on Node 22.) */
function isBrowserGlobal(node: Node): boolean {
  const expr = unwrapCallee(node);
  return Node.isPropertyAccessExpression(expr) && /^(window|self)$/.test(expr.getExpression().getText());
}

/** `x.default` or `x['default']`. */
function isDefaultAccess(node: Node): boolean {
  if (Node.isPropertyAccessExpression(node)) return node.getName() === 'default';
  if (Node.isElementAccessExpression(node)) {
    const arg = node.getArgumentExpression();
    return arg !== undefined && Node.isStringLiteral(arg) && arg.getLiteralValue() === 'default';
  }
  return false;
}

function wholeModule(modules: string[] | undefined): ModuleBinding | undefined {
  if (!modules || modules.length === 0) return undefined;
  return modules.length > 1 ? { module: modules[0], modules } : { module: modules[0] };
}

/** An identifier written by an assignment operator (`x = …`, `x ||= …`), read from the compiler's node. */
function isAssignedTo(id: ts.Identifier): boolean {
  const parent = id.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === id &&
    parent.operatorToken.kind >= SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= SyntaxKind.LastAssignment
  );
}

/**
 * A `let`/`var`/parameter given a module by assignment only (`let ws; ws = ws || require('ws')`):
 * the module when every value the variable is given is that module (or nothing yet).
 */
function assignedModules(decl: Node, depth: number): string[] | undefined {
  const nameNode = (decl as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode || !Node.isIdentifier(nameNode)) return undefined;
  const init = Node.isVariableDeclaration(decl) || Node.isParameterDeclaration(decl) ? decl.getInitializer() : undefined;
  if (init && !isNullish(init)) return undefined;
  const symbol = nameNode.getSymbol();
  const found: string[] = [];
  for (const id of identifiersNamed(decl, nameNode.getText(), isAssignedTo)) {
    if (id === nameNode) continue;
    // Only assignments matter: the syntax first, the symbol (a checker query) only for them.
    const parent = id.getParent();
    if (!parent || !Node.isBinaryExpression(parent) || parent.getLeft() !== id) continue;
    const operator = parent.getOperatorToken().getKind();
    if (operator < SyntaxKind.FirstAssignment || operator > SyntaxKind.LastAssignment || id.getSymbol() !== symbol) continue;
    if (operator === SyntaxKind.BarBarEqualsToken || operator === SyntaxKind.QuestionQuestionEqualsToken) {
      // `ws ||= require('ws')`
      const modules = modulesOfExpression(parent.getRight(), depth);
      if (!modules) return undefined;
      found.push(...modules);
      continue;
    }
    if (operator !== SyntaxKind.EqualsToken) return undefined;
    const modules = modulesOfExpression(parent.getRight(), depth);
    if (!modules) return undefined;
    found.push(...modules);
  }
  return found.length ? [...new Set(found)] : undefined;
}

/**
 * What an identifier is bound to, syntactically: a whole module (`const net = require('net')`,
 * `import * as net from 'net'`, `import net from 'net'`, compiled forms such as
 * `const net_1 = __importDefault(require("net"))`) or one member of it
 * (`const { connect } = require('net')`, `import { connect as c } from 'net'`).
 */
export function moduleBindingOf(id: Node): ModuleBinding | undefined {
  return moduleBindingAt(id, 0);
}

/** moduleBindingOf, `depth` variables deep (`a = b`, `b = require('m')`): bounded, so `x = x || y` ends. */
function moduleBindingAt(id: Node, depth: number): ModuleBinding | undefined {
  if (!Node.isIdentifier(id) || depth > 4) return undefined;
  const decls = declarationsOf(id);
  if (decls.length === 0) return implicitGlobalModule(id, depth);
  for (const decl of decls) {
    if (Node.isNamespaceImport(decl) || Node.isImportClause(decl) || Node.isImportEqualsDeclaration(decl)) {
      const module = Node.isImportEqualsDeclaration(decl)
        ? (requiredModule(decl.getModuleReference()) ??
          decl
            .getModuleReference()
            .getText()
            .match(/require\(['"](?:node:)?([^'"]+)/)?.[1])
        : moduleSpecifierOf(decl);
      if (module) return Node.isImportClause(decl) ? { module, member: 'default' } : { module };
    }
    if (Node.isImportSpecifier(decl)) {
      const module = moduleSpecifierOf(decl);
      if (module) return { module, member: decl.getName() };
    }
    if (Node.isVariableDeclaration(decl)) {
      const init = decl.getInitializer();
      const whole = wholeModule(modulesOfExpression(init, depth));
      if (whole) return whole;
      // const X = require('net').Socket; `options.engine || WebSocket.Server`: the fallback, a drop-in's default
      const member = init && fallbackOf(init);
      if (member && Node.isPropertyAccessExpression(member)) {
        const inner = wholeModule(modulesOfExpression(member.getExpression(), depth));
        if (inner) return { ...inner, member: member.getName() };
      }
      // `secure ? https.request : http.request`: the same member of either module.
      const chosen = init && unwrapCallee(init);
      if (chosen && Node.isConditionalExpression(chosen)) {
        const [a, b] = [unwrapCallee(chosen.getWhenTrue()), unwrapCallee(chosen.getWhenFalse())];
        if (Node.isPropertyAccessExpression(a) && Node.isPropertyAccessExpression(b) && a.getName() === b.getName()) {
          const left = modulesOfExpression(a.getExpression(), depth);
          const right = modulesOfExpression(b.getExpression(), depth);
          const both = left && right ? wholeModule([...new Set([...left, ...right])]) : undefined;
          if (both) return { ...both, member: a.getName() };
        }
      }
      if (decl.getSourceFile() === id.getSourceFile() && decl.getVariableStatement()?.getDeclarationKind() !== 'const') {
        const assigned = wholeModule(assignedModules(decl, depth));
        if (assigned) return assigned;
      }
    }
    if (Node.isParameterDeclaration(decl) && decl.getSourceFile() === id.getSourceFile()) {
      const assigned = wholeModule(assignedModules(decl, depth));
      if (assigned) return assigned;
    }
    if (Node.isBindingElement(decl)) {
      const pattern = decl.getParent();
      const varDecl = pattern?.getParent();
      if (varDecl && Node.isVariableDeclaration(varDecl)) {
        const whole = wholeModule(modulesOfExpression(varDecl.getInitializer(), depth));
        if (whole) return { ...whole, member: decl.getPropertyNameNode()?.getText() ?? decl.getName() };
      }
    }
  }
  return undefined;
}

/**
 * An undeclared name a script assigns a module to (`var util = require('util'); https =
 * require('https');` after a stray semicolon): sloppy-mode JavaScript makes it a global.
 */
function implicitGlobalModule(id: Node, depth: number): ModuleBinding | undefined {
  if (!/\.(c|m)?jsx?$/.test(id.getSourceFile().getFilePath())) return undefined;
  for (const other of identifiersNamed(id, id.getText())) {
    const parent = other.getParent();
    if (!parent || !Node.isBinaryExpression(parent) || parent.getLeft() !== other || parent.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const whole = wholeModule(modulesOfExpression(parent.getRight(), depth));
    if (whole) return whole;
  }
  return undefined;
}

/**
 * `net.connect`, `require('net').connect`, or a destructured `connect` → { module: 'net', member: 'connect' }.
 * Compiled forms too: `net_1.default.connect`, `(0, net_1.connect)`, `import_net.default.connect`.
 */
export function moduleMemberOf(node: Expression | Node): (ModuleBinding & { member: string }) | undefined {
  const expr = unwrapCallee(node);
  if (Node.isPropertyAccessExpression(expr)) {
    const object = unwrapCallee(expr.getExpression());
    const direct = wholeModule(modulesOfExpression(object));
    if (direct) return { ...direct, member: expr.getName() };
    // `net_1.default.connect`: the default export of a compiled import of a CommonJS module is the module.
    if (isDefaultAccess(object)) {
      const inner = unwrapCallee((object as PropertyAccessExpression | ElementAccessExpression).getExpression());
      const binding = Node.isIdentifier(inner) ? moduleBindingOf(inner) : undefined;
      if (binding && !binding.member) return { ...binding, member: expr.getName() };
    }
    const binding = Node.isIdentifier(object) ? moduleBindingOf(object) : Node.isPropertyAccessExpression(object) ? fieldModule(object) : undefined;
    if (binding && !binding.member) return { ...binding, member: expr.getName() };
    // `WebSocket.Server` where WebSocket is ws's default export
    if (binding?.member === 'default') return { ...binding, member: expr.getName() };
    return undefined;
  }
  if (Node.isIdentifier(expr)) {
    const binding = moduleBindingOf(expr);
    if (binding) return { ...binding, member: binding.member ?? 'default' };
  }
  return undefined;
}

/**
 * `this._protocol` where every value this file gives the field is a module: `this._protocol =
 * secure ? https : http` in a constructor, `_protocol: require('https')` in a prototype object
 * literal, or a class field `protocol = require('https')`.
 */
function fieldModule(access: PropertyAccessExpression): ModuleBinding | undefined {
  const owner = unwrapCallee(access.getExpression());
  if (owner.getKind() !== SyntaxKind.ThisKeyword && !(Node.isIdentifier(owner) && /^(self|_this|that)$/.test(owner.getText()))) return undefined;
  const sf = access.getSourceFile();
  // Keyed by the parsed tree: a SourceFile edited in place (the language server) is parsed again.
  let fields = fieldModulesByFile.get(sf.compilerNode);
  if (!fields) {
    fields = collectFieldModules(sf);
    fieldModulesByFile.set(sf.compilerNode, fields);
  }
  return wholeModule(fields.get(access.getName()) ?? undefined);
}

const fieldModulesByFile = new WeakMap<object, Map<string, string[] | null>>();

/** Field name → the modules every write gives it (null: some write gives something else). */
function collectFieldModules(sf: SourceFile): Map<string, string[] | null> {
  const fields = new Map<string, string[] | null>();
  const give = (name: string, value: Node | undefined) => {
    const modules = value && modulesOfExpression(value);
    const known = fields.get(name);
    if (known === null) return;
    fields.set(name, modules ? [...new Set([...(known ?? []), ...modules])] : null);
  };
  // Only files that keep a module in a field are worth the walk.
  if (!/\b(?:this|self|_this|that)\s*\.\s*\w+\s*=|\w+\s*:\s*require\s*\(|^\s*\w+\s*=\s*require\s*\(/m.test(sf.getFullText())) return fields;
  const fieldWrites = (n: ts.BinaryExpression) => n.operatorToken.kind === SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left);
  for (const assignment of descendantsOfKindWhere(sf, SyntaxKind.BinaryExpression, fieldWrites)) {
    const left = assignment.getLeft();
    if (!Node.isPropertyAccessExpression(left)) continue;
    const owner = unwrapCallee(left.getExpression());
    if (owner.getKind() === SyntaxKind.ThisKeyword || (Node.isIdentifier(owner) && /^(self|_this|that)$/.test(owner.getText())))
      give(left.getName(), assignment.getRight());
  }
  const inAssignedLiteral = (n: ts.PropertyAssignment) => ts.isBinaryExpression(n.parent.parent);
  for (const property of descendantsOfKindWhere(sf, SyntaxKind.PropertyAssignment, inAssignedLiteral)) {
    const literal = property.getParent();
    const assigned = literal?.getParent();
    // `X.prototype = { _protocol: require('https') }`
    if (!assigned || !Node.isBinaryExpression(assigned) || !/\.prototype$/.test(assigned.getLeft().getText())) continue;
    const name = property.getNameNode();
    if (Node.isIdentifier(name)) give(name.getText(), property.getInitializer());
  }
  for (const declaration of descendantsOfKind(sf, SyntaxKind.PropertyDeclaration)) {
    const init = declaration.getInitializer();
    if (init) give(declaration.getName(), init);
  }
  return fields;
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
  // micro (before v10): `micro(handler)` returns the http.Server.
  'micro.default': 'httpServer',
  // Node's constructors called without `new` construct all the same (`require('http').Server(app)`).
  'net.Socket': 'socket',
  'net.Server': 'netServer',
  'http.Server': 'httpServer',
  'https.Server': 'httpsServer',
};

const NEW_FACTORIES: Record<string, TrackedKind> = {
  'net.Socket': 'socket',
  // Node's old name for net.Socket, still exported.
  'net.Stream': 'socket',
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

/**
 * The factory a member names in `table`; for a module chosen at run time
 * (`secure ? require('https') : require('http')`) every candidate must name one, and the first's kind is kept.
 */
function factoryOf(m: (ModuleBinding & { member: string }) | undefined, table: Record<string, TrackedKind>): { kind: TrackedKind; key: string } | undefined {
  if (!m) return undefined;
  const keys = (m.modules ?? [m.module]).map((module) => `${module}.${m.member}`);
  if (!keys.every((k) => table[k])) return undefined;
  return { kind: table[keys[0]], key: keys[0] };
}

/** The kind a Node constructor makes (`http.Server` → httpServer), without a `new`: `http.Server.call(this)`. */
export function constructorKind(expr: Node): TrackedKind | undefined {
  return factoryOf(moduleMemberOf(expr), NEW_FACTORIES)?.kind;
}

export function provenanceKind(node: Node): { kind: TrackedKind; factory: string } | undefined {
  if (Node.isCallExpression(node)) {
    const found = factoryOf(moduleMemberOf(node.getExpression()), CALL_FACTORIES);
    return found ? { kind: found.kind, factory: found.key } : frameworkServerCall(node);
  }
  if (Node.isNewExpression(node)) {
    const found = factoryOf(moduleMemberOf(node.getExpression()), NEW_FACTORIES);
    return found ? { kind: found.kind, factory: `new ${found.key.replace('.default', '')}` } : undefined;
  }
  return undefined;
}

/** Callee names worth a closer look: a cheap syntactic filter before any type query. */
// `listen`: a framework's `app.listen()` returns the http.Server it creates (found by its type).
export const FACTORY_CALL_NAMES = new Set([
  'connect',
  'createConnection',
  'request',
  'get',
  'createServer',
  'createSecureServer',
  'listen',
  'micro',
  'Server',
  'Socket',
]);
export const FACTORY_NEW_NAMES = new Set([
  'Socket',
  'Stream',
  'TLSSocket',
  'Server',
  'WebSocket',
  'WebSocketServer',
  'Agent',
  'HttpAgent',
  'HttpsAgent',
  'AgentKeepAlive',
  'KeepAliveAgent',
  'Pool',
  'Client',
  // `new ws_1.default(url)`: a compiled default import.
  'default',
]);

/** Packages whose export (or its `Promise`) is a Promises/A+ constructor that runs its executor at once. */
const PROMISE_LIBRARIES = new Set([
  'any-promise',
  'bluebird',
  'es6-promise',
  'lie',
  'native-promise-only',
  'pinkie',
  'pinkie-promise',
  'promise',
  'promise-polyfill',
  'rsvp',
]);

/**
 * Whether `new callee(executor)` makes a promise: the global `Promise`, or a promise library however
 * it is loaded (`P = P || require('any-promise')`, `const { Promise } = require('es6-promise')`).
 */
export function isPromiseConstructor(callee: Node): boolean {
  if (calleeName(callee) === 'Promise') return true;
  const member = moduleMemberOf(callee);
  return member !== undefined && PROMISE_LIBRARIES.has(member.module) && (member.member === 'default' || member.member === 'Promise');
}

/** The last name of a callee: `a.b.connect` → "connect", `WebSocket` → "WebSocket". */
export function calleeName(expr: Node): string | undefined {
  if (Node.isIdentifier(expr)) return expr.getText();
  if (Node.isPropertyAccessExpression(expr)) return expr.getName();
  if (Node.isParenthesizedExpression(expr)) return calleeName(expr.getExpression());
  // `(0, net_1.connect)(…)`: compiled code's call of an imported function.
  if (Node.isBinaryExpression(expr) && expr.getOperatorToken().getKind() === SyntaxKind.CommaToken) return calleeName(expr.getRight());
  if (Node.isCallExpression(expr)) return requiredModule(expr) ? 'default' : undefined;
  return undefined;
}
