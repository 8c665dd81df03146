import {
  Node,
  SyntaxKind,
  type CallExpression,
  type Expression,
  type ObjectLiteralExpression,
  type SourceFile,
  type Statement,
  type Symbol as MorphSymbol,
} from 'ts-morph';
import { callsNamed, identifiersNamed } from './descendants';
import { classifyExpression, SERVER_KINDS, type TrackedKind } from './classify';
import { FACTORY_CALL_NAMES, FACTORY_NEW_NAMES, calleeName, moduleMemberOf, provenanceKind } from './modules';
import { resolveFunction, type FunctionLike } from './functions';

export const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** Methods of sockets, requests, servers and emitters that return the receiver itself. */
const CHAINABLE_METHODS = new Set([
  ...LISTENER_METHODS,
  'off', 'removeListener', 'removeAllListeners', 'setMaxListeners', 'setTimeout', 'setKeepAlive', 'setNoDelay',
  'setEncoding', 'pause', 'resume', 'ref', 'unref', 'listen', 'setHeader', 'setSocketKeepAlive',
]);

/**
 * `end()` returns the stream too, but `() => req.end()` only finishes it: follow its result only when
 * it is kept (`const req = http.request(…).end()`) or chained on.
 */
function endResultKept(call: Node): boolean {
  const parent = call.getParent();
  return parent !== undefined && ((Node.isVariableDeclaration(parent) && parent.getInitializer() === call) || (Node.isPropertyAccessExpression(parent) && parent.getExpression() === call));
}
/** Calls that take a stream and attach error handling to it. */
const HANDLING_CALLEES = new Set(['pipeline', 'finished']);
/** Calls that look at a value without keeping it. */
const INERT_CALLEE_OBJECTS = new Set(['console', 'assert', 'JSON', 'util', 'debug']);
const MAX_FOLLOW_DEPTH = 3;

export interface Listener {
  event: string;
  /** The registering call (`x.on('error', f)`, `events.once(x, 'connect')`). */
  call: CallExpression;
  method: string;
  /** The listener function when it is visible in this file. */
  handler?: FunctionLike;
  /** Registered by `events.once(x, ev)`: only present while awaited. */
  transient: boolean;
}

export interface Assignment {
  property: string;
  node: Node;
  value: Expression;
}

/** Everything this file does with one tracked value. */
export interface ValueUses {
  listeners: Listener[];
  /** Method calls on the value (`x.m(...)`), including chained ones. */
  calls: CallExpression[];
  assignments: Assignment[];
  /** Places where the value leaves what the analysis can see. */
  escapes: Node[];
  /** `pipeline`/`finished`/`for await` uses: they attach error handling. */
  handledBy: Node[];
  /** `src.pipe(x)`: x is the destination. */
  pipedFrom: CallExpression[];
  /** Symbols that name this value: its binding, aliases, parameters it was passed to. */
  symbols: Set<MorphSymbol>;
  /** Every expression that refers to the value. */
  references: Node[];
}

/** Anything whose uses were collected: a tracked value, or a probed untracked expression. */
export interface ValueProbe {
  node: Node;
  uses: ValueUses;
}

export interface TrackedValue {
  kind: TrackedKind;
  origin: 'created' | 'accepted';
  /** The creating call/new expression, or the accepting listener's parameter. */
  node: Node;
  /** e.g. "net.connect", "new ws.WebSocket", "type" when only the type told us. */
  factory: string;
  /** An object literal of options given at creation. */
  options?: ObjectLiteralExpression;
  /** For accepted values: the server that accepted them. */
  server?: TrackedValue;
  /** The variable that holds the value, when there is one. */
  name?: string;
  /** The statement that creates or first binds the value: fixes insert after it. */
  statement?: Statement;
  uses: ValueUses;
}

function emptyUses(): ValueUses {
  return { listeners: [], calls: [], assignments: [], escapes: [], handledBy: [], pipedFrom: [], symbols: new Set(), references: [] };
}

