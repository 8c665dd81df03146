import { Node, SyntaxKind, ts, type PropertyAccessExpression, type SourceFile } from 'ts-morph';
import type { TrackedKind } from './classify';
import { descendantsOfKindWhere, identifiersNamed } from './descendants';
import { moduleBindingOf, moduleMemberOf, requiredModule, unwrapCallee } from './modules';
import { declarationsOf } from './symbols';

/**
 * What socklint knows of the web frameworks that create Node's http.Server for the code: which
 * export makes the application, how the code reaches the server, and which settings the framework
 * chooses itself. Syntactic only, so it holds whether or not the framework is installed or typed.
 */
interface Framework {
  /** Name used in the value's factory, e.g. "express()". */
  name: string;
  modules: readonly string[];
  /** Exports that make an application: `default` for the module itself (`express()`, `new Koa()`). */
  factories: readonly string[];
  /**
   * `listen`: `app.listen(…)` creates the server and returns it (the server is made there).
   * `app`: the server is made with the application and reached through `routes`.
   */
  server: 'listen' | 'app';
  /** Properties (`app.server`) or no-argument methods (`app.getHttpServer()`) that give the server. */
  routes?: readonly string[];
  /**
   * Whether the route gives the server right after the application is made (false: only once
   * `listen()` ran, so a fix cannot set it next to the creation).
   */
  routeAtCreation?: boolean;
  /** What `app.listen()` gives back: the server (restify), a promise of it (NestJS), or something else. */
  listenGives?: 'server' | 'promisedServer';
  /** Index of the creation argument that holds options named like the server's settings. */
  optionsArgument?: number;
  /** Server settings the framework writes itself, with its defaults (ms). */
  ownSettings?: Readonly<Record<string, number>>;
}

const FRAMEWORKS: readonly Framework[] = [
  { name: 'express()', modules: ['express'], factories: ['default'], server: 'listen' },
  { name: 'new Koa()', modules: ['koa'], factories: ['default'], server: 'listen' },
  { name: 'connect()', modules: ['connect'], factories: ['default'], server: 'listen' },
  // Fastify creates its server with the instance and sets its timeouts from its options:
  // connectionTimeout (server.timeout, default 0), keepAliveTimeout (72 s), requestTimeout (0).
  {
    name: 'fastify()',
    modules: ['fastify'],
    factories: ['default', 'fastify'],
    server: 'app',
    routes: ['server'],
    routeAtCreation: true,
    optionsArgument: 0,
    ownSettings: { timeout: 0, keepAliveTimeout: 72000, requestTimeout: 0 },
  },
  { name: 'Hapi.server()', modules: ['@hapi/hapi', 'hapi'], factories: ['server', 'Server'], server: 'app', routes: ['listener'], routeAtCreation: true },
  {
    name: 'restify.createServer()',
    modules: ['restify'],
    factories: ['createServer'],
    server: 'app',
    routes: ['server'],
    routeAtCreation: true,
    listenGives: 'server',
  },
  {
    name: 'NestFactory.create()',
    modules: ['@nestjs/core'],
    factories: ['NestFactory.create'],
    server: 'app',
    routes: ['getHttpServer'],
    routeAtCreation: true,
    listenGives: 'promisedServer',
  },
  // polka makes its server in listen() and keeps it as `app.server`.
  { name: 'polka()', modules: ['polka'], factories: ['default'], server: 'app', routes: ['server'], routeAtCreation: false },
];

/** The framework modules as a regular-expression alternation (micro's `micro(handler)` returns the server itself). */
export const FRAMEWORK_MODULES = [...FRAMEWORKS.flatMap((f) => f.modules), 'micro'].map((m) => m.replace(/[/@.]/g, '\\$&')).join('|');

/** Files that never mention a framework module skip the search. */
const MENTIONS_FRAMEWORK = new RegExp(`['"\`](${FRAMEWORK_MODULES})['"\`]`);

function unwrapAwait(node: Node): Node {
  let cur = unwrapCallee(node);
  while (Node.isAwaitExpression(cur)) cur = unwrapCallee(cur.getExpression());
  return cur;
}

