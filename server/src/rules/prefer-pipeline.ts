import * as path from 'node:path';
import { Node, SyntaxKind, type ArrowFunction, type CallExpression, type FunctionExpression, type MethodDeclaration, type SourceFile } from 'ts-morph';
import {
  CHAINABLE_METHODS,
  HTTP_SERVER_KINDS,
  assignmentsTo,
  isNullish,
  LISTENER_METHODS,
  callsNamed,
  constructorSourceOf,
  installedConstructorSourceOf,
  descendantsOfKind,
  identifiersNamed,
  isNodeMethod,
  isServerRequest,
  isServerResponse,
  moduleBindingOf,
  moduleMemberOf,
  nodeTypeNames,
  resolveFunction,
  returnedExpressions,
  streamOrigin,
  readableValue,
  readableVariable,
  symbolOf,
  unwrap,
  isLogCall,
  type FileAnalysis,
  type FunctionLike,
  type Listener,
  type ValueProbe,
} from '../core/analysis';
import { render, styleOf } from '../core/fixBuilders';
import { indentationAt } from '../core/fixes';
import { pipelineCallee } from '../core/pipelineImport';
import { testPeers, type PeerCheck } from '../core/requestAddress';
import { isPackageFile, runsUnderTestRunner } from '../core/testFiles';
import { redundantTeardownEdits } from '../core/pipelineTeardown';
import { defineRule, type Fix, type RuleContext } from '../core/rule';
import { insertAfterStatement } from '../core/fixBuilders';
import { escapeRegExp } from '../core/escapeRegExp';

/** Libraries whose `.pipe` is not Node's stream pipe (CodeQL's list), and gulp's plugin streams. */
const NON_NODE_PIPE_MODULES =
  /^(rxjs|rxjs\/.*|highland|gulp|gulp-.*|vinyl-fs|execa|arktype|react.*|through2?|@strapi\/.*|@ngrx\/.*|@datorama\/.*|@angular\/.*|@langchain\/.*)$/;
/** Calls that return their receiver: `src.on('error', f).pipe(dst)` pipes `src`. */
/** Statements that start an error response on `res`. */
const ERROR_RESPONSE_CALLS = new Set(['writeHead', 'status', 'sendStatus']);

/** One `src.pipe(dst)` of a chain. */
interface Segment {
  src: Node;
  dst: Node;
  pipe: CallExpression;
  /** Listeners chained onto the source in between (`a.pipe(b).on('error', f).pipe(c)`). */
  chained: CallExpression[];
}

const PIPE = new Set(['pipe']);

function isPipeCall(node: Node): node is CallExpression {
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  const args = node.getArguments();
  return (
    Node.isPropertyAccessExpression(callee) &&
    callee.getName() === 'pipe' &&
    args.length >= 1 &&
    args.length <= 2 &&
    !Node.isArrowFunction(args[0]) &&
    !Node.isFunctionExpression(args[0]) &&
    !Node.isObjectLiteralExpression(args[0])
  );
}

/** Strips chainable calls off a receiver, collecting the listener calls passed. */
function stripChainable(expr: Node, chained: CallExpression[]): Node {
  let cur = unwrap(expr);
  while (Node.isCallExpression(cur)) {
    const callee = cur.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !CHAINABLE_METHODS.has(callee.getName())) break;
    if (LISTENER_METHODS.has(callee.getName())) chained.push(cur);
    cur = unwrap(callee.getExpression());
  }
  return cur;
}

/** The pipe call this one feeds, through chainable calls (`a.pipe(b).on(…).pipe(c)`), if any. */
function outerPipe(call: CallExpression): CallExpression | undefined {
  let cur: Node = call;
  for (;;) {
    const access = cur.getParent();
    const outer = access?.getParent();
    if (!access || !Node.isPropertyAccessExpression(access) || access.getExpression() !== cur || !outer || !Node.isCallExpression(outer)) return undefined;
    if (isPipeCall(outer)) return outer;
    if (!CHAINABLE_METHODS.has(access.getName())) return undefined;
    cur = outer;
  }
}

/**
 * `stream = remote.pipe(transform); … stream.pipe(local).pipe(remote)`: a chain that goes on from
 * the variable holding it. The later chains' destinations are downstream of this one too.
 */
function continuedDownstream(outermost: CallExpression): Node[] {
  let holder: Node = outermost;
  while (Node.isParenthesizedExpression(holder.getParent())) holder = holder.getParentOrThrow();
  const parent = holder.getParent();
  const name =
    Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === holder
      ? parent.getLeft()
      : Node.isVariableDeclaration(parent) && parent.getInitializer() === holder
        ? parent.getNameNode()
        : undefined;
  const symbol = name && Node.isIdentifier(name) ? symbolOf(name) : undefined;
  if (!symbol) return [];
  const found: Node[] = [];
  for (const call of callsNamed(outermost.getSourceFile(), SyntaxKind.CallExpression, PIPE)) {
    if (!isPipeCall(call) || call.getStart() < outermost.getEnd() || outerPipe(call)) continue;
    const segments = segmentsOf(call);
    const first = unwrap(segments[0].src);
    if (Node.isIdentifier(first) && symbolOf(first) === symbol) found.push(...segments.map((s) => s.dst));
  }
  return found;
}

function segmentsOf(outermost: CallExpression): Segment[] {
  const segments: Segment[] = [];
  let cur: CallExpression = outermost;
  for (;;) {
    const chained: CallExpression[] = [];
    const callee = cur.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return segments;
    const src = stripChainable(callee.getExpression(), chained);
    segments.unshift({ src, dst: cur.getArguments()[0], pipe: cur, chained });
    if (!isPipeCall(src)) return segments;
    cur = src;
  }
}

function rootIdentifier(expr: Node): Node | undefined {
  let cur = unwrap(expr);
  for (;;) {
    if (Node.isIdentifier(cur)) return cur;
    if (Node.isCallExpression(cur) || Node.isPropertyAccessExpression(cur) || Node.isNewExpression(cur) || Node.isElementAccessExpression(cur)) {
      cur = unwrap(cur.getExpression());
      continue;
    }
    return undefined;
  }
}

function fromNonNodeLibrary(expr: Node): boolean {
  const root = rootIdentifier(expr);
  const binding = root && moduleBindingOf(root);
  return binding !== undefined && NON_NODE_PIPE_MODULES.test(binding.module);
}

/** What the same-file callers pass for a parameter of a helper only this file calls (else none). */
function callerArguments(analysis: FileAnalysis, expr: Node): Node[] {
  const inner = unwrap(expr);
  const decl = Node.isIdentifier(inner) ? symbolOf(inner)?.getDeclarations()[0] : undefined;
  return (decl && analysis.localCallArguments(decl)) ?? [];
}

/** A parameter of a helper only this file calls, and every call gives it a stream fed from memory: it cannot fail. */
function fedFromMemory(analysis: FileAnalysis, expr: Node): boolean {
  const given = callerArguments(analysis, expr);
  return given.length > 0 && given.every((arg) => isInMemoryStream(arg, analysis));
}

/** How many helpers a child's stdio is followed through, parameter to parameter. */
const MAX_PARAMETER_DEPTH = 3;

/** A parameter of a helper only this file calls, given a child's stdout/stderr by every call (also through other such helpers). */
function childStdioFromCallers(analysis: FileAnalysis, expr: Node, depth = 0): boolean {
  if (depth > MAX_PARAMETER_DEPTH) return false;
  const given = callerArguments(analysis, expr);
  return given.length > 0 && given.every((arg) => childOfStdio(arg) !== undefined || childStdioFromCallers(analysis, arg, depth + 1));
}

/** A parameter of a helper only this file calls, given the process's stdout/stderr by every call (arrow2csv's `pipeTo(src, process.stdout)`). */
function processStdioFromCallers(analysis: FileAnalysis, expr: Node, depth = 0): boolean {
  if (depth > MAX_PARAMETER_DEPTH) return false;
  const given = callerArguments(analysis, expr);
  return given.length > 0 && given.every((arg) => isProcessStdio(arg, /^process\.std(out|err)$/) || processStdioFromCallers(analysis, arg, depth + 1));
}

/** A parameter of a named function belongs to its callers; a callback's parameter is this code's. */
function isCallersParameter(analysis: FileAnalysis, expr: Node): boolean {
  const inner = unwrap(expr);
  if (!Node.isIdentifier(inner)) return false;
  const decl = symbolOf(inner)?.getDeclarations()[0];
  if (!decl || !Node.isParameterDeclaration(decl)) return false;
  const fn = decl.getParent();
  const holder = fn?.getParent();
  const isCallback =
    (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && holder !== undefined && (Node.isCallExpression(holder) || Node.isNewExpression(holder));
  if (isCallback) return false;
  // A helper only this file calls works on this code's own stream, unless a caller already
  // handles it (an 'error' listener, pipeline(), or handing it on) before the call.
  const args = analysis.localCallArguments(decl);
  if (args === undefined) return true;
  return args.some((arg) => {
    const probe = analysis.probe(arg);
    return analysis.escapes(probe) || probe.uses.handledBy.length > 0 || analysis.listeners(probe, 'error').some((l) => !l.transient);
  });
}

/**
 * `has(options, 'sourceStream') ? options.sourceStream : buildStdinSourceStream()` (pino-socket):
 * the caller's stream (an option of a parameter) or one that cannot fail, either way not a failure
 * of this code's making. Through a `const` too.
 */
function callersOrInMemory(analysis: FileAnalysis, src: Node): boolean {
  let n = unwrap(src);
  if (Node.isIdentifier(n)) {
    const decl = symbolOf(n)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const' ? decl.getInitializer() : undefined;
    if (init) n = unwrap(init);
  }
  if (!Node.isConditionalExpression(n)) return false;
  const callers = (branch: Node): boolean => {
    let root = unwrap(branch);
    while (Node.isPropertyAccessExpression(root)) root = unwrap(root.getExpression());
    return root !== unwrap(branch) && (isCallersParameter(analysis, root) || optionsOfCaller(analysis, root));
  };
  return [n.getWhenTrue(), n.getWhenFalse()].every((b) => callers(b) || isInMemoryStream(b, analysis));
}

/** `const options = Object.assign({ …defaults }, userOptions)` or `{ ...defaults, ...userOptions }`: the caller's options with defaults. */
function optionsOfCaller(analysis: FileAnalysis, id: Node): boolean {
  const decl = Node.isIdentifier(id) ? symbolOf(id)?.getDeclarations()[0] : undefined;
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  const n = init && unwrap(init);
  if (!n) return false;
  if (Node.isCallExpression(n) && /^Object\.assign$/.test(n.getExpression().getText())) return n.getArguments().some((a) => isCallersParameter(analysis, a));
  if (Node.isObjectLiteralExpression(n)) return n.getProperties().some((p) => Node.isSpreadAssignment(p) && isCallersParameter(analysis, p.getExpression()));
  return false;
}

function mentions(analysis: FileAnalysis, fn: Node, target: Node, depth = 2, seen = new Set<Node>()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  const probe = analysis.probe(target);
  const text = target.getText();
  const names = [...descendantsOfKind(fn, SyntaxKind.Identifier), ...descendantsOfKind(fn, SyntaxKind.PropertyAccessExpression)];
  if (names.some((d) => analysis.denotes(d, probe) || d.getText() === text)) return true;
  // `src.on('error', (err) => fail(err))` where a same-file `fail` closes the destination.
  return (
    depth > 0 &&
    descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => {
      const inner = analysis.resolveFunction(c.getExpression());
      return inner !== undefined && mentions(analysis, inner, target, depth - 1, seen);
    })
  );
}

