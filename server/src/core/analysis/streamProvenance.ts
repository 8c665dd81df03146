import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import { resolveFunction, returnedExpressions } from './functions';
import type { FileAnalysis } from './fileAnalysis';
import { identifiersNamed } from './descendants';
import { moduleMemberOf } from './modules';
import { symbolOf, unwrap } from './values';

/** Modules whose `createReadStream`/`createWriteStream` are Node's fs streams. */
const FS_MODULES = new Set(['fs', 'graceful-fs', 'fs-extra', 'original-fs']);
/** `module.member` calls that return a Node stream, known without types. */
const STREAM_FACTORIES: Record<string, RegExp> = {
  zlib: /^create(Gzip|Gunzip|Deflate|Inflate|DeflateRaw|InflateRaw|Unzip|BrotliCompress|BrotliDecompress)$/,
  net: /^(connect|createConnection)$/,
  tls: /^connect$/,
  http: /^(request|get)$/,
  https: /^(request|get)$/,
  crypto: /^create(Cipheriv|Decipheriv|Hash|Hmac|Sign|Verify)$/,
  ws: /^createWebSocketStream$/,
};
const STREAM_CLASSES = /^(Readable|Writable|Duplex|Transform|PassThrough|Stream)$/;
const REQUEST_FACTORIES = /^(http|https)\.(request|get)$/;
const MAX_DEPTH = 4;

export type StreamOrigin = 'file' | 'response' | 'request' | 'stream';

/** What a creating call or `new` makes, by the module it comes from. */
function originOfCreation(node: Node): StreamOrigin | undefined {
  if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) return undefined;
  const member = moduleMemberOf(node.getExpression());
  if (!member) return undefined;
  if (Node.isNewExpression(node)) return member.module === 'stream' && STREAM_CLASSES.test(member.member) ? 'stream' : undefined;
  if (FS_MODULES.has(member.module) && /^create(Read|Write)Stream$/.test(member.member)) return member.member === 'createReadStream' ? 'file' : 'stream';
  return STREAM_FACTORIES[member.module]?.test(member.member) ? 'stream' : undefined;
}

/** Whether a function is passed, inline or by name, as the argument of a call accepted by `test`. */
function passedTo(fn: Node, test: (call: Node, index: number) => boolean): boolean {
  const uses: Node[] = [fn];
  if (Node.isFunctionDeclaration(fn)) {
    const name = fn.getNameNode();
    const symbol = name && symbolOf(name);
    if (name && symbol) uses.push(...identifiersNamed(fn, name.getText()).filter((id) => id !== name && symbolOf(id) === symbol));
  } else {
    // const onResponse = (res) => …
    const holder = fn.getParent();
    if (holder && Node.isVariableDeclaration(holder) && holder.getInitializer() === fn) {
      const name = holder.getNameNode();
      const symbol = symbolOf(name);
      if (symbol) uses.push(...identifiersNamed(fn, name.getText()).filter((id) => id !== name && symbolOf(id) === symbol));
    }
  }
  return uses.some((use) => {
    const call = use.getParent();
    if (!call || !Node.isCallExpression(call)) return false;
    const index = call.getArguments().indexOf(use as never);
    return index >= 0 && test(call, index);
  });
}

/**
 * What a parameter receives when the code hands its function to Node: the response of
 * `http.get(url, (res) => …)` or of a request's `'response'` listener ('response').
 */