/** unwrapAwait's test on the compiler's node, before wrapping: a call or `new` under parentheses, casts, commas and awaits. */
function isCallAfterUnwrapping(node: ts.Expression): boolean {
  let cur = node;
  for (;;) {
    if (ts.isParenthesizedExpression(cur) || ts.isAsExpression(cur) || ts.isNonNullExpression(cur) || ts.isAwaitExpression(cur)) cur = cur.expression;
    else if (ts.isBinaryExpression(cur) && cur.operatorToken.kind === SyntaxKind.CommaToken) cur = cur.right;
    else return ts.isCallExpression(cur) || ts.isNewExpression(cur);
  }
}

/** The framework whose application a call or `new` expression makes: `express()`, `new Koa()`, `require('fastify')({…})`. */
export function frameworkOfCreation(node: Node): Framework | undefined {
  const expr = unwrapAwait(node);
  if (!Node.isCallExpression(expr) && !Node.isNewExpression(expr)) return undefined;
  const callee = unwrapCallee(expr.getExpression());
  let module: string | undefined;
  let member: string | undefined;
  const direct = requiredModule(callee);
  if (direct) {
    module = direct;
    member = 'default';
  } else {
    const m = moduleMemberOf(callee);
    if (m) {
      module = m.module;
      member = m.member;
    } else if (Node.isPropertyAccessExpression(callee)) {
      // `NestFactory.create(AppModule)`: a method of a named export.
      const object = unwrapCallee(callee.getExpression());
      const binding = Node.isIdentifier(object) ? moduleBindingOf(object) : undefined;
      if (binding?.member) {
        module = binding.module;
        member = `${binding.member}.${callee.getName()}`;
      }
    }
  }
  if (!module || !member) return undefined;
  return FRAMEWORKS.find((f) => f.modules.includes(module!) && f.factories.includes(member!));
}

type Application = { framework: Framework; creation: Node };

/** How many modules deep an imported application is followed (`listen.ts` → `app.ts` → `server.ts`). */
const MAX_IMPORT_DEPTH = 3;

/**
 * The application an expression names: a variable initialised with (or the expression itself) a
 * framework creation, or one a same-project module exports (`import app from './app'`).
 */
function applicationOf(expr: Node, depth = 0): Application | undefined {
  const inner = unwrapAwait(expr);
  const framework = frameworkOfCreation(inner);
  if (framework) return { framework, creation: inner };
  if (Node.isPropertyAccessExpression(inner)) return compiledImport(inner, depth);
  if (!Node.isIdentifier(inner)) return undefined;
  const decls = declarationsOf(inner);
  const imported = importedApplication(decls, depth);
  if (imported) return imported;
  // In JS, `app.locals = …` makes `app` an expando with more declarations: only the variable counts.
  const variables = decls.filter((d) => Node.isVariableDeclaration(d));
  const decl = variables.length === 1 ? variables[0] : undefined;
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getSourceFile() !== inner.getSourceFile()) return undefined;
  const init = decl.getInitializer();
  const creation = init && unwrapAwait(init);
  const found = creation && frameworkOfCreation(creation);
  if (found && creation) return { framework: found, creation };
  // `const app = require('./app')`
  return init && depth < MAX_IMPORT_DEPTH ? exportedApplication(relativeRequire(init), 'default', depth + 1) : undefined;
}

/** Whether an expression names a framework's application (`const server = express()`): a request handler. */
export function isApplication(expr: Node): boolean {
  return applicationOf(expr) !== undefined;
}

/**
 * Compiled imports: `app_1.default.listen()` and `app_1.app.listen()` where
 * `const app_1 = __importDefault(require("./app"))`.
 */
function compiledImport(access: PropertyAccessExpression, depth: number): Application | undefined {
  const object = unwrapCallee(access.getExpression());
  if (!Node.isIdentifier(object) || depth >= MAX_IMPORT_DEPTH) return undefined;
  const variables = declarationsOf(object).filter((d) => Node.isVariableDeclaration(d));
  const decl = variables.length === 1 ? variables[0] : undefined;
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  return init ? exportedApplication(relativeRequire(init), access.getName(), depth + 1) : undefined;
}