/** Calls that start a child process, by module: `child_process`'s, execa's and cross-spawn's. */
const CHILD_FACTORIES: Record<string, RegExp> = {
  child_process: /^(spawn|exec|execFile|fork)$/,
  execa: /^(default|execa|execaNode|execaCommand|\$)$/,
  'cross-spawn': /^(default|spawn)$/,
};

/** A child process: by its `ChildProcess` type, or (untyped) a `const` made by one of CHILD_FACTORIES. */
function isChildProcess(expr: Node, depth = 0): boolean {
  const n = unwrap(expr);
  if (nodeTypeNames(n).has('ChildProcess')) return true;
  if (Node.isCallExpression(n)) {
    const member = moduleMemberOf(n.getExpression());
    return member !== undefined && CHILD_FACTORIES[member.module]?.test(member.member) === true;
  }
  if (!Node.isIdentifier(n) || depth > 2) return false;
  const decl = symbolOf(n)?.getDeclarations()[0];
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  const list = decl?.getParent();
  const constant = list !== undefined && Node.isVariableDeclarationList(list) && list.getDeclarationKind() === 'const';
  return init !== undefined && constant && isChildProcess(init, depth + 1);
}

/** The child process whose `stdout`/`stderr`/`stdio[n]` an expression is, if it is one. */
function childOfStdio(expr: Node): Node | undefined {
  const n = unwrap(expr);
  const stdio = Node.isElementAccessExpression(n) ? unwrap(n.getExpression()) : n;
  if (!Node.isPropertyAccessExpression(stdio)) return undefined;
  if (stdio === n ? !/^std(out|err)$/.test(stdio.getName()) : stdio.getName() !== 'stdio') return undefined;
  const child = unwrap(stdio.getExpression());
  return isChildProcess(child) ? child : undefined;
}

/** Calls that test whether a value is a readable stream (isstream's `isReadable`, is-stream's `isStream`). */
const STREAM_TEST_CALLS = /^(is(Readable|Node)?Stream|isReadable)$/;

/** `x.pipe` of a value `names` accepts. */
function isPipeMember(e: Node, names: (e: Node) => boolean): boolean {
  const n = unwrap(e);
  return Node.isPropertyAccessExpression(n) && n.getName() === 'pipe' && names(n.getExpression());
}

/**
 * Whether `cond` holds only for a stream (alone or in an `&&`): `isStream(x)`, `x instanceof Stream`,
 * `typeof x.pipe === 'function'`, and the looser duck tests `x.pipe`, `x.pipe != null`,
 * `x.pipe !== undefined`, `'pipe' in x`.
 */
function isStreamTest(cond: Node, names: (e: Node) => boolean): boolean {
  const c = unwrap(cond);
  if (isPipeMember(c, names)) return true;
  if (Node.isBinaryExpression(c)) {
    const op = c.getOperatorToken().getKind();
    if (op === SyntaxKind.AmpersandAmpersandToken) return isStreamTest(c.getLeft(), names) || isStreamTest(c.getRight(), names);
    if (op === SyntaxKind.InstanceOfKeyword) return names(c.getLeft()) && /^(stream\.|Stream\.)?(Stream|Readable)$/.test(c.getRight().getText());
    if (op === SyntaxKind.InKeyword) return /^['"]pipe['"]$/.test(c.getLeft().getText()) && names(c.getRight());
    const absent = /^(null|undefined|void 0)$/.test(unwrap(c.getRight()).getText());
    if (absent && isPipeMember(c.getLeft(), names)) {
      if (op === SyntaxKind.ExclamationEqualsToken) return true;
      if (op === SyntaxKind.ExclamationEqualsEqualsToken) return unwrap(c.getRight()).getText() !== 'null';
    }
    const left = unwrap(c.getLeft());
    const piped = Node.isTypeOfExpression(left) ? unwrap(left.getExpression()) : undefined;
    return (
      (op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken) &&
      piped !== undefined &&
      Node.isPropertyAccessExpression(piped) &&
      piped.getName() === 'pipe' &&
      names(piped.getExpression()) &&
      /^['"]function['"]$/.test(c.getRight().getText())
    );
  }
  if (!Node.isCallExpression(c)) return false;
  const callee = c.getExpression();
  const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
  return STREAM_TEST_CALLS.test(name) && c.getArguments().some(names);
}

/**
 * `if (isReadableStream(data)) data.pipe(res)`: the `if` by which the code knows a parameter to be a
 * stream at all, as a generic responder does with whatever payload it is given (its `pipe` is Node's).
 */
function streamTestOf(src: Node, pipe: CallExpression): Node | undefined {
  const id = unwrap(src);
  if (!Node.isIdentifier(id) || !isParameter(id)) return undefined;
  const symbol = symbolOf(id);
  const names = (e: Node) => Node.isIdentifier(unwrap(e)) && symbolOf(unwrap(e)) === symbol;
  return pipe.getAncestors().find((a) => Node.isIfStatement(a) && pipe.getAncestors().includes(a.getThenStatement()) && isStreamTest(a.getExpression(), names));
}

/**
 * Whether an escape of a payload may hand its errors to other code: not a type test in a condition
 * (`Buffer.isBuffer(data)`), nor a use in a branch for another type (`Buffer.from(data)` under
 * `_.isObject(data)`, `res.end(chunk)` in the else of the stream test): only escapes where the
 * value may be the stream count.
 */
function payloadEscape(analysis: FileAnalysis, escape: Node, probe: ValueProbe): boolean {
  const mentionsPayload = (n: Node) => [n, ...descendantsOfKind(n, SyntaxKind.Identifier)].some((d) => Node.isIdentifier(d) && analysis.denotes(d, probe));
  const namesPayload = (e: Node) => analysis.denotes(unwrap(e), probe);
  for (const a of escape.getAncestors()) {
    if (!Node.isIfStatement(a) && !Node.isConditionalExpression(a)) continue;
    const cond = Node.isIfStatement(a) ? a.getExpression() : a.getCondition();
    if (cond === escape || escape.getAncestors().includes(cond)) return false;
    if (!mentionsPayload(cond)) continue;
    const then = Node.isIfStatement(a) ? a.getThenStatement() : a.getWhenTrue();
    const inThen = escape.getAncestors().includes(then);
    if (!(inThen && isStreamTest(cond, namesPayload))) return false;
  }
  return true;
}

/** `(req, res) => req.pipe(res)`: a handler's request into its own response. */
function isEchoToOwnResponse(src: Node, dst: Node): boolean {
  const [req, res] = [unwrap(src), unwrap(dst)];
  if (!Node.isIdentifier(req) || !Node.isIdentifier(res)) return false;
  const reqDecl = symbolOf(req)?.getDeclarations()[0];
  const resDecl = symbolOf(res)?.getDeclarations()[0];
  if (!reqDecl || !resDecl || !Node.isParameterDeclaration(reqDecl) || !Node.isParameterDeclaration(resDecl)) return false;
  const fn = reqDecl.getParent();
  if (fn !== resDecl.getParent() || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return false;
  const params = fn.getParameters();
  return params.indexOf(reqDecl) === 0 && params.indexOf(resDecl) === 1 && isServerRequest(req) && isServerResponse(res);
}

/**
 * `let prev = src; filters.forEach((f) => { f.on('error', h); prev = prev.pipe(f); })`: the source
 * is the previous link, whose own 'error' listener was added in the loop, or the first value,
 * judged on its own: handled there, or object state other code fills (`ctx.serverResponse`).
 */
function isLoopChainLink(analysis: FileAnalysis, src: Node, seg: Segment): boolean {
  const id = unwrap(src);
  const assignment = seg.pipe.getParent();
  if (!Node.isIdentifier(id) || !assignment || !Node.isBinaryExpression(assignment) || assignment.getRight() !== seg.pipe) return false;
  const left = assignment.getLeft();
  const symbol = symbolOf(id);
  const decl = symbol?.getDeclarations()[0];
  if (!Node.isIdentifier(left) || symbolOf(left) !== symbol || !decl || !Node.isVariableDeclaration(decl)) return false;
  // Repeated: a loop or a callback between the declaration and the pipe.
  const repeated = seg.pipe
    .getAncestors()
    .slice(0, seg.pipe.getAncestors().indexOf(decl.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a))!))
    .some(
      (a) =>
        Node.isForStatement(a) ||
        Node.isForOfStatement(a) ||
        Node.isForInStatement(a) ||
        Node.isWhileStatement(a) ||
        Node.isArrowFunction(a) ||
        Node.isFunctionExpression(a),
    );
  if (!repeated) return false;
  const link = analysis.probe(seg.dst);
  if (analysis.listeners(link, 'error').filter((l) => !l.transient).length === 0) return false;
  const init = decl.getInitializer();
  if (init !== undefined && !isNullish(unwrap(init))) return firstValueHandled(analysis, init);
  // `let prev = null; for (s of streams) { s.on('error', h); prev = prev ? prev.pipe(s) : s }`:
  // the first link is whatever else the loop assigns, each judged on its own.
  const firsts = assignmentsTo(decl)
    .filter((a) => a.getOperatorToken().getKind() === SyntaxKind.EqualsToken && !isPipeCall(unwrap(a.getRight())))
    .map((a) => a.getRight());
  return firsts.length > 0 && firsts.every((first) => firstValueHandled(analysis, first));
}

function firstValueHandled(analysis: FileAnalysis, init: Node, depth = 0): boolean {
  const n = unwrap(init);
  if (Node.isPropertyAccessExpression(n)) return true; // object state: its listeners are added where it is filled
  const probe = analysis.probe(n);
  if (analysis.escapes(probe) || probe.uses.handledBy.length > 0 || analysis.listeners(probe, 'error').some((l) => !l.transient)) return true;
  if (!Node.isIdentifier(n) || depth > 2) return false;
  const decl = symbolOf(n)?.getDeclarations()[0];
  const inner = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  return inner !== undefined && firstValueHandled(analysis, inner, depth + 1);
}

/** The process's own stdio, also under another name (`var input = process.stdin`, esbuild's output). */
function isProcessStdio(node: Node, stdio: RegExp): boolean {
  const n = unwrap(node);
  if (stdio.test(n.getText())) return true;
  const held = Node.isIdentifier(n) ? readableValue(n) : undefined;
  return held !== undefined && stdio.test(unwrap(held.value).getText());
}

/** 'ok': an error on src is handled and reaches dst (or we cannot tell); else what is wrong. */
function segmentState(analysis: FileAnalysis, sf: SourceFile, seg: Segment, downstream: Node[]): 'ok' | 'unhandled' | 'noTeardown' {
  const srcNode = isPipeCall(seg.src) ? seg.src.getArguments()[0] : seg.src;
  if (isProcessStdio(srcNode, /^process\.std(in|out|err)$/)) return 'ok';
  // A later link that cannot fail itself (`decoder.pipe(hasher).pipe(store)`, a hasher that never reports an error).
  if (isPipeCall(seg.src) && isInMemoryStream(srcNode, analysis)) return 'ok';
  // The same link kept in a variable (`const result = a.pipe(b).pipe(c); result.pipe(out)`): the
  // variable holds the chain's last destination, and the links before it are judged at their own pipe().
  const held = heldChainEnd(srcNode);
  if (held && isInMemoryStream(held, analysis)) return 'ok';
  // The process's own stdio: pipeline() would destroy it when the source fails (pipe's idiom).
  if (isProcessStdio(seg.dst, /^process\.std(out|err)$/) || processStdioFromCallers(analysis, seg.dst)) return 'ok';
  // A payload the code only knows to be a stream by testing it, piped into the response: callers
  // hand a generic responder any value, not a stream whose errors they arranged for this pipe.
  const payload = streamTestOf(srcNode, seg.pipe) !== undefined && isServerResponse(seg.dst);
  if (!payload && isCallersParameter(analysis, srcNode) && !analysis.valueOf(srcNode) && streamOrigin(analysis, srcNode) === undefined) return 'ok';
  // A child's output collected in memory: local, and nothing is left open when it fails.
  if (/\.std(out|err)$/.test(unwrap(srcNode).getText()) && isInMemoryStream(seg.dst, analysis)) return 'ok';
  // A child's stdio pipe: it ends when the child exits and does not fail on its own; what a
  // destination closing first leaves running (the child) is the sourceLeak check's.
  if (childOfStdio(srcNode) || childStdioFromCallers(analysis, srcNode)) return 'ok';
  // The request handler echoing the body into its own response: one connection, a client abort
  // ends both, and a server request emits no 'error' nobody listens to.
  if (isEchoToOwnResponse(srcNode, seg.dst)) return 'ok';
  // `prev = prev.pipe(filter)` in a loop: each link handles its own errors.
  if (isLoopChainLink(analysis, srcNode, seg)) return 'ok';
  // The destination is torn down where the failure shows up elsewhere (a premature-close helper).
  if (destroyedElsewhere(analysis, seg)) return 'ok';
  const probe = analysis.probe(srcNode);
  const escapes = payload ? probe.uses.escapes.some((e) => payloadEscape(analysis, e, probe)) : analysis.escapes(probe);
  if (escapes || probe.uses.handledBy.length > 0) return 'ok';
  // The destination listens for the source's errors itself, from the moment it is piped into (bl).
  if (takesSourceErrorsOnPipe(seg.dst)) return 'ok';
  if (isSendStream(srcNode)) return 'ok';
  const listeners: Array<Pick<Listener, 'handler'>> = analysis.listeners(probe, 'error').filter((l) => !l.transient);
  // `a.pipe(zlib.createGunzip().on('error', h))`: listeners chained on the piped-in stream where it is made.
  const madeWith: CallExpression[] = [];
  stripChainable(srcNode, madeWith);
  for (const call of [...seg.chained, ...madeWith]) {
    const [ev, handler] = call.getArguments();
    if (ev && Node.isStringLiteral(ev) && ev.getLiteralValue() === 'error') listeners.push({ handler: handler && analysis.resolveFunction(handler) });
  }
  // `request(options, (err) => …)`: the request library hands its stream's errors to the callback.
  const callback = requestCallbackOf(analysis, srcNode);
  if (callback) listeners.push({ handler: callback });
  // A source we only know by its text: any 'error' listener on that text counts (precision first).
  if (!Node.isIdentifier(unwrap(srcNode)) && !Node.isCallExpression(unwrap(srcNode)) && !Node.isNewExpression(unwrap(srcNode))) {
    const re = new RegExp(`${escapeRegExp(srcNode.getText())}\\s*\\.\\s*(on|once|addListener)\\s*\\(\\s*['"\`]error`);
    if (re.test(sf.getFullText())) return 'ok';
  }
  // An http server's connection: Node handles its errors ('clientError'), and leaves the destination open.
  const value = analysis.valueOf(srcNode);
  const handledByNode = value?.via === 'connection' && value.server !== undefined && HTTP_SERVER_KINDS.has(value.server.kind);
  if (listeners.length === 0 && !handledByNode) return 'unhandled';
  // An echo (`s.pipe(s)`): the failed source is the destination, already destroyed.
  if (analysis.denotes(seg.dst, probe)) return 'ok';
  // 'close' follows every 'error' of a Node stream: a 'close' listener that ends the peer tears it down too.
  const closers = analysis.listeners(probe, 'close').filter((l) => !l.transient);
  if (closers.some((l) => l.handler && downstream.some((d) => endsStream(analysis, l.handler!, d)))) return 'ok';
  // Handing the error on reaches whoever can close the destination, unless it is a descriptor this
  // code opened and keeps (`fs.createWriteStream(…)` nobody else sees): then only this code can.
  // (The failing source itself, further down an echo chain `a.pipe(b).pipe(a)`, is destroyed by its error.)
  const keptDescriptor = (): boolean =>
    downstream.some(
      (d) => !analysis.denotes(d, probe) && descriptorOpenedHere(analysis, d) && !analysis.escapes(analysis.probe(d)) && !closedByThisCode(analysis, d),
    );
  // Tearing down the chain's end (or any stream after this source) is enough: what sits between is in memory.
  return listeners.some(
    (l) =>
      !l.handler || exitsProcess(l.handler) || (forwardsError(l.handler) && !keptDescriptor()) || downstream.some((d) => mentions(analysis, l.handler!, d)),
  )
    ? 'ok'
    : 'noTeardown';
}

/** The expression a stream is made by: itself, or what the variable naming it holds, chained listeners stripped. */
function creationOf(src: Node): Node {
  const held = Node.isIdentifier(unwrap(src)) ? readableValue(unwrap(src)) : undefined;
  return stripChainable(held?.value ?? src, []);
}

/** The `request` package and its forks: `request(options, callback)` calls back with every error of the request. */
const CALLBACK_REQUEST_MODULES = new Set(['request', 'postman-request', '@cypress/request', 'teeny-request']);

/**
 * The callback a `request` stream reports its errors to (`proxyReq = request(opts, (error) => res.send(500, error));
 * proxyReq.pipe(res)`, also `request.get(…)`): the library emits 'error' on the request and calls the callback with it.
 */
function requestCallbackOf(analysis: FileAnalysis, src: Node): FunctionLike | undefined {
  const made = creationOf(src);
  if (!Node.isCallExpression(made)) return undefined;
  const binding = moduleMemberOf(made.getExpression());
  if (!binding || !CALLBACK_REQUEST_MODULES.has(binding.module)) return undefined;
  const last = made.getArguments().at(-1);
  const fn = last && analysis.resolveFunction(last);
  return fn && fn.getParameters().length > 0 ? fn : undefined;
}

/**
 * The `send` package's stream (`send(req, path).pipe(res)`, also held in a variable or compiled): its own pipe() streams the file,
 * destroys it when the response finishes or closes, and emits 'error' only before it writes
 * anything, so a listener can still let another handler answer.
 */
function isSendStream(src: Node): boolean {
  const made = creationOf(src);
  if (!Node.isCallExpression(made)) return false;
  // The module itself however it is imported: `send(…)`, `import readFile from 'send'`, `(0, send_1.default)(…)`.
  const binding = moduleMemberOf(made.getExpression());
  return binding?.module === 'send' && binding.member === 'default';
}

/** Whether `fn` ends, destroys or closes `target` itself (`conn.end()`), not only reads it. */
function endsStream(analysis: FileAnalysis, fn: Node, target: Node): boolean {
  const probe = analysis.probe(target);
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !/^(end|destroy|close|abort|resetAndDestroy)$/.test(callee.getName())) return false;
    const object = callee.getExpression();
    return analysis.denotes(object, probe) || object.getText() === target.getText();
  });
}