function originOfParameter(analysis: FileAnalysis, param: Node, depth: number): StreamOrigin | undefined {
  const fn = param.getParent();
  if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return undefined;
  // A helper only this file calls: what every caller passes.
  const args = analysis.localCallArguments(param);
  if (args && args.length > 0) {
    const origins = new Set(args.map((arg) => streamOrigin(analysis, arg, depth + 1)));
    const [only] = origins;
    return origins.size === 1 ? only : origins.has(undefined) ? undefined : 'stream';
  }
  if (fn.getParameters()[0] !== param) return undefined;
  const isResponseCallback = passedTo(fn, (call, index) => {
    if (!Node.isCallExpression(call)) return false;
    const member = moduleMemberOf(call.getExpression());
    if (member && REQUEST_FACTORIES.test(`${member.module}.${member.member}`)) return index > 0;
    const callee = call.getExpression();
    const [event] = call.getArguments();
    return (
      Node.isPropertyAccessExpression(callee) &&
      /^(on|once)$/.test(callee.getName()) &&
      index === 1 &&
      event !== undefined &&
      Node.isStringLiteral(event) &&
      event.getLiteralValue() === 'response' &&
      analysis.kindOf(callee.getExpression()) === 'clientRequest'
    );
  });
  return isResponseCallback ? 'response' : undefined;
}

/**
 * Whether an expression is a Node stream by where it comes from, without its type: a tracked
 * socket or request, `fs.createReadStream(…)` (also graceful-fs, fs-extra), `zlib.createGzip()`,
 * `net.connect(…)`, a `new stream.PassThrough()`, the response argument of `http.get`'s callback,
 * through variables and `a.pipe(b)` (which returns `b`). Undefined when the analysis cannot tell.
 */
export function streamOrigin(analysis: FileAnalysis, expr: Node, depth = 0): StreamOrigin | undefined {
  const node = unwrap(expr);
  if (depth > MAX_DEPTH) return undefined;
  const tracked = analysis.valueOf(node);
  if (tracked) return tracked.kind === 'clientRequest' ? 'request' : tracked.kind === 'incomingMessage' ? 'response' : 'stream';
  if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'pipe' && node.getArguments()[0])
      return streamOrigin(analysis, node.getArguments()[0], depth + 1);
  }
  const created = originOfCreation(node);
  if (created) return created;
  // `(this.stream = open(input))`: what is assigned.
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return streamOrigin(analysis, node.getRight(), depth + 1);
  if (Node.isCallExpression(node)) return originOfLocalCall(analysis, node, depth);
  if (!Node.isIdentifier(node)) return undefined;
  const decl = symbolOf(node)?.getDeclarations()[0];
  if (!decl || decl.getSourceFile() !== node.getSourceFile()) return undefined;
  if (Node.isParameterDeclaration(decl)) return originOfParameter(analysis, decl, depth);
  if (Node.isVariableDeclaration(decl)) {
    const init = decl.getInitializer();
    const list = decl.getParent();
    // Only a binding that keeps what it was given: a const, or a let/var never assigned again.
    if (!init || !Node.isVariableDeclarationList(list)) return undefined;
    if (list.getDeclarationKind() !== 'const' && isReassigned(decl.getNameNode())) return undefined;
    return streamOrigin(analysis, init, depth + 1);
  }
  return undefined;
}

/**
 * A call of a same-file function or method that returns a known stream on some path
 * (`_getStream(input) { if (input instanceof Readable) return input; return fs.createReadStream(input); }`):
 * the value is a Node stream at least there, whatever the other paths return untyped.
 */
function originOfLocalCall(analysis: FileAnalysis, call: CallExpression, depth: number): StreamOrigin | undefined {
  const fn = resolveFunction(call.getExpression());
  if (!fn) return undefined;
  const origins = new Set(returnedExpressions(fn).map((r) => streamOrigin(analysis, r, depth + 1)));
  origins.delete(undefined);
  const [only] = origins;
  return origins.size > 1 ? 'stream' : only;
}

/** Whether a variable is assigned again after its declaration (`x = …` anywhere in its file). */
export function isReassigned(name: Node): boolean {
  const symbol = symbolOf(name);
  return identifiersNamed(name, name.getText()).some((id) => {
    if (id === name || symbolOf(id) !== symbol) return false;
    const parent = id.getParent();
    return parent !== undefined && Node.isBinaryExpression(parent) && parent.getLeft() === id && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken;
  });
}