function literalString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isPropertyAccessExpression(node)) return node.getName(); // events.errorMonitor → "errorMonitor"
  try {
    const value = node.getType().getLiteralValue();
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function firstObjectLiteral(args: Node[]): ObjectLiteralExpression | undefined {
  return args.find((a): a is ObjectLiteralExpression => Node.isObjectLiteralExpression(a));
}

/** Builds and holds the tracked values of one source file. */
export class ValueIndex {
  readonly values: TrackedValue[] = [];
  private readonly bySymbol = new Map<MorphSymbol, TrackedValue>();
  /** Untracked values probed on demand: never registered for valueOf. */
  private readonly probes = new Map<object, ValueProbe>();
  private readonly probeValues = new Set<ValueProbe>();

  constructor(private readonly sourceFile: SourceFile) {
    this.collectCreated();
    this.collectAccepted();
  }

  /** The tracked value an expression refers to, if any. */
  valueOf(expr: Node | undefined): TrackedValue | undefined {
    if (!expr) return undefined;
    const inner = unwrap(expr);
    for (const v of this.values) if (v.node === inner) return v;
    const symbol = symbolOf(inner);
    return symbol ? this.bySymbol.get(symbol) : undefined;
  }

  /**
   * The uses of any expression's value, collected like a tracked value's (aliases, same-file
   * functions): the tracked value's own uses, or a probe keyed by the variable or expression.
   * `ownUses`: probe the variable itself even when a tracked value flows into it (a parameter).
   */
  probe(expr: Node, ownUses = false): ValueProbe {
    const tracked = ownUses ? undefined : this.valueOf(expr);
    if (tracked) return tracked;
    const inner = unwrap(expr);
    const symbol = Node.isIdentifier(inner) ? symbolOf(inner) : undefined;
    const key = symbol ?? inner;
    let probe = this.probes.get(key);
    if (!probe) {
      const value: TrackedValue = { kind: 'socket', origin: 'created', node: inner, factory: 'probe', uses: emptyUses() };
      this.probes.set(key, value);
      this.probeValues.add(value);
      if (symbol) this.addAlias(value, symbol, 0);
      else this.trace(value, inner, 0);
      probe = value;
    }
    return probe;
  }

  private collectCreated(): void {
    const sf = this.sourceFile;
    const candidates: Node[] = [];
    for (const call of callsNamed(sf, SyntaxKind.CallExpression, FACTORY_CALL_NAMES)) {
      const name = calleeName(call.getExpression());
      if (name && FACTORY_CALL_NAMES.has(name)) candidates.push(call);
    }
    for (const expr of callsNamed(sf, SyntaxKind.NewExpression, FACTORY_NEW_NAMES)) {
      const name = calleeName(expr.getExpression());
      if (name && (FACTORY_NEW_NAMES.has(name) || name === 'default')) candidates.push(expr);
    }
    for (const node of candidates) {
      const created = this.creationKind(node);
      if (!created) continue;
      const args = (node as CallExpression).getArguments?.() ?? [];
      const value: TrackedValue = {
        kind: created.kind,
        origin: 'created',
        node,
        factory: created.factory,
        options: firstObjectLiteral(args),
        uses: emptyUses(),
      };
      this.values.push(value);
      this.trace(value, node, 0);
    }
  }

  private creationKind(node: Node): { kind: TrackedKind; factory: string } | undefined {
    const callee = (node as CallExpression).getExpression();
    // A method on a tracked value (`socket.connect()`, `server.listen()`) returns that value: not a creation.
    if (Node.isPropertyAccessExpression(callee) && Node.isCallExpression(node) && classifyExpression(callee.getExpression())) {
      return undefined;
    }
    const byProvenance = provenanceKind(node);
    const byType = classifyExpression(node);
    if (byType) return { kind: byType, factory: byProvenance?.factory ?? describeCallee(node) };
    return byProvenance;
  }

  private collectAccepted(): void {
    // Servers created here: their connection listeners and createServer(…, listener) callbacks.
    for (const server of this.values.filter((v) => SERVER_KINDS.has(v.kind))) {
      if (server.kind === 'netServer' || server.kind === 'tlsServer') {
        const args = (server.node as CallExpression).getArguments?.() ?? [];
        const cb = args.find((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isIdentifier(a));
        const fn = cb && resolveFunction(cb);
        if (fn) this.accept(server, fn);
      }
    }
    // `x.on('connection', fn)` on anything that is a server by type or by creation.
    for (const call of callsNamed(this.sourceFile, SyntaxKind.CallExpression, LISTENER_METHODS)) {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName())) continue;
      const [eventArg, handlerArg] = call.getArguments();
      const event = Node.isStringLiteral(eventArg) ? eventArg.getLiteralValue() : undefined;
      if (event !== 'connection' && event !== 'secureConnection') continue;
      const receiver = callee.getExpression();
      const server = this.valueOf(receiver) ?? this.serverByType(receiver);
      const fn = handlerArg && resolveFunction(handlerArg);
      if (server && SERVER_KINDS.has(server.kind) && fn) this.accept(server, fn);
    }
  }

  private serverByType(receiver: Node): TrackedValue | undefined {
    const kind = classifyExpression(receiver);
    if (!kind || !SERVER_KINDS.has(kind)) return undefined;
    return { kind, origin: 'created', node: receiver, factory: 'type', uses: emptyUses() };
  }

  private accept(server: TrackedValue, fn: FunctionLike): void {
    const param = fn.getParameters()[0];
    if (!param || this.values.some((v) => v.node === param)) return;
    const kind: TrackedKind =
      server.kind === 'wsServer' ? 'wsWebSocket' : server.kind === 'tlsServer' || server.kind === 'httpsServer' ? 'tlsSocket' : 'socket';
    const value: TrackedValue = {
      kind,
      origin: 'accepted',
      node: param,
      factory: `${server.kind} connection`,
      server,
      name: Node.isIdentifier(param.getNameNode()) ? param.getName() : undefined,
      uses: emptyUses(),
    };
    this.values.push(value);
    const symbol = symbolOf(param.getNameNode());
    if (symbol) this.addAlias(value, symbol, 0);
  }

  private addAlias(value: TrackedValue, symbol: MorphSymbol, depth: number): void {
    if (value.uses.symbols.has(symbol)) return;
    value.uses.symbols.add(symbol);
    if (!this.bySymbol.has(symbol) && !this.probeValues.has(value)) this.bySymbol.set(symbol, value);
    // In JS, `x.p = v` makes the identifier `x` itself a declaration (an expando): it is still a use.
    const decls = new Set(symbol.getDeclarations().filter((d) => !Node.isIdentifier(d)).map((d) => (d as { getNameNode?: () => Node }).getNameNode?.() ?? d));
    for (const id of identifiersNamed(this.sourceFile, symbol.getName())) {
      if (decls.has(id)) continue;
      if (symbolOf(id) !== symbol) continue;
      this.trace(value, id, depth);
    }
  }

  /** Classifies one use of the value, starting at an expression that evaluates to it. */
  private trace(value: TrackedValue, start: Node, depth: number): void {
    const uses = value.uses;
    uses.references.push(start);
    let cur: Node = start;
    for (;;) {
      const parent = cur.getParent();
      if (!parent) return;
      if (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent) || Node.isTypeAssertion(parent) || Node.isSatisfiesExpression(parent)) {
        cur = parent;
        continue;
      }
      if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === cur) {
        const grand = parent.getParent();
        const method = parent.getName();
        if (grand && Node.isCallExpression(grand) && grand.getExpression() === parent) {
          uses.calls.push(grand);
          if (LISTENER_METHODS.has(method)) {
            const [ev, handler] = grand.getArguments();
            const event = literalString(ev);
            if (event) uses.listeners.push({ event, call: grand, method, handler: handler && resolveFunction(handler), transient: false });
          }
          if (CHAINABLE_METHODS.has(method) || (method === 'end' && endResultKept(grand))) {
            cur = grand;
            continue;
          }
          return;
        }
        if (grand && Node.isBinaryExpression(grand) && grand.getLeft() === parent && grand.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
          uses.assignments.push({ property: method, node: grand, value: grand.getRight() });
        }
        return;
      }
      if (Node.isCallExpression(parent) && parent.getArguments().includes(cur as Expression)) {
        this.traceArgument(value, parent, cur, depth);
        return;
      }
      if (Node.isVariableDeclaration(parent) && parent.getInitializer() === cur) {
        const nameNode = parent.getNameNode();
        if (Node.isIdentifier(nameNode)) {
          value.name ??= nameNode.getText();
          value.statement ??= parent.getFirstAncestorByKind(SyntaxKind.VariableStatement);
          const exported = parent.getFirstAncestorByKind(SyntaxKind.VariableStatement)?.isExported();
          if (exported) uses.escapes.push(parent);
          const symbol = symbolOf(nameNode);
          if (symbol) this.addAlias(value, symbol, depth);
        } else {
          uses.escapes.push(parent);
        }
        return;
      }
      if (Node.isBinaryExpression(parent) && parent.getRight() === cur && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
        const left = parent.getLeft();
        const symbol = Node.isIdentifier(left) ? symbolOf(left) : undefined;
        if (symbol && !isExportedSymbol(symbol)) {
          value.name ??= left.getText();
          if (Node.isExpressionStatement(parent.getParent())) value.statement ??= parent.getParent() as Statement;
          this.addAlias(value, symbol, depth);
        } else {
          uses.escapes.push(parent);
        }
        return;
      }
      if (Node.isForOfStatement(parent) && parent.getExpression() === cur) {
        if (parent.isAwaited()) uses.handledBy.push(parent);
        return;
      }
      if (Node.isExpressionStatement(parent)) {
        value.statement ??= parent;
        return;
      }
      if (
        Node.isReturnStatement(parent) || Node.isThrowStatement(parent) || Node.isYieldExpression(parent) ||
        Node.isArrowFunction(parent) || Node.isExportAssignment(parent) || Node.isArrayLiteralExpression(parent) ||
        Node.isPropertyAssignment(parent) || Node.isShorthandPropertyAssignment(parent) || Node.isSpreadElement(parent) ||
        Node.isNewExpression(parent) || Node.isConditionalExpression(parent) || Node.isExportSpecifier(parent) ||
        Node.isBinaryExpression(parent) && [SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken, SyntaxKind.AmpersandAmpersandToken].includes(parent.getOperatorToken().getKind()) ||
        Node.isElementAccessExpression(parent) && parent.getExpression() !== cur ||
        Node.isPropertyDeclaration(parent) || Node.isAwaitExpression(parent) && !Node.isExpressionStatement(parent.getParent())
      ) {
        uses.escapes.push(parent);
        return;
      }
      return;
    }
  }

  private traceArgument(value: TrackedValue, call: CallExpression, arg: Node, depth: number): void {
    const uses = value.uses;
    const callee = call.getExpression();
    const name = calleeName(callee);
    const index = call.getArguments().indexOf(arg as Expression);
    if (name && HANDLING_CALLEES.has(name)) {
      uses.handledBy.push(call);
      return;
    }
    // events.once(x, 'connect') / events.on(x, 'error')
    const member = moduleMemberOf(callee);
    if (member?.module === 'events' && (member.member === 'once' || member.member === 'on') && index === 0) {
      const event = literalString(call.getArguments()[1]);
      if (event) uses.listeners.push({ event, call, method: `events.${member.member}`, transient: member.member === 'once' });
      return;
    }
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'pipe' && index === 0) {
      uses.pipedFrom.push(call);
      return;
    }
    if (Node.isPropertyAccessExpression(callee) && Node.isIdentifier(callee.getExpression()) && INERT_CALLEE_OBJECTS.has(callee.getExpression().getText())) {
      return;
    }
    if (Node.isPropertyAccessExpression(callee) && ['emit', 'write', 'end', 'log', 'info', 'warn', 'error', 'debug'].includes(callee.getName()) && index > 0) {
      // Emitting or logging a value hands it to listeners we cannot see.
      uses.escapes.push(call);
      return;
    }
    const fn = depth < MAX_FOLLOW_DEPTH ? resolveFunction(callee) : undefined;
    const param = fn?.getParameters()[index];
    if (fn && param && fn.getSourceFile() === this.sourceFile && !param.isRestParameter()) {
      const symbol = Node.isIdentifier(param.getNameNode()) ? symbolOf(param.getNameNode()) : undefined;
      if (symbol) {
        this.addAlias(value, symbol, depth + 1);
        return;
      }
    }
    uses.escapes.push(call);
  }
}

function describeCallee(node: Node): string {
  const callee = (node as CallExpression).getExpression();
  const text = callee.getText().replace(/\s+/g, '');
  return Node.isNewExpression(node) ? `new ${text}` : text;
}

export function unwrap(node: Node): Node {
  let cur = node;
  while (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isNonNullExpression(cur)) cur = cur.getExpression();
  return cur;
}

export function symbolOf(node: Node): MorphSymbol | undefined {
  try {
    const parent = node.getParent();
    if (parent && Node.isShorthandPropertyAssignment(parent)) return parent.getValueSymbol?.() ?? node.getSymbol();
    return node.getSymbol();
  } catch {
    return undefined;
  }
}

function isExportedSymbol(symbol: MorphSymbol): boolean {
  return symbol.getDeclarations().some((d) => {
    const stmt = d.getFirstAncestorByKind(SyntaxKind.VariableStatement);
    return stmt?.isExported() ?? false;
  });
}