/**
 * A listener that ends the process: `process.exit(1)` (a CLI's), or a `throw` among its body's own
 * statements, not inside a branch (an installer's download failing): every descriptor closes with it.
 */
function exitsProcess(handler: Node): boolean {
  if (descendantsOfKind(handler, SyntaxKind.CallExpression).some((call) => /^process\.(exit|abort)$/.test(call.getExpression().getText()))) return true;
  const body = Node.isArrowFunction(handler) || Node.isFunctionExpression(handler) || Node.isFunctionDeclaration(handler) ? handler.getBody() : undefined;
  return body !== undefined && Node.isBlock(body) && body.getStatements().some((s) => Node.isThrowStatement(s));
}

/**
 * An 'error' listener that hands the error on (`next(err)`, `self.onStatError(err)`,
 * `this.emit('error', err)`): whoever receives it answers and tears down; logging is not handing on.
 */
function forwardsError(handler: Node, index = 0, depth = 2): boolean {
  if (!Node.isArrowFunction(handler) && !Node.isFunctionExpression(handler) && !Node.isFunctionDeclaration(handler)) return false;
  const param = handler.getParameters()[index];
  if (!param || !Node.isIdentifier(param.getNameNode())) return false;
  const name = param.getName();
  return descendantsOfKind(handler, SyntaxKind.CallExpression).some((call) => {
    const at = call.getArguments().findIndex((a) => Node.isIdentifier(a) && a.getText() === name);
    if (at < 0) return false;
    if (isLogCall(call)) return false;
    const callee = call.getExpression();
    // A helper of this file: does it hand the error on, or only log it?
    const inner = Node.isIdentifier(callee) ? resolveFunction(callee) : undefined;
    return inner ? depth > 0 && forwardsError(inner, at, depth - 1) : true;
  });
}

function isResponse(analysis: FileAnalysis, expr: Node): boolean {
  return analysis.kindOf(expr) === 'serverResponse' || nodeTypeNames(expr).has('ServerResponse');
}

/**
 * The other half of pipe(): the destination closes first (a client abort), pipe() unpipes and
 * pauses the source, and a file stream or an upstream response that nothing destroys stays open.
 */
function checkSourceLeak(context: RuleContext, outermost: CallExpression, segments: Segment[]): void {
  const { analysis, sourceFile } = context;
  const src = segments[0].src;
  const last = segments[segments.length - 1];
  if (isMemberState(src) || (isCallersParameter(analysis, src) && streamOrigin(analysis, src) === undefined)) return;
  const kind = leakingSource(analysis, src);
  if (!kind || !mayCloseFirst(analysis, last.dst) || sourceTornDown(analysis, src, last.dst)) return;
  // A helper's source may be torn down by the caller that hands it over.
  if (callerArguments(analysis, src).some((arg) => sourceTornDown(analysis, arg, last.dst))) return;
  // pipeline() would destroy the response before the error response the code writes later.
  const keepsResponse = writesErrorResponseLater(analysis, last.pipe, last.dst);
  const fixes = [keepsResponse ? undefined : pipelineFix(sourceFile, outermost, segments), destroyOnCloseFix(segments, outermost)].filter(
    (f): f is Fix => f !== undefined,
  );
  const what = kind === 'file' ? 'file descriptor' : kind === 'child' ? 'child process' : 'upstream connection';
  context.report({ node: last.pipe, messageId: 'sourceLeak', data: { src: short(src.getText()), dst: short(last.dst.getText()), what }, fixes });
}

/** `res.writeHead(500)`, `res.status(500)`, `res.statusCode = 500` after the pipe: pipeline would have destroyed res. */
function writesErrorResponseLater(analysis: FileAnalysis, pipe: CallExpression, res: Node): boolean {
  // The function that owns `res` (the request handler), so error responses written from sibling
  // callbacks (`proxyReq.on('error', () => res.writeHead(502))`) count too.
  const decl = Node.isIdentifier(unwrap(res)) ? symbolOf(unwrap(res))?.getDeclarations()[0] : undefined;
  const owner = decl && Node.isParameterDeclaration(decl) ? decl.getParent() : undefined;
  const scope =
    owner ??
    pipe.getFirstAncestor((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a)) ??
    pipe.getSourceFile();
  const probe = analysis.probe(res);
  const isRes = (e: Node) => analysis.denotes(e, probe) || e.getText() === res.getText();
  return descendantsOfKind(scope, SyntaxKind.PropertyAccessExpression).some((pa) => {
    if (pa.getStart() < pipe.getEnd() || !isRes(pa.getExpression())) return false;
    const parent = pa.getParent();
    if (ERROR_RESPONSE_CALLS.has(pa.getName()) && parent && Node.isCallExpression(parent)) return true;
    return pa.getName() === 'statusCode' && parent !== undefined && Node.isBinaryExpression(parent) && parent.getLeft() === pa;
  });
}

/** Whether a method call resolves to a declaration outside `@types/node` (another library's `pipe`). */
function typedElsewhere(callee: Node): boolean {
  if (!Node.isPropertyAccessExpression(callee)) return false;
  try {
    return (callee.getNameNode().getSymbol()?.getDeclarations() ?? []).length > 0 && !isNodeMethod(callee);
  } catch {
    return false;
  }
}