/** `import app from './app'`, `import { app } from './app'`: the application the module exports under that name. */
function importedApplication(decls: Node[], depth: number): Application | undefined {
  if (decls.length !== 1 || depth >= MAX_IMPORT_DEPTH) return undefined;
  const [decl] = decls;
  if (Node.isImportClause(decl)) return exportedApplication(relativeSpecifier(decl.getParent()), 'default', depth + 1);
  if (Node.isImportSpecifier(decl)) return exportedApplication(relativeSpecifier(decl.getImportDeclaration()), decl.getName(), depth + 1);
  return undefined;
}

/** The module specifier of an import from this project (`'./app'`, `'../server/app'`); packages are not followed. */
function relativeSpecifier(importDecl: Node | undefined): Node | undefined {
  if (!importDecl || !Node.isImportDeclaration(importDecl)) return undefined;
  const specifier = importDecl.getModuleSpecifier();
  return specifier.getLiteralValue().startsWith('.') ? specifier : undefined;
}

/** Compilers' wrappers around `require()` of an ES module's CommonJS output (tslib's, Babel's, esbuild's). */
const INTEROP = /(^|\.)(__importDefault|__importStar|_interopRequireDefault|_interopRequireWildcard|__toESM)\d*$/;

/** The specifier of `require('./app')` (also inside an interop helper), when it names a module of this project. */
function relativeRequire(init: Node): Node | undefined {
  let expr = unwrapCallee(init);
  if (Node.isCallExpression(expr) && INTEROP.test(unwrapCallee(expr.getExpression()).getText()) && expr.getArguments().length === 1) {
    expr = unwrapCallee(expr.getArguments()[0]);
  }
  const module = requiredModule(expr);
  return module?.startsWith('.') && Node.isCallExpression(expr) ? expr.getArguments()[0] : undefined;
}

/** The source file a module specifier resolves to, when the project holds its source (not a declaration file). */
function moduleSource(specifier: Node | undefined): SourceFile | undefined {
  if (!specifier) return undefined;
  const target = declarationsOf(specifier).find((d) => Node.isSourceFile(d));
  return target && Node.isSourceFile(target) && !target.isDeclarationFile() ? target : undefined;
}

/** `module.exports`, `exports.name`, `module.exports.name`: the CommonJS export an assignment target names. */
export function commonJsExport(target: Node): string | undefined {
  const text = target.getText().replace(/\s/g, '');
  if (text === 'module.exports') return 'default';
  return /^(module\.)?exports\.([\w$]+)$/.exec(text)?.[2];
}

/**
 * The framework application a module exports as `name` (`default`: `export default app`,
 * `export = app`, `module.exports = app`, `exports.default = app`; otherwise `export const name = …`
 * or `exports.name = …`), when the module is in the project.
 */
function exportedApplication(specifier: Node | undefined, name: string, depth: number): Application | undefined {
  const file = moduleSource(specifier);
  if (!file) return undefined;
  for (const statement of file.getStatements()) {
    let exported: Node | undefined;
    if (Node.isExportAssignment(statement) && name === 'default') exported = statement.getExpression();
    else if (Node.isVariableStatement(statement) && statement.isExported()) {
      exported = statement
        .getDeclarations()
        .find((d) => d.getName() === name)
        ?.getInitializer();
    } else if (Node.isExpressionStatement(statement)) {
      const assignment = statement.getExpression();
      if (
        Node.isBinaryExpression(assignment) &&
        assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
        commonJsExport(assignment.getLeft()) === name
      ) {
        exported = assignment.getRight();
      }
    }
    const found = exported && applicationOf(exported, depth);
    if (found) return found;
  }
  return undefined;
}

/**
 * `app.listen(…)` on an application of a framework whose listen() makes and returns an http.Server
 * (express, Koa, connect): the call creates that server.
 */
export function frameworkServerCall(call: Node): { kind: TrackedKind; factory: string } | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = unwrapCallee(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'listen') return undefined;
  const app = applicationOf(callee.getExpression());
  if (!app || app.framework.server !== 'listen') return undefined;
  return { kind: 'httpServer', factory: `${app.framework.name}.listen` };
}

/** A server made with its application (fastify, hapi, restify, NestJS, polka), and where the code reaches it. */
export interface FrameworkServer {
  kind: TrackedKind;
  factory: string;
  /** The application's creation: reported there, fixes go after its statement. */
  node: Node;
  /** `app.server`, `app.getHttpServer()`: expressions that evaluate to the server. */
  reads: Node[];
  /** Text that names the server right after the creation (`app.server`), when there is one. */
  name?: string;
  /** Places where the application leaves the file's sight: its server may be configured there. */
  escapes: Node[];
}