/** An expression's text for a one-line message. */
function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 48 ? `${flat.slice(0, 45)}…` : flat;
}

function isInAsyncFunction(node: Node): boolean {
  const fn = node.getFirstAncestor(
    (a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a),
  );
  return fn !== undefined && (fn as unknown as { isAsync(): boolean }).isAsync();
}

function pipelineFix(sf: SourceFile, outermost: CallExpression, segments: Segment[]): Fix | undefined {
  const statement = outermost.getParent();
  if (!statement || !Node.isExpressionStatement(statement) || segments.some((s) => s.chained.length > 0) || segments[0].pipe.getArguments().length > 1)
    return undefined;
  if (segments.some((s) => s.pipe.getArguments().length > 1)) return undefined; // `{ end: false }` has no pipeline twin
  const streams = [segments[0].src.getText(), ...segments.map((s) => s.dst.getText())];
  if (streams.some((t) => t.includes('\n'))) return undefined; // multi-line arguments: leave the layout to the author
  const style = styleOf(sf);
  const indent = indentationAt(sf.getFullText(), statement.getStart());
  if (isInAsyncFunction(statement)) {
    const callee = pipelineCallee(sf, 'stream/promises');
    if (!callee) return undefined;
    const text = render(style, indent, [`await ${callee.callee}(${streams.join(', ')});`]).slice(indent.length);
    const edits = [...callee.edits, { start: statement.getStart(), end: statement.getEnd(), text }];
    return {
      title: 'Use await pipeline() from node:stream/promises',
      suggestion: true,
      edits: [...edits, ...redundantTeardownEdits([statement], streams, edits)],
    };
  }
  const callee = pipelineCallee(sf, 'stream');
  if (!callee) return undefined;
  const lines = [`${callee.callee}(${streams.join(', ')}, (err) => {`, `  if (err) console.error('pipeline failed:', err.message);`, `});`];
  const edits = [...callee.edits, { start: statement.getStart(), end: statement.getEnd(), text: render(style, indent, lines).slice(indent.length) }];
  return { title: 'Use pipeline() from node:stream', suggestion: true, edits: [...edits, ...redundantTeardownEdits([statement], streams, edits)] };
}

/** Inside a `pipe()` method: a stream class delegating its own pipe (got, superagent); its caller owns errors. */
function isPipeImplementation(call: CallExpression): boolean {
  const method = call.getFirstAncestor((a) => Node.isMethodDeclaration(a) || Node.isFunctionDeclaration(a) || Node.isFunctionExpression(a));
  return method !== undefined && Node.isMethodDeclaration(method) && method.getName() === 'pipe';
}

function isThisLike(node: Node): boolean {
  const n = unwrap(node);
  if (n.getKind() === SyntaxKind.ThisKeyword || n.getKind() === SyntaxKind.SuperKeyword) return true;
  if (!Node.isIdentifier(n)) return false;
  const decl = symbolOf(n)?.getDeclarations()[0];
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  return init !== undefined && unwrap(init).getKind() === SyntaxKind.ThisKeyword;
}

/**
 * `this._stream.pipe(…)` (or through `self = this`, or `const s = this._stream`): object state
 * whose listeners are added by other methods, often in another module (rules.md: escapes).
 */
/**
 * The source a `'pipe'` listener is given (`parser.on('pipe', (source) => source.pipe(split()))`):
 * the caller's stream, which the caller piped in and handles, like the pipe it wrote.
 */
function isPipedInByCaller(src: Node): boolean {
  const n = unwrap(src);
  const decl = Node.isIdentifier(n) ? symbolOf(n)?.getDeclarations()[0] : undefined;
  const fn = decl && Node.isParameterDeclaration(decl) ? decl.getParent() : undefined;
  const call = fn?.getParent();
  if (!fn || !call || !Node.isCallExpression(call) || !(call.getArguments() as Node[]).includes(fn)) return false;
  const callee = call.getExpression();
  const [event] = call.getArguments();
  return (
    Node.isPropertyAccessExpression(callee) &&
    LISTENER_METHODS.has(callee.getName()) &&
    event !== undefined &&
    Node.isStringLiteral(event) &&
    event.getLiteralValue() === 'pipe' &&
    (fn as import('ts-morph').FunctionExpression).getParameters()[0] === decl
  );
}

/**
 * A value this code got from a call (`getStream()`, `await storage.readFile(id)`, `const { res } =
 * await ctx.curl(url, { streaming: true })`, also through variables every value of which is one),
 * not a parameter or the object's state: piped into a server response, it is a Node readable
 * whatever library made it (only a stream's `pipe` takes a response), and this code owns its errors
 * and its end.
 */
function obtainedByCall(src: Node, depth = 0): boolean {
  const n = unwrap(src);
  const inner = Node.isAwaitExpression(n) ? unwrap(n.getExpression()) : n;
  // (Not a call into a library whose `pipe` is its own: React's `renderToPipeableStream(…).pipe(res)`.)
  if (Node.isCallExpression(inner)) return !fromNonNodeLibrary(inner.getExpression()) && !isPipeCall(inner);
  if (!Node.isIdentifier(inner) || depth > 2) return false;
  const decls = symbolOf(inner)?.getDeclarations() ?? [];
  if (decls.length !== 1) return false;
  let decl: Node | undefined = decls[0];
  // `const { res } = await ctx.curl(…)`: the binding's value comes from the whole pattern's.
  if (Node.isBindingElement(decl)) decl = decl.getFirstAncestor((a) => Node.isVariableDeclaration(a));
  if (!decl || !Node.isVariableDeclaration(decl)) return false;
  const init = decl.getInitializer();
  const values = [...(init ? [init] : []), ...assignedValues(decl)];
  return values.length > 0 && values.every((v) => obtainedByCall(v, depth + 1));
}

function isMemberState(src: Node): boolean {
  let n = unwrap(src);
  if (Node.isIdentifier(n)) {
    const decl = symbolOf(n)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    if (!init) return false;
    n = unwrap(init);
  }
  return isThisLike(n) || (Node.isPropertyAccessExpression(n) && isThisLike(n.getExpression()));
}

/** What a variable given a pipe() chain holds: the chain's last destination (`c` of `const r = a.pipe(b).pipe(c)`). */
function heldChainEnd(src: Node): Node | undefined {
  const n = unwrap(src);
  const held = Node.isIdentifier(n) ? readableValue(n)?.value : undefined;
  const chain = held && unwrap(held);
  return chain && isPipeCall(chain) ? chain.getArguments()[0] : undefined;
}

/**
 * An in-memory stream the code feeds itself (`new PassThrough()`, `new Readable()` filled with
 * push(), a zlib compressor), directly, through a variable, or returned by a same-file function: it
 * never emits 'error'.
 */
function isInMemoryStream(src: Node, analysis: FileAnalysis, depth = 0): boolean {
  const n = unwrap(src);
  if (depth > 3) return false;
  if (Node.isNewExpression(n)) {
    // By the module it comes from when known (`node_stream.Readable`, `import { Readable as c }`), else by name.
    const member = moduleMemberOf(n.getExpression());
    const ctor = member && STREAM_MODULES.has(member.module) ? (member.member === 'default' ? 'Stream' : member.member) : n.getExpression().getText();
    if (/^(stream\.|Stream\.)?(PassThrough|Stream)$/.test(ctor)) return true;
    if (/^(stream\.|Stream\.)?(Readable|Writable)$/.test(ctor)) return n.getArguments().length === 0 || ownFunctionsOnly(n.getArguments()[0]);
    // new Transform({ transform(chunk, enc, cb) { cb(null, chunk) } }): a transform of the code's own that never fails
    if (/^(stream\.|Stream\.)?(Transform|TransformStream)$/.test(ctor)) return ownFunctionsOnly(n.getArguments()[0]) && neverFails(n.getArguments()[0]!);
    return isNeverFailingClass(n.getExpression());
  }
  if (Node.isIdentifier(n)) {
    const decl = symbolOf(n)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    if (init === undefined || !isInMemoryStream(init, analysis, depth + 1)) return false;
    // `body = body.pipe(zlib.createGzip())`: every value the variable is given must be in memory too.
    return assignedValues(decl as import('ts-morph').VariableDeclaration).every((v) => {
      const value = unwrap(v);
      if (isPipeCall(value)) return isInMemoryStream(value.getArguments()[0], analysis, depth + 1);
      return isInMemoryStream(value, analysis, depth + 1);
    });
  }
  // Readable.from(buffer | array | iterable): fed from memory.
  if (Node.isCallExpression(n) && /(^|\.)Readable\.from$/.test(n.getExpression().getText())) return true;
  // A zlib compressor: any bytes compress, so it fails only when what feeds it does.
  if (Node.isCallExpression(n) && /(^|\.)create(Gzip|Deflate|DeflateRaw|BrotliCompress)$/.test(n.getExpression().getText())) return true;
  // The same under another name (`import { createGzip as u } from 'node:zlib'` in a bundle), and an
  // encrypter or a digest (`crypto.createCipheriv(…)`, `createHash('sha256')`): any bytes encrypt or
  // hash (with padding on, the default). A decipher is not one (a wrong key or a cut message fails
  // in final(): "bad decrypt").
  const factory = Node.isCallExpression(n) ? moduleMemberOf(n.getExpression()) : undefined;
  const never = factory && NEVER_FAILING_TRANSFORMS[factory.module.replace(/^node:/, '')];
  if (factory && never?.test(factory.member) && !turnsPaddingOff(n)) return true;
  // `createCipheriv(…).setAutoPadding(true)` returns the cipher.
  const padding = Node.isCallExpression(n) ? n.getExpression() : undefined;
  if (padding && Node.isPropertyAccessExpression(padding) && padding.getName() === 'setAutoPadding' && !isFalse((n as CallExpression).getArguments()[0]))
    return isInMemoryStream(padding.getExpression(), analysis, depth + 1);
  if (Node.isCallExpression(n) && isInMemoryFactoryCall(n, analysis, depth)) return true;
  if (Node.isCallExpression(n)) {
    // A same-file factory, also one called where it is written (`function (t) { return new Readable(…) }(body)`).
    const callee = unwrap(n.getExpression());
    const fn = Node.isFunctionExpression(callee) || Node.isArrowFunction(callee) ? callee : analysis.resolveFunction(callee);
    if (!fn) return false;
    const body = fn.getBody();
    if (body && !Node.isBlock(body)) return isInMemoryStream(body, analysis, depth + 1);
    const returned = descendantsOfKind(fn, SyntaxKind.ReturnStatement).filter(
      (r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isFunctionExpression(a) || Node.isArrowFunction(a)) === fn,
    );
    return returned.length > 0 && returned.every((r) => r.getExpression() !== undefined && isInMemoryStream(r.getExpression()!, analysis, depth + 1));
  }
  return false;
}

const STREAM_MODULES = new Set(['stream', 'node:stream', 'readable-stream']);

/** Transforms of Node's modules that fail only when what feeds them does, by module. */
const NEVER_FAILING_TRANSFORMS: Record<string, RegExp> = {
  zlib: /^create(Gzip|Deflate|DeflateRaw|BrotliCompress)$/,
  crypto: /^(createCipheriv|createCipher|createHash|createHmac)$/,
};

/** `createCipheriv(…).setAutoPadding(false)` on the cipher: final() then fails on input not a multiple of the block size. */
function turnsPaddingOff(call: Node): boolean {
  const parent = call.getParent();
  const setter = parent && Node.isPropertyAccessExpression(parent) && parent.getName() === 'setAutoPadding' ? parent.getParent() : undefined;
  return setter !== undefined && Node.isCallExpression(setter) && isFalse(setter.getArguments()[0]);
}

function isFalse(arg: Node | undefined): boolean {
  return arg !== undefined && unwrap(arg).getKind() === SyntaxKind.FalseKeyword;
}

/** What `x = …` gives a variable after its declaration (a `const` is given nothing more). */
function assignedValues(decl: import('ts-morph').VariableDeclaration): Node[] {
  const name = decl.getNameNode();
  if (!Node.isIdentifier(name) || decl.getVariableStatement()?.getDeclarationKind() === 'const') return [];
  const symbol = symbolOf(name);
  const found: Node[] = [];
  const scope =
    decl.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isFunctionExpression(a) || Node.isArrowFunction(a)) ?? decl.getSourceFile();
  for (const id of descendantsOfKind(scope, SyntaxKind.Identifier)) {
    if (id === name || id.getText() !== name.getText() || symbolOf(id) !== symbol) continue;
    const parent = id.getParent();
    if (parent && Node.isBinaryExpression(parent) && parent.getLeft() === id && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken)
      found.push(parent.getRight());
  }
  return found;
}

/** Calls in a stream's own functions that may do I/O, and so fail where the analysis cannot see. */
const OWN_IO_CALLS = /^(read|open|connect|request|get|createReadStream|spawn|exec)$/;

/**
 * `new Readable({ read() {} })`, `new Writable({ write(c, e, cb) { text += c; cb(); } })`: the
 * stream's functions are the code's own, written inline with no I/O the analysis would miss.
 */
function ownFunctionsOnly(options: Node | undefined): boolean {
  if (!options || !Node.isObjectLiteralExpression(options)) return false;
  return options.getProperties().every((p) => {
    const fn = inlineFunction(p);
    if (fn) return !callsAnything(fn, OWN_IO_CALLS);
    if (Node.isPropertyAssignment(p)) {
      const init = p.getInitializer();
      return init !== undefined && (Node.isLiteralExpression(init) || init.getKind() === SyntaxKind.TrueKeyword || init.getKind() === SyntaxKind.FalseKeyword);
    }
    return false;
  });
}

/** Whether a stream's inline functions never report an error: no `cb(err)`, `destroy(…)` or `emit('error')`. */
function neverFails(options: Node): boolean {
  if (!Node.isObjectLiteralExpression(options)) return false;
  return options.getProperties().every((p) => {
    const fn = inlineFunction(p);
    if (!fn) return true;
    return !reportsError(fn, fn.getParameters().at(-1)?.getName());
  });
}

/** A stream option written as a function: `read() {}`, `read: function () {}` or `read: () => {}`. */
function inlineFunction(p: Node): MethodDeclaration | FunctionExpression | ArrowFunction | undefined {
  if (Node.isMethodDeclaration(p)) return p;
  if (!Node.isPropertyAssignment(p)) return undefined;
  const init = p.getInitializer();
  return init && (Node.isFunctionExpression(init) || Node.isArrowFunction(init)) ? init : undefined;
}

/** A call of `callback` with an error, a `destroy(…)` or an `emit('error', …)` inside `fn`. */
function reportsError(fn: Node, callback: string | undefined): boolean {
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    const [first] = c.getArguments();
    if (Node.isIdentifier(callee) && callee.getText() === callback) return first !== undefined && !/^(null|undefined)$/.test(first.getText());
    if (!Node.isPropertyAccessExpression(callee)) return false;
    return callee.getName() === 'destroy' || (callee.getName() === 'emit' && first !== undefined && /^['"`]error['"`]$/.test(first.getText()));
  });
}

/**
 * A function feeding an in-memory stream (`es.readable((i, cb) => cb(null, items[i]))`) that never
 * reports an error: its callback (the last parameter, when there are several) is only ever called
 * with no error, also through a wrapper (`delay(cb)(null, v)`), never handed on to code that could
 * pass one (`fs.readFile(f, cb)`); no `emit('error')`, `destroy()`, `throw` or I/O call.
 */
function feederNeverFails(fn: Node | undefined): boolean {
  if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return false;
  const params = fn.getParameters();
  const callback = params.length > 1 ? params[params.length - 1].getName() : undefined;
  if (reportsError(fn, callback) || descendantsOfKind(fn, SyntaxKind.ThrowStatement).length > 0) return false;
  if (callsAnything(fn, /^(read|readFile|open|connect|request|get|createReadStream|spawn|exec)$|Sync$/)) return false;
  if (!callback) return true;
  return descendantsOfKind(fn, SyntaxKind.Identifier).every((id) => {
    if (id.getText() !== callback || Node.isParameterDeclaration(id.getParent())) return true;
    // The call whose callee holds the callback: `cb(null, v)` or `delay(cb)(null, v)`.
    const call = id.getFirstAncestor(
      (a): a is CallExpression => Node.isCallExpression(a) && (a.getExpression() === id || id.getAncestors().includes(a.getExpression())),
    );
    if (!call) return false;
    const [first] = call.getArguments();
    return first === undefined || /^(null|undefined)$/.test(first.getText());
  });
}

/**
 * Factories of in-memory streams, by package: a short list of well-known ones rather than "any
 * library call given an array", because arrays are as often lists of files or URLs
 * (`tar.c(opts, ['dir'])`, globs) whose streams do fail. Each is in memory only when what it is
 * fed is: values, functions that never report an error, or other in-memory streams.
 */
const IN_MEMORY_FACTORIES: Record<string, RegExp> = {
  'event-stream': /^(readArray|readable|from|through|merge|concat|map|split)$/,
  from: /^default$/,
  through: /^default$/,
};

/** The package a relative require lands in (`require('../')` inside event-stream's own tests). */
function packageOfDeclaration(callee: Node): string | undefined {
  const name = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
  try {
    const path = name.getSymbol()?.getDeclarations()[0]?.getSourceFile().getFilePath();
    return path?.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\/[^/]+$/)?.[1];
  } catch {
    return undefined;
  }
}

/** An array of values: a literal, typed as an array, or a local variable the code uses as one (`input.map(…)`). */
function holdsArray(arg: Node): boolean {
  const n = unwrap(arg);
  if (Node.isArrayLiteralExpression(n)) return true;
  try {
    if (n.getType().isArray()) return true;
  } catch {
    // no type: judged by its uses below
  }
  if (!Node.isIdentifier(n)) return false;
  const symbol = symbolOf(n);
  const decl = symbol?.getDeclarations()[0];
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getSourceFile() !== n.getSourceFile()) return false;
  const init = decl.getInitializer();
  if (init && Node.isArrayLiteralExpression(unwrap(init))) return true;
  return descendantsOfKind(n.getSourceFile(), SyntaxKind.PropertyAccessExpression).some(
    (pa) => /^(map|forEach|filter|slice|concat|length)$/.test(pa.getName()) && Node.isIdentifier(pa.getExpression()) && symbolOf(pa.getExpression()) === symbol,
  );
}

function isInMemoryFactoryCall(call: CallExpression, analysis: FileAnalysis, depth: number): boolean {
  const callee = call.getExpression();
  const member = moduleMemberOf(callee);
  if (!member) return false;
  const module = member.module.startsWith('.') ? packageOfDeclaration(callee) : member.module;
  if (!module || !IN_MEMORY_FACTORIES[module]?.test(member.member)) return false;
  const args = call.getArguments();
  const fed = (arg: Node) => {
    const fn = Node.isArrowFunction(arg) || Node.isFunctionExpression(arg) ? arg : analysis.resolveFunction(arg);
    return fn ? feederNeverFails(fn) : holdsArray(arg);
  };
  switch (module === 'event-stream' ? member.member : module) {
    case 'readArray':
      return true;
    case 'merge':
    case 'concat':
      // es.merge(a, b) / es.merge([a, b]): errors of any source come out of the merge.
      return args.flatMap((a) => (Node.isArrayLiteralExpression(a) ? a.getElements() : [a])).every((a) => isInMemoryStream(a, analysis, depth + 1));
    case 'map':
      // es.map((data, cb) => cb(null, f(data))): fails only through its mapper (a cb(err) or a throw)
      return (
        args.length === 1 && feederNeverFails(Node.isArrowFunction(args[0]) || Node.isFunctionExpression(args[0]) ? args[0] : analysis.resolveFunction(args[0]))
      );
    case 'split':
      // es.split() / es.split('\n'): splitting text cannot fail; a mapper (split's second form) can throw
      return args.every((a) => Node.isStringLiteral(a) || Node.isRegularExpressionLiteral(a));
    case 'through':
      return args.every((a) => {
        const fn = Node.isArrowFunction(a) || Node.isFunctionExpression(a) ? a : analysis.resolveFunction(a);
        return fn !== undefined && !reportsError(fn, undefined) && descendantsOfKind(fn, SyntaxKind.ThrowStatement).length === 0;
      });
    default:
      // readable(fn), from(fn | array)
      return args.length === 1 && fed(args[0]);
  }
}

function callsAnything(fn: Node, names: RegExp): boolean {
  return descendantsOfKind(fn, SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
    return names.test(name);
  });
}

/**
 * A stream class of the code's own (in this file, or in another file of the project or package:
 * nodemailer's `DataStream` required from './data-stream') that never emits 'error' itself:
 * `class X extends Readable { _read() {} }` fed by `push()`, or a `Transform`/`PassThrough`
 * subclass none of whose methods reports an error (`callback(err)`, `destroy()`, `emit('error')`,
 * `throw`) or does I/O. A class the program does not hold, or any other base, is not known.
 */
function isNeverFailingClass(ctor: Node): boolean {
  const decl = constructorSourceOf(ctor) ?? installedConstructorSourceOf(ctor);
  if (!decl || !(Node.isClassDeclaration(decl) || Node.isClassExpression(decl))) return false;
  const extended = decl.getExtends()?.getExpression();
  // `stream.Readable`, or compiled, `stream_1.Readable` of `const stream_1 = require("stream")`.
  const member = extended && moduleMemberOf(extended);
  const base = member && STREAM_MODULES.has(member.module) ? `stream.${member.member}` : extended?.getText();
  if (base && /^(stream\.|Stream\.)?Readable$/.test(base)) {
    const read = decl.getMethod('_read');
    const body = read?.getBody();
    return read === undefined || (body !== undefined && Node.isBlock(body) && body.getStatements().length === 0);
  }
  if (!base || !/^(stream\.|Stream\.)?(Transform|PassThrough)$/.test(base)) return false;
  const members = [...decl.getConstructors(), ...decl.getMethods()];
  return members.every(
    (m) =>
      !reportsError(m, m.getParameters().at(-1)?.getName()) && descendantsOfKind(m, SyntaxKind.ThrowStatement).length === 0 && !callsAnything(m, OWN_IO_CALLS),
  );
}

/**
 * A destination whose class listens for the errors of whatever is piped into it: its constructor
 * adds `this.on('pipe', (src) => src.on('error', …))` (bl's `BufferListStream(callback)` hands the
 * error to its callback). Known only when the program holds the class's source; a listener added
 * under a condition counts only for `if (typeof param === 'function')` (or `if (param)`) with a
 * function given for that parameter.
 */