/**
 * What to follow for `app.listen(…)`: the server it gives back when the code keeps it
 * (`const server = await app.listen(3000)` in NestJS), else the application itself (listening on it
 * listens on its server), unless its result is kept and is not the server (fastify's address).
 */
function listenRead(framework: Framework, access: Node): Node | 'app' | undefined {
  const call = access.getParent();
  if (!call || !Node.isCallExpression(call)) return undefined;
  let result: Node = call;
  const awaited = call.getParent();
  if (awaited && Node.isAwaitExpression(awaited)) result = awaited;
  const kept = !Node.isExpressionStatement(result.getParent());
  if (!kept) return 'app';
  if (framework.listenGives === 'server' && result === call) return call;
  if (framework.listenGives === 'promisedServer' && result !== call) return result;
  return undefined;
}

/** Servers that frameworks create with their application, one per application kept in a variable. */
export function frameworkServers(sourceFile: SourceFile): FrameworkServer[] {
  if (!MENTIONS_FRAMEWORK.test(sourceFile.getFullText())) return [];
  const found: FrameworkServer[] = [];
  const keptCreation = (n: ts.VariableDeclaration) => n.initializer !== undefined && ts.isIdentifier(n.name) && isCallAfterUnwrapping(n.initializer);
  for (const decl of descendantsOfKindWhere(sourceFile, SyntaxKind.VariableDeclaration, keptCreation)) {
    const init = decl.getInitializer();
    const nameNode = decl.getNameNode();
    if (!init || !Node.isIdentifier(nameNode)) continue;
    const creation = unwrapAwait(init);
    const framework = frameworkOfCreation(creation);
    if (!framework || framework.server !== 'app') continue;
    const symbol = nameNode.getSymbol();
    const reads: Node[] = [];
    const escapes: Node[] = [];
    for (const id of identifiersNamed(sourceFile, nameNode.getText())) {
      if (id === nameNode || id.getSymbol() !== symbol) continue;
      const parent = id.getParent();
      if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === id) {
        if (parent.getName() === 'listen') {
          const read = listenRead(framework, parent);
          if (read) reads.push(read === 'app' ? id : read);
          continue;
        }
        if (!framework.routes?.includes(parent.getName())) continue;
        const call = parent.getParent();
        if (call && Node.isCallExpression(call) && call.getExpression() === parent) reads.push(call);
        else reads.push(parent);
        continue;
      }
      // Exported, returned, stored or handed to a call: the server may be configured out of sight.
      if (!Node.isExpressionStatement(parent)) escapes.push(parent ?? id);
    }
    if (decl.getVariableStatement()?.isExported()) escapes.push(decl);
    const route = framework.routes?.[0];
    const name = framework.routeAtCreation && route ? `${nameNode.getText()}.${route}${route.startsWith('get') ? '()' : ''}` : undefined;
    found.push({ kind: 'httpServer', factory: framework.name, node: creation, reads, name, escapes });
  }
  return found;
}

/** The framework a tracked server was made by, from its factory name. */
function frameworkOfFactory(factory: string): Framework | undefined {
  return FRAMEWORKS.find((f) => factory === f.name || factory === `${f.name}.listen`);
}

/**
 * Which creation argument holds options named like the server's settings, for a server a
 * framework made: `null` when none does (listen's arguments are a port and a callback),
 * `undefined` when the value is not a framework's.
 */
export function frameworkOptionsArgument(factory: string): number | null | undefined {
  const framework = frameworkOfFactory(factory);
  if (!framework) return undefined;
  return framework.server === 'app' && framework.optionsArgument !== undefined ? framework.optionsArgument : null;
}

/** Settings a framework writes to its server itself (fastify's keepAliveTimeout 72 s), by name. */
export function frameworkSettings(factory: string): Readonly<Record<string, number>> | undefined {
  return frameworkOfFactory(factory)?.ownSettings;
}

/** Whether the value is a framework's application standing for its server (no server methods of its own). */
export function isFrameworkApplication(factory: string): boolean {
  return frameworkOfFactory(factory)?.server === 'app';
}