function takesSourceErrorsOnPipe(dst: Node, depth = 0): boolean {
  const n = unwrap(dst);
  if (Node.isIdentifier(n) && depth < 3) {
    const decl = symbolOf(n)?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    return init !== undefined && takesSourceErrorsOnPipe(init, depth + 1);
  }
  if (!Node.isNewExpression(n) && !Node.isCallExpression(n)) return false;
  const ctor = constructorSourceOf(n.getExpression()) ?? installedConstructorSourceOf(n.getExpression());
  const fn = ctor && (Node.isClassDeclaration(ctor) || Node.isClassExpression(ctor) ? ctor.getConstructors()[0] : ctor);
  const body = fn?.getBody();
  if (!fn || !body) return false;
  // A factory's stream: `var target = new Gatherer(opts); target.on('pipe', …); return target` (gather-stream).
  const returned = new Set(Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) ? returnedExpressions(fn).map((r) => unwrap(r).getText()) : []);
  const isMade = (receiver: Node) => receiver.getKind() === SyntaxKind.ThisKeyword || (Node.isIdentifier(receiver) && returned.has(receiver.getText()));
  const params = fn.getParameters();
  const args = n.getArguments();
  const givenFunction = (name: string) => {
    const at = params.findIndex((p) => p.getName() === name);
    const arg = at >= 0 ? args[at] : undefined;
    return arg !== undefined && (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg) || resolveFunction(arg) !== undefined);
  };
  return descendantsOfKind(body, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    const [event, handler] = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName()) || !isMade(callee.getExpression())) return false;
    if (!event || !Node.isStringLiteral(event) || event.getLiteralValue() !== 'pipe') return false;
    if (!handler || !(Node.isArrowFunction(handler) || Node.isFunctionExpression(handler))) return false;
    const src = handler.getParameters()[0]?.getName();
    const listensOnSource = descendantsOfKind(handler, SyntaxKind.CallExpression).some((c) => {
      const inner = c.getExpression();
      const [ev] = c.getArguments();
      return (
        Node.isPropertyAccessExpression(inner) &&
        LISTENER_METHODS.has(inner.getName()) &&
        inner.getExpression().getText() === src &&
        ev !== undefined &&
        Node.isStringLiteral(ev) &&
        ev.getLiteralValue() === 'error'
      );
    });
    if (!src || !listensOnSource) return false;
    // Every `if` the listener is added under tests a parameter the caller gives a function for.
    return call
      .getAncestors()
      .slice(0, call.getAncestors().indexOf(body))
      .every((a) => {
        if (!Node.isIfStatement(a)) return !(Node.isConditionalExpression(a) || Node.isSwitchStatement(a) || Node.isBinaryExpression(a));
        if (!call.getAncestors().includes(a.getThenStatement())) return false;
        const test = a.getExpression().getText().replace(/\s+/g, ' ');
        const tested = /^typeof (\w+) ={2,3} ?['"]function['"]$/.exec(test)?.[1] ?? /^(\w+)$/.exec(test)?.[1];
        return tested !== undefined && givenFunction(tested);
      });
  });
}

/**
 * Whether the code destroys the destination itself somewhere (`body.destroy(err)` from a
 * premature-close helper): the failure reaches it another way.
 */
function destroyedElsewhere(analysis: FileAnalysis, seg: Segment): boolean {
  const dst = unwrap(seg.dst);
  const holders: Node[] = Node.isIdentifier(dst) ? [dst] : [];
  // body = res.pipe(new PassThrough())
  const parent = seg.pipe.getParent();
  if (parent && Node.isBinaryExpression(parent) && parent.getRight() === seg.pipe && Node.isIdentifier(parent.getLeft())) holders.push(parent.getLeft());
  if (parent && Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode())) holders.push(parent.getNameNode());
  return holders.some((h) => analysis.methodCalls(analysis.probe(h, true), 'destroy').length > 0);
}

/** Methods that free a source's file descriptor or connection. */
const SOURCE_TEARDOWN = new Set(['destroy', 'close', 'abort', 'resetAndDestroy']);

/** Whether a source is a file stream or an upstream response: what a destination closing first leaks. */
function leakingSource(analysis: FileAnalysis, src: Node): 'file' | 'response' | 'child' | undefined {
  // A child writing into a destination that went away: paused, it blocks once the pipe fills and never exits.
  if (childOfStdio(src)) return 'child';
  const origin = streamOrigin(analysis, src);
  if (origin === 'file' || origin === 'response') return origin;
  const names = nodeTypeNames(src);
  if (names.has('ReadStream') && !names.has('Socket')) return 'file';
  return undefined;
}

/** A destination whose client can go away first: a server response, or a socket accepted by a server. */
function mayCloseFirst(analysis: FileAnalysis, dst: Node): boolean {
  const value = analysis.valueOf(dst);
  if (value) return value.origin === 'accepted' && (value.kind === 'socket' || value.kind === 'tlsSocket');
  return isServerResponse(dst);
}

/**
 * Whether something may tear the source down when the destination closes: a destroy/close of the
 * source (or of the request an upstream response belongs to) outside the source's own listeners,
 * or a source or destination the analysis loses sight of.
 */
function sourceTornDown(analysis: FileAnalysis, src: Node, dst: Node): boolean {
  const inner = unwrap(src);
  const child = childOfStdio(inner);
  if (child) return childTornDown(analysis, child) || destinationOutOfSight(analysis, dst, child);
  if (!Node.isIdentifier(inner)) return false; // `fs.createReadStream(f).pipe(res)`: nothing else can reach it
  const probe = analysis.probe(inner);
  if (analysis.escapes(probe) || probe.uses.handledBy.length > 0) return true;
  const ownListeners = probe.uses.listeners.flatMap((l) => (l.handler ? [l.handler] : []));
  const outsideOwnListeners = (call: Node) => !ownListeners.some((h) => call.getAncestors().includes(h));
  if (probe.uses.calls.some((c) => SOURCE_TEARDOWN.has(methodOf(c)) && outsideOwnListeners(c))) return true;
  // An upstream response goes with its request: `proxyReq.destroy()` / `abort()`.
  const request = requestOfResponse(inner);
  if (request) {
    const value = analysis.valueOf(request);
    if (!value || analysis.escapes(value)) return true;
    const own = value.uses.listeners.filter((l) => l.event === 'error').flatMap((l) => (l.handler ? [l.handler] : []));
    if (value.uses.calls.some((c) => SOURCE_TEARDOWN.has(methodOf(c)) && !own.some((h) => c.getAncestors().includes(h)))) return true;
  }
  // The destination's own 'close' listener tears the source (or its request) down, also when that
  // handler is the source's 'error' listener too (`res.once('close', handleAbort)`).
  const closers = analysis.probe(dst).uses.listeners.filter((l) => l.event === 'close' && l.handler);
  if (closers.some((l) => endsStream(analysis, l.handler!, inner) || (request !== undefined && endsStream(analysis, l.handler!, request)))) return true;
  return destinationOutOfSight(analysis, dst, inner);
}

/**
 * The destination handed to code the analysis cannot see together with a function that reaches the
 * source (`onFinished(res, () => destroy(file))`, end-of-stream), or close listeners it cannot see.
 * Code given only the destination (`sendError(res, next)`), or callbacks that never name the
 * source, cannot destroy it.
 */
function destinationOutOfSight(analysis: FileAnalysis, dst: Node, src: Node): boolean {
  const target = analysis.probe(dst);
  if (target.uses.handledBy.length > 0) return true;
  if (analysis.escapes(target) && target.uses.escapes.some((e) => mayReachSource(analysis, e, src))) return true;
  return target.uses.listeners.some((l) => (l.event === 'close' || l.event === 'finish') && !l.handler);
}

/** An escape of the destination that may reach the source: anything but a call, or a call also given a function that names the source. */
function mayReachSource(analysis: FileAnalysis, escape: Node, src: Node): boolean {
  if (!Node.isCallExpression(escape) && !Node.isNewExpression(escape)) return true;
  return (escape.getArguments() ?? []).some((arg) => {
    const fn = Node.isArrowFunction(arg) || Node.isFunctionExpression(arg) ? arg : analysis.resolveFunction(arg);
    return fn !== undefined && mentions(analysis, fn, src);
  });
}

/** A child the code kills or disconnects (or whose stdio it destroys) somewhere, or hands to code the analysis cannot see. */
function childTornDown(analysis: FileAnalysis, child: Node): boolean {
  if (!Node.isIdentifier(child)) return false; // `spawn(cmd).stdout.pipe(res)`: nothing else can reach it
  const probe = analysis.probe(child);
  if (analysis.escapes(probe)) return true;
  const symbol = symbolOf(child);
  return descendantsOfKind(child.getSourceFile(), SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return false;
    const object = unwrap(callee.getExpression());
    if (/^(kill|disconnect)$/.test(callee.getName())) return Node.isIdentifier(object) && symbolOf(object) === symbol;
    // child.stdout.destroy()
    const owner = Node.isPropertyAccessExpression(object) ? unwrap(object.getExpression()) : undefined;
    return SOURCE_TEARDOWN.has(callee.getName()) && owner !== undefined && Node.isIdentifier(owner) && symbolOf(owner) === symbol;
  });
}

function methodOf(call: Node): string {
  const callee = Node.isCallExpression(call) ? call.getExpression() : undefined;
  return callee && Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
}

/** The `http.get(…, (res) => …)` / `req.on('response', (res) => …)` call whose response a parameter is. */
function requestOfResponse(id: Node): Node | undefined {
  const decl = symbolOf(id)?.getDeclarations()[0];
  if (!decl || !Node.isParameterDeclaration(decl)) return undefined;
  const call = decl.getParent()?.getParent();
  if (!call || !Node.isCallExpression(call)) return undefined;
  const callee = call.getExpression();
  if (Node.isPropertyAccessExpression(callee) && /^(on|once)$/.test(callee.getName())) return callee.getExpression();
  return call;
}

/** `dst.on('close', () => src.destroy());` after the pipe statement. */
function destroyOnCloseFix(segments: Segment[], outermost: CallExpression): Fix | undefined {
  const src = unwrap(segments[0].src);
  const dst = unwrap(segments[segments.length - 1].dst);
  const statement = outermost.getParent();
  if (!Node.isIdentifier(src) || !Node.isIdentifier(dst) || !statement || !Node.isExpressionStatement(statement)) return undefined;
  const edit = insertAfterStatement(statement, [`${dst.getText()}.on('close', () => ${src.getText()}.destroy());`]);
  return { title: `Destroy ${src.getText()} when ${dst.getText()} closes`, edits: [edit] };
}

/** A parameter of any function: a stream handed in by a caller, or by the library calling a callback. */
function isParameter(id: Node): boolean {
  const decl = symbolOf(id)?.getDeclarations()[0];
  return decl !== undefined && Node.isParameterDeclaration(decl);
}

/** Modules whose `createWriteStream` opens a file descriptor. */
const FS_MODULES = new Set(['fs', 'graceful-fs', 'fs-extra', 'original-fs']);

/**
 * A test reading its own fixture (`fs.createReadStream(__dirname + '/page.html')`) through streams
 * that hold no descriptor (an in-memory parser, a collector): the only failures are a missing or
 * corrupt fixture, which fail the test as loudly as pipeline() would, and nothing is left open.
 * (A path not anchored at the test's own folder — `'myFile'`, cwd's — is the user's file.)
 */
function fixtureIntoMemory(analysis: FileAnalysis, seg: Segment, downstream: Node[]): boolean {
  const source = isPipeCall(seg.src) ? seg.src.getArguments()[0] : seg.src;
  const read = fileRead(source, 0);
  const where = read?.getArguments()[0];
  const underRunner = runsUnderTestRunner(seg.pipe.getSourceFile());
  const fixture =
    where !== undefined &&
    (inOwnFolder(where) || (packageRelativeLiteral(where) && (underRunner || namesPackageFile(where))) || (underRunner && pathChosenByCodeUnderTest(where)));
  if (!fixture && !madeByCodeUnderTest(analysis, source)) return false;
  // Under a test runner, a fixture sent to the suite's own reader (its server's response to its own
  // client) fails the test as loudly, and an early close leaves the file open only until the run
  // ends. A file or connection the test opens itself is still left open on a failed read.
  if (fixture && underRunner) return downstream.every((d) => !descriptorOpenedHere(analysis, d));
  return downstream.every((d) => holdsNoDescriptor(analysis, d));
}

/**
 * A path parameter of a function the test hands to the code under test (`staticModule({ fs: {
 * readFileSync: (file) => fs.createReadStream(file).pipe(quote()) } }, { vars: { __dirname } })`,
 * static-module's tests): the code under test names the file, from what the test gave it.
 */
function pathChosenByCodeUnderTest(where: Node): boolean {
  const n = unwrap(where);
  const decl = Node.isIdentifier(n) ? symbolOf(n)?.getDeclarations()[0] : undefined;
  const fn = decl && Node.isParameterDeclaration(decl) ? decl.getParent() : undefined;
  if (!fn) return false;
  if (handedToCodeUnderTest(fn)) return true;
  // A function of the file handed over by name (`fs: { readFileSync: readFileSync }`): every use of it.
  const name = Node.isFunctionDeclaration(fn) ? fn.getNameNode() : undefined;
  const symbol = name && symbolOf(name);
  if (!name || !symbol) return false;
  const uses = identifiersNamed(fn.getSourceFile(), name.getText()).filter((id) => id !== name && symbolOf(id) === symbol);
  return uses.length > 0 && uses.every(handedToCodeUnderTest);
}

/** A function given to the code under test (a module loaded by a relative path), directly or as a property of an object argument. */
function handedToCodeUnderTest(fn: Node): boolean {
  let handed = fn;
  for (let parent = handed.getParent(); parent; handed = parent, parent = parent.getParent()) {
    if (
      Node.isPropertyAssignment(parent) ||
      Node.isShorthandPropertyAssignment(parent) ||
      Node.isObjectLiteralExpression(parent) ||
      Node.isParenthesizedExpression(parent)
    )
      continue;
    if (!(Node.isCallExpression(parent) || Node.isNewExpression(parent)) || !parent.getArguments().includes(handed)) return false;
    const callee = unwrap(parent.getExpression());
    const binding = Node.isIdentifier(callee) ? moduleBindingOf(callee) : moduleMemberOf(callee);
    return binding?.module.startsWith('.') ?? false;
  }
  return false;
}

/** A relative path written out that names a file the package has (`'package.json'` in its benchmark). */
function namesPackageFile(where: Node): boolean {
  const n = unwrap(where);
  return (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) && isPackageFile(where.getSourceFile().getFilePath(), n.getLiteralValue());
}

/** A relative path written out (`'./package.json'`, `'test/fixtures/a.txt'`): under a test runner, a file of the package. */
function packageRelativeLiteral(where: Node): boolean {
  const n = unwrap(where);
  return (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) && !path.isAbsolute(n.getLiteralValue()) && !n.getLiteralValue().startsWith('..');
}

/**
 * In a test, a parameter of a hook or handler given to an application that is only ever injected
 * into (`fastify.addHook('preParsing', (req, reply, payload) => …)` with `fastify.inject(…)` and
 * no `fastify.listen()`): its request streams are made in memory by the injector
 * (light-my-request, shot), which neither fails nor holds a connection.
 */
function injectedRequestStream(src: Node): boolean {
  const n = unwrap(src);
  const decl = Node.isIdentifier(n) ? symbolOf(n)?.getDeclarations()[0] : undefined;
  const fn = decl && Node.isParameterDeclaration(decl) ? decl.getParent() : undefined;
  const registration = fn?.getParent();
  if (!registration || !Node.isCallExpression(registration) || !registration.getArguments().includes(fn as never)) return false;
  const callee = registration.getExpression();
  const app = Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : undefined;
  const symbol = app && Node.isIdentifier(app) ? symbolOf(app) : undefined;
  if (!app || !symbol) return false;
  const methods = identifiersNamed(app.getSourceFile(), app.getText())
    .filter((id) => symbolOf(id) === symbol)
    .flatMap((id) => {
      const access = id.getParent();
      return access && Node.isPropertyAccessExpression(access) && access.getExpression() === id ? [access.getName()] : [];
    });
  return methods.includes('inject') && !methods.includes('listen');
}

/**
 * A stream the package's own code makes (`new BuildAnalyzer(config).sources()`, the class loaded
 * by a relative path), not a connection, file or request this test opens: in a test, it is the
 * code under test, whose failure is what the test reports (polymer-build's analyzer tests).
 */
function madeByCodeUnderTest(analysis: FileAnalysis, expr: Node, depth = 0): boolean {
  const n = unwrap(expr);
  if (depth > 3 || analysis.valueOf(n) || streamOrigin(analysis, n) !== undefined) return false;
  if (Node.isCallExpression(n) || Node.isNewExpression(n)) {
    const callee = unwrap(n.getExpression());
    const binding = Node.isIdentifier(callee) ? moduleBindingOf(callee) : moduleMemberOf(callee);
    if (binding) return binding.module.startsWith('.');
    // `analyzer.sources()`: a method of an object the code under test made.
    return Node.isPropertyAccessExpression(callee) && madeByCodeUnderTest(analysis, callee.getExpression(), depth + 1);
  }
  const held = Node.isIdentifier(n) ? readableValue(n) : undefined;
  return held !== undefined && madeByCodeUnderTest(analysis, held.value, depth + 1);
}

/** What a parser or decoder is called: a stream that only turns bytes into values in memory. */
const PARSER_NAME = /decode|parse|split|lexer|tokeni[sz]e|deserial/i;

/** A destination made here (directly or in a variable) by a constructor or factory named for parsing (`msgpack.createDecodeStream()`, `new Parser()`). */
function madeAsParser(d: Node): boolean {
  const n = unwrap(d);
  const made = Node.isIdentifier(n) ? readableValue(n)?.value : n;
  const creation = made && unwrap(made);
  if (!creation || !(Node.isCallExpression(creation) || Node.isNewExpression(creation))) return false;
  const callee = unwrap(creation.getExpression());
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  return PARSER_NAME.test(name);
}

/** Events that code waits for on a stream's end. */
const END_EVENTS = new Set(['end', 'finish', 'close']);

/**
 * A source whose errors are handled, piped only into parsers made here that nothing waits on
 * (`socket.pipe(msgpack.createDecodeStream()).on('data', handle)`, fox-wamp's transport): left
 * un-ended when the source fails, they hold no descriptor, no listener waits for their end, and
 * nobody else holds them, so nothing stays open or hangs.
 */
function nothingLeftWaiting(analysis: FileAnalysis, outermost: CallExpression, downstream: Node[]): boolean {
  for (const d of downstream) {
    if (!holdsNoDescriptor(analysis, d) || !madeAsParser(d)) return false;
    const probe = analysis.probe(d);
    if (analysis.escapes(probe) || [...END_EVENTS].some((event) => analysis.listeners(probe, event).length > 0)) return false;
  }
  // Listeners chained after the last pipe (`.on('data', f)`), and what the chain's value becomes.
  let end: Node = outermost;
  for (;;) {
    const access = end.getParent();
    const call = access?.getParent();
    if (!access || !Node.isPropertyAccessExpression(access) || !call || !Node.isCallExpression(call) || !/^(on|once|addListener)$/.test(access.getName()))
      break;
    const [event] = call.getArguments();
    if (!event || !Node.isStringLiteral(event) || END_EVENTS.has(event.getLiteralValue())) return false;
    end = call;
  }
  const statement = end.getParent();
  return statement !== undefined && Node.isExpressionStatement(statement);
}

/** A destination that holds no descriptor: no tracked socket or request, no response, no file this code opened (an in-memory parser, a gunzip, a collector). */
function holdsNoDescriptor(analysis: FileAnalysis, d: Node): boolean {
  return !analysis.valueOf(unwrap(d)) && !isServerResponse(d) && !descriptorOpenedHere(analysis, d) && !isResponse(analysis, d);
}

/**
 * In a test that starts a server: a chain from one of the test's own connections (a socket its
 * server accepted, its client to this machine) or a fixture of its folder, into memory or the
 * test's own connections. The peer of every socket is the test's program, which neither resets
 * nor vanishes, and nothing outside the run is left open.
 */
function withinTestProgram(analysis: FileAnalysis, segments: Segment[], peerIsThisTest: PeerCheck): boolean {
  const ownConnection = (n: Node): boolean => {
    const value = analysis.valueOf(unwrap(n));
    return value !== undefined && peerIsThisTest(value);
  };
  const first = segments[0];
  const source = isPipeCall(first.src) ? first.src.getArguments()[0] : first.src;
  const fixture = fileRead(source, 0)?.getArguments()[0];
  if (!ownConnection(source) && !(fixture && inOwnFolder(fixture)) && !testBuiltForm(analysis, source)) return false;
  return segments.every((s) => ownConnection(s.dst) || holdsNoDescriptor(analysis, s.dst));
}

/** Node's stream types by name (what a value appended to a form may be). */
const STREAM_TYPE = /Stream|Readable|Duplex|Socket|IncomingMessage/;

/**
 * A form-data body the test builds here (`const form = new FormData(); form.append('file',
 * fs.createReadStream(__dirname + '/fixture.txt'))`) from values and fixtures of its folder only,
 * kept to this file: it can fail only on a missing fixture, which fails the test.
 */
function testBuiltForm(analysis: FileAnalysis, source: Node): boolean {
  const n = unwrap(source);
  const made = Node.isIdentifier(n) ? readableVariable(n)?.getInitializer() : undefined;
  const created = made && unwrap(made);
  if (!created || !Node.isNewExpression(created)) return false;
  const ctor = created.getExpression();
  const binding = Node.isIdentifier(ctor) ? moduleBindingOf(ctor) : undefined;
  if (binding?.module !== 'form-data') return false;
  const probe = analysis.probe(n);
  if (analysis.escapes(probe)) return false;
  return analysis.methodCalls(probe, 'append').every((call) => {
    const value = call.getArguments()[1];
    if (!value) return true;
    const read = fileRead(value, 0);
    if (read) return inOwnFolder(read.getArguments()[0]);
    if (analysis.valueOf(unwrap(value))) return false;
    // A stream made in memory here, or data that is no stream (a string, a Buffer).
    return isInMemoryStream(value, analysis) || ![...nodeTypeNames(value)].some((t) => STREAM_TYPE.test(t));
  });
}

/**
 * `fs.createReadStream(…)`, also through a variable that holds it or a helper of this file that
 * returns it and nothing else (`function readStream(file) { return fs.createReadStream(path.join(__dirname, 'assign', file)) }`).
 */
function fileRead(expr: Node | undefined, depth: number): CallExpression | undefined {
  const n = expr && unwrap(expr);
  if (!n || depth > 2) return undefined;
  if (Node.isCallExpression(n)) {
    const member = moduleMemberOf(n.getExpression());
    if (member) return FS_MODULES.has(member.module) && member.member === 'createReadStream' ? n : undefined;
    const helper = Node.isIdentifier(n.getExpression()) ? resolveFunction(n.getExpression()) : undefined;
    const returned = helper ? returnedExpressions(helper) : [];
    return returned.length === 1 ? fileRead(returned[0], depth + 1) : undefined;
  }
  return fileRead(readableVariable(n)?.getInitializer(), depth + 1);
}

/**
 * A path built from the file's own folder: `__dirname` (or `__filename`, `import.meta`) in the
 * expression or in what a variable it uses holds, a few variables deep (`var FIXTURES =
 * __dirname + '/fixtures/'; var base = FIXTURES + v.source; base + '/original'`, dicer's tests).
 */
function inOwnFolder(expr: Node, depth = 0): boolean {
  const n = unwrap(expr);
  if (/__dirname|__filename|import\.meta/.test(n.getText())) return true;
  if (depth >= 3) return false;
  const names = Node.isIdentifier(n) ? [n] : descendantsOfKind(n, SyntaxKind.Identifier);
  return names.some((name) => {
    const held = readableVariable(name)?.getInitializer();
    return held !== undefined && inOwnFolder(held, depth + 1);
  });
}

const OPENED_KINDS = new Set(['socket', 'tlsSocket', 'clientRequest']);

/**
 * A destination holding a descriptor this code opened itself: `fs.createWriteStream(…)` (through
 * `const` bindings), or a socket or request it created.
 */
function descriptorOpenedHere(analysis: FileAnalysis, dst: Node, depth = 0): boolean {
  const n = unwrap(dst);
  const tracked = analysis.valueOf(n);
  if (tracked) return tracked.origin === 'created' && OPENED_KINDS.has(tracked.kind);
  if (Node.isCallExpression(n)) {
    const member = moduleMemberOf(n.getExpression());
    return member !== undefined && FS_MODULES.has(member.module) && member.member === 'createWriteStream';
  }
  if (!Node.isIdentifier(n) || depth > 2) return false;
  const decl = symbolOf(n)?.getDeclarations()[0];
  const list = decl?.getParent();
  if (!decl || !Node.isVariableDeclaration(decl) || !list || !Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== 'const') return false;
  const init = decl.getInitializer();
  return init !== undefined && descriptorOpenedHere(analysis, init, depth + 1);
}

/** Whether this code ends, destroys or closes the destination anywhere but in its own listeners. */
function closedByThisCode(analysis: FileAnalysis, dst: Node): boolean {
  const probe = analysis.probe(dst);
  const own = probe.uses.listeners.flatMap((l) => (l.handler ? [l.handler] : []));
  return probe.uses.calls.some((c) => /^(end|destroy|close|abort)$/.test(methodOf(c)) && !own.some((h) => c.getAncestors().includes(h)));
}

/**
 * `req.pipe(fs.createWriteStream(path))` in a function other code calls: the source is the
 * caller's, who may handle its errors, but the destination is this code's alone. When the source
 * fails or its client aborts, pipe() neither ends nor destroys the destination, and only this code
 * could: its descriptor leaks (and whatever waits for its 'finish' waits forever).
 */
function leavesOwnDestinationOpen(analysis: FileAnalysis, seg: Segment): boolean {
  const src = unwrap(seg.src);
  if (!Node.isIdentifier(src) || !isParameter(src) || analysis.valueOf(src) || streamOrigin(analysis, src) !== undefined) return false;
  if (!descriptorOpenedHere(analysis, seg.dst)) return false;
  const dst = analysis.probe(seg.dst);
  if (analysis.escapes(dst) || dst.uses.handledBy.length > 0 || destroyedElsewhere(analysis, seg) || closedByThisCode(analysis, seg.dst)) return false;
  const source = analysis.probe(src, true);
  if (source.uses.handledBy.length > 0) return false;
  // A listener of the source that may close the destination (or one the analysis cannot read).
  // (An 'error' listener that ends the process closes every descriptor with it.)
  return !source.uses.listeners.some(
    (l) =>
      /^(error|close|aborted|end)$/.test(l.event) && (!l.handler || mentions(analysis, l.handler, seg.dst) || (l.event === 'error' && exitsProcess(l.handler))),
  );
}

/**
 * `fs.createWriteStream(path)` made here (directly, or a variable given it once), or undefined.
 * Its errors (EACCES, ENOENT, ENOSPC) are thrown unless something listens: pipe() forwards none.
 */
function fileStreamOpenedHere(dst: Node): Node | undefined {
  const n = unwrap(dst);
  if (Node.isCallExpression(n)) {
    const member = moduleMemberOf(n.getExpression());
    return member !== undefined && FS_MODULES.has(member.module) && member.member === 'createWriteStream' ? n : undefined;
  }
  if (!Node.isIdentifier(n)) return undefined;
  const decl = symbolOf(n)?.getDeclarations()[0];
  if (!decl || !Node.isVariableDeclaration(decl) || !Node.isIdentifier(decl.getNameNode())) return undefined;
  const init = decl.getInitializer();
  if (!init || !Node.isCallExpression(unwrap(init)) || !fileStreamOpenedHere(init)) return undefined;
  // Given another value somewhere (`out = other`), it is not known to be this stream.
  return assignedValues(decl).length > 0 ? undefined : n;
}

/** The listeners chained on what a pipe returns (`a.pipe(out).on('finish', f)`), and whether the result is then kept or handed on. */
function chainedOnResult(pipe: CallExpression): { events: string[]; kept: boolean } {
  const events: string[] = [];
  let cur: Node = pipe;
  for (;;) {
    const access = cur.getParent();
    const call = access?.getParent();
    if (!access || !Node.isPropertyAccessExpression(access) || access.getExpression() !== cur || !call || !Node.isCallExpression(call)) break;
    if (!CHAINABLE_METHODS.has(access.getName())) return { events, kept: true };
    const event = call.getArguments()[0];
    if (LISTENER_METHODS.has(access.getName())) events.push(event && Node.isStringLiteral(event) ? event.getLiteralValue() : '?');
    cur = call;
  }
  return { events, kept: !Node.isExpressionStatement(cur.getParent()) };
}

/**
 * The last destination is a file stream this code opens and nothing listens for its 'error': not
 * on the variable, not chained on the pipe, not through `finished()`/`once()`, and it is not handed
 * to other code that might.
 */
function unhandledFileDestination(analysis: FileAnalysis, segments: Segment[]): Segment | undefined {
  const seg = segments[segments.length - 1];
  const file = fileStreamOpenedHere(seg.dst);
  if (!file) return undefined;
  const result = chainedOnResult(seg.pipe);
  if (result.kept || result.events.some((e) => e === 'error' || e === '?')) return undefined;
  const probe = analysis.probe(file);
  if (analysis.escapes(probe) || probe.uses.handledBy.length > 0 || analysis.listeners(probe, 'error').length > 0) return undefined;
  // `await once(out, 'open')`: the code waits on it, and its failure rejects there (precision first: any once()).
  if (probe.uses.listeners.some((l) => l.method === 'events.once')) return undefined;
  return seg;
}

/** Reports a pipe into a file stream whose errors nothing handles (fileDestination). */
function reportFileDestination(context: RuleContext, call: CallExpression, segments: Segment[]): boolean {
  const file = unhandledFileDestination(context.analysis, segments);
  if (!file) return false;
  const fix = pipelineFix(context.sourceFile, call, segments);
  const src = (isPipeCall(file.src) ? file.src.getArguments()[0] : file.src).getText();
  context.report({ node: file.pipe, messageId: 'fileDestination', data: { src: short(src), dst: short(file.dst.getText()) }, fixes: fix ? [fix] : [] });
  return true;
}

/** Reports a pipe of a parameter's stream into a descriptor only this code can close (callersSource). */
function reportCallersSource(context: RuleContext, call: CallExpression, segments: Segment[]): boolean {
  const [seg] = segments;
  if (segments.length !== 1 || !leavesOwnDestinationOpen(context.analysis, seg)) return false;
  const fix = pipelineFix(context.sourceFile, call, segments);
  context.report({
    node: seg.pipe,
    messageId: 'callersSource',
    data: { src: short(seg.src.getText()), dst: short(seg.dst.getText()) },
    fixes: fix ? [fix] : [],
  });
  return true;
}

const rule = defineRule({
  meta: {
    id: 'prefer-pipeline',
    description: 'src.pipe(dst) forwards neither errors nor teardown: use stream.pipeline().',
    defaultSeverity: 'warn',
    messages: {
      unhandled:
        "This pipe() leaves a source error unhandled and the destination open. Nothing handles an 'error' on {src}, and {src}.pipe({dst}) neither forwards it nor closes {dst}; use pipeline().",
      noTeardown:
        "This pipe() leaves the destination open when the source fails. An 'error' on {src} is handled but {dst} is left open ({src}.pipe({dst}) does not close it); use pipeline().",
      callersSource:
        "This pipe() leaves its destination open when the caller's source fails. {src} comes from the caller, who may handle its errors, but only this code can close {dst}, and {src}.pipe({dst}) does not close it when {src} fails or is aborted; use pipeline().",
      fileDestination:
        "This pipe() leaves the file stream's errors unhandled. Nothing listens for 'error' on {dst}, and {src}.pipe({dst}) does not forward it: a failed open or write (EACCES, ENOENT, ENOSPC) crashes the process; use pipeline().",
      sourceLeak:
        "This pipe() leaks its source when the destination closes first. If {dst} closes first (a client abort), {src} is never destroyed and its {what} leaks; destroy it on 'close', or use pipeline().",
    },
    options: {},
  },
  check(context) {
    const { analysis, sourceFile } = context;
    const peerIsThisTest = testPeers(context.inTest, sourceFile, analysis);
    for (const call of callsNamed(sourceFile, SyntaxKind.CallExpression, PIPE)) {
      if (!isPipeCall(call) || outerPipe(call) || isPipeImplementation(call)) continue;
      const segments = segmentsOf(call);
      // A connection of a port probe (a server closed as soon as it listens) is never accepted.
      const source = analysis.valueOf(segments[0].src);
      if (source?.origin === 'accepted' && source.server && analysis.closedOnListening(source.server)) continue;
      // A source that cannot fail (or is the object's own state) is not judged; the file it fills still can fail.
      if (
        isMemberState(segments[0].src) ||
        isPipedInByCaller(segments[0].src) ||
        callersOrInMemory(analysis, segments[0].src) ||
        isInMemoryStream(segments[0].src, analysis) ||
        fedFromMemory(analysis, segments[0].src)
      ) {
        reportFileDestination(context, call, segments);
        continue;
      }
      // Node's pipe by its type, or (untyped) a first source known to be a Node stream by where it
      // comes from; later links are Node's unless their type says otherwise.
      const isNodePipe = (s: Segment) =>
        isNodeMethod(s.pipe.getExpression()) ||
        streamOrigin(analysis, s.src) !== undefined ||
        childOfStdio(s.src) !== undefined ||
        (streamTestOf(s.src, s.pipe) !== undefined && isServerResponse(s.dst)) ||
        (s === segments[0] && isServerResponse(s.dst) && obtainedByCall(s.src));
      const nodePipes = isNodePipe(segments[0]) && segments.slice(1).every((s) => isNodePipe(s) || !typedElsewhere(s.pipe.getExpression()));
      if ([segments[0].src, ...segments.map((s) => s.dst)].some(fromNonNodeLibrary)) continue;
      if (!nodePipes) {
        reportCallersSource(context, call, segments);
        continue;
      }
      if (peerIsThisTest && withinTestProgram(analysis, segments, peerIsThisTest)) continue;
      if (context.inTest && injectedRequestStream(segments[0].src)) continue;
      if (
        context.inTest &&
        fixtureIntoMemory(
          analysis,
          segments[0],
          segments.map((s) => s.dst),
        )
      )
        continue;
      let reported = false;
      for (const [i, seg] of segments.entries()) {
        // A link whose own source is not known to be a Node stream is not judged (an untyped transform).
        if (i > 0 && !isNodePipe(seg)) continue;
        const state = segmentState(analysis, sourceFile, seg, [...segments.slice(i).map((s) => s.dst), ...continuedDownstream(call)]);
        if (state === 'ok') continue;
        if (
          state === 'noTeardown' &&
          nothingLeftWaiting(
            analysis,
            call,
            segments.slice(i).map((s) => s.dst),
          )
        )
          continue;
        if (isResponse(analysis, seg.dst) && writesErrorResponseLater(analysis, seg.pipe, seg.dst)) break;
        reported = true;
        const srcText = (isPipeCall(seg.src) ? seg.src.getArguments()[0] : seg.src).getText();
        const fix = pipelineFix(sourceFile, call, segments);
        context.report({ node: seg.pipe, messageId: state, data: { src: short(srcText), dst: short(seg.dst.getText()) }, fixes: fix ? [fix] : [] });
        break;
      }
      if (reported || reportCallersSource(context, call, segments) || reportFileDestination(context, call, segments)) continue;
      checkSourceLeak(context, call, segments);
    }
  },
});

export default rule;
