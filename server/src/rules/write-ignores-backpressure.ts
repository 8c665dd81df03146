import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import { callsNamed, descendantsOfKind, nodeTypeNames, receiverText, resolveFunction, unwrap, type FileAnalysis, type FunctionLike } from '../core/analysis';
import { render, styleOf } from '../core/fixBuilders';
import { indentationAt } from '../core/fixes';
import { pipelineCallee } from '../core/pipelineImport';
import { defineRule, type Fix } from '../core/rule';
import { escapeRegExp } from '../core/escapeRegExp';

const DATA_LISTENER_METHODS = new Set(['on', 'addListener', 'prependListener']);
const WRITE = new Set(['write']);
const READABLE_TYPES = ['Readable', 'Duplex', 'Socket', 'IncomingMessage', 'ReadStream'];
/** Destinations that buffer without bound: network peers and files. In-memory streams are left alone. */
const WRITABLE_KINDS = new Set(['socket', 'tlsSocket', 'clientRequest', 'serverResponse']);
const WRITABLE_TYPES = ['Socket', 'ClientRequest', 'ServerResponse', 'OutgoingMessage', 'WriteStream'];
const SIMPLE_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const STD_STREAMS = /^process\.(stdout|stderr)$/;

function isReadable(analysis: FileAnalysis, expr: Node): boolean {
  const kind = analysis.kindOf(expr);
  if (kind === 'socket' || kind === 'tlsSocket' || kind === 'incomingMessage') return true;
  const names = nodeTypeNames(expr);
  return READABLE_TYPES.some((n) => names.has(n));
}

function isBufferingWritable(analysis: FileAnalysis, expr: Node): boolean {
  if (STD_STREAMS.test(expr.getText().replace(/\s+/g, ''))) return false;
  const names = nodeTypeNames(expr);
  // tty.WriteStream (process.stdout/stderr under another name) is a Socket that is also a WriteStream.
  if (names.has('WriteStream') && names.has('Socket')) return false;
  const kind = analysis.kindOf(expr);
  if (kind && WRITABLE_KINDS.has(kind)) return true;
  return WRITABLE_TYPES.some((n) => names.has(n));
}

/**
 * `reverseProxy.incoming.socket`, `conn.socket`: an untyped property named `socket`. Taken for a
 * socket only when the other end of the copy is known (a tracked socket, a typed stream).
 */
function isUntypedSocketProperty(expr: Node): boolean {
  const n = unwrap(expr);
  if (!Node.isPropertyAccessExpression(n) || n.getName() !== 'socket') return false;
  try {
    const type = n.getType();
    return type.isAny() || type.isUnknown();
  } catch {
    return true;
  }
}

const STREAM_CONTROL = new Set(['destroy', 'pause', 'resume', 'unpipe']);

/**
 * An untyped variable the code uses as a readable stream: it listens for its `'data'` and its
 * `'end'`, and pauses, resumes or destroys it (ftp-srv's RETR: the stream a pluggable file system's
 * `read()` returns). An emitter that only emits `'data'` (a parser) is not taken for one.
 */
function readableByUse(analysis: FileAnalysis, src: Node): boolean {
  const n = unwrap(src);
  if (!Node.isIdentifier(n) || analysis.kindOf(n) !== undefined) return false;
  const probe = analysis.probe(n);
  const listens = (event: string) => analysis.listeners(probe, event).length > 0;
  return listens('data') && listens('end') && [...STREAM_CONTROL].some((m) => analysis.methodCalls(probe, m).length > 0);
}

/** The function a listener argument gives, also when it is stored as it is passed (`listeners.onData = function (data) { … }`). */
function listenerFunction(arg: Node): FunctionLike | undefined {
  const n = unwrap(arg);
  if (Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return resolveFunction(unwrap(n.getRight()));
  return resolveFunction(arg);
}

function nearestFunction(node: Node): Node | undefined {
  return node.getFirstAncestor((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a));
}

/** The `false` of `write()` goes nowhere: a statement, `void`, or the listener's own return value. */
function resultIgnored(write: Node, handler: FunctionLike): boolean {
  const parent = write.getParent();
  if (!parent) return false;
  // `dst && dst.write(chunk)`: a guard whose value goes where the write's would.
  if (Node.isBinaryExpression(parent) && parent.getRight() === write && parent.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken)
    return resultIgnored(parent, handler);
  if (Node.isExpressionStatement(parent) || Node.isVoidExpression(parent)) return true;
  if (Node.isArrowFunction(parent) && parent === handler) return true;
  return Node.isReturnStatement(parent) && nearestFunction(parent) === handler;
}

/** `src.pause()` or a `'drain'` listener on `dst`, by the analysis or by name anywhere in the file. */
function handlesBackpressure(analysis: FileAnalysis, sf: SourceFile, src: Node, dst: Node): boolean {
  const srcUses = analysis.probe(src);
  const dstUses = analysis.probe(dst);
  if (analysis.methodCalls(srcUses, 'pause').length > 0 || analysis.listeners(dstUses, 'drain').length > 0) return true;
  const text = sf.getFullText();
  const pause = new RegExp(`${escapeRegExp(src.getText())}\\s*\\.\\s*pause\\s*\\(`);
  const drain = new RegExp(`${escapeRegExp(dst.getText())}\\s*\\.\\s*(on|once|addListener|prependListener|prependOnceListener)\\s*\\(\\s*['"\`]drain`);
  return pause.test(text) || drain.test(text);
}

function pauseFix(sf: SourceFile, write: CallExpression, handler: FunctionLike, src: string, dst: string): Fix | undefined {
  if (write.getText().includes('\n')) return undefined; // a multi-line write: leave the layout to the author
  const style = styleOf(sf);
  const text = sf.getFullText();
  const body = [`if (!${write.getText()}) {`, `  ${src}.pause();`, `  ${dst}.once('drain', () => ${src}.resume());`, `}`];
  const parent = write.getParent()!;
  const title = `Pause ${src} until ${dst} drains`;
  const block = parent.getParent();
  if (
    Node.isExpressionStatement(parent) &&
    block &&
    Node.isBlock(block) &&
    block.getStatements().length === 1 &&
    block.getStartLineNumber() === block.getEndLineNumber()
  ) {
    // `(c) => { dst.write(c) }` on one line: open the block up.
    const indent = indentationAt(text, block.getStart());
    return {
      title,
      edits: [{ start: block.getStart(), end: block.getEnd(), text: `{${style.eol}${render(style, indent + style.unit, body)}${style.eol}${indent}}` }],
    };
  }
  if (Node.isExpressionStatement(parent)) {
    const indent = indentationAt(text, parent.getStart());
    return { title, edits: [{ start: parent.getStart(), end: parent.getEnd(), text: render(style, indent, body).slice(indent.length) }] };
  }
  if (Node.isArrowFunction(parent) && parent === handler) {
    const indent = indentationAt(text, handler.getStart());
    const block = `{${style.eol}${render(style, indent + style.unit, body)}${style.eol}${indent}}`;
    return { title, edits: [{ start: write.getStart(), end: write.getEnd(), text: block }] };
  }
  return undefined;
}

/** `src.on('data', (c) => dst.write(c))` as a whole statement becomes `pipeline(src, dst, cb)`. */
function pipelineFix(sf: SourceFile, listenerCall: CallExpression, handler: FunctionLike, write: CallExpression, src: string, dst: string): Fix | undefined {
  const statement = listenerCall.getParent();
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  const body = handler.getBody();
  const only = body && (Node.isBlock(body) ? body.getStatements().length === 1 && body.getStatements()[0].getFirstChild() === write : unwrap(body) === write);
  const [chunkParam] = handler.getParameters();
  const args = write.getArguments();
  if (src === dst) return undefined; // an echo: a pipeline into itself says nothing clearer
  if (!only || !chunkParam || args.length !== 1 || args[0].getText() !== chunkParam.getName()) return undefined;
  const callee = pipelineCallee(sf, 'stream');
  if (!callee) return undefined;
  const style = styleOf(sf);
  const indent = indentationAt(sf.getFullText(), statement.getStart());
  const lines = [`${callee.callee}(${src}, ${dst}, (err) => {`, `  if (err) console.error('pipeline failed:', err.message);`, `});`];
  return {
    title: `Rewrite as pipeline(${src}, ${dst})`,
    suggestion: true,
    edits: [...callee.edits, { start: statement.getStart(), end: statement.getEnd(), text: render(style, indent, lines).slice(indent.length) }],
  };
}

/**
 * A reply on the stream the data came from, made from the message rather than the chunk itself
 * (`client.write(createPingResponse(message.id))` in `client`'s own 'data' listener): a
 * request/response protocol answering its peer, not a relay. An echo of the chunk
 * (`socket.write(chunk)`) still forwards it.
 */
function repliesOnSameStream(write: CallExpression, handler: FunctionLike, src: Node, dst: Node): boolean {
  if (receiverText(src) !== receiverText(dst)) return false;
  const chunk = handler.getParameters()[0];
  const name = chunk && Node.isIdentifier(chunk.getNameNode()) ? chunk.getName() : undefined;
  return !write.getArguments().some((arg) => Node.isIdentifier(arg) && arg.getText() === name);
}

/**
 * Whether the write forwards what was read: an argument uses the listener's chunk parameter, or a
 * value the listener computes from it (or from something the analysis cannot see). A fixed reply
 * (a handshake message declared outside, a termination packet encoded from constants) is bounded.
 */
function forwardsReadData(write: CallExpression, handler: Node): boolean {
  const params = (handler as unknown as { getParameters?(): Node[] }).getParameters?.() ?? [];
  if (params.length === 0) return true;
  // State the listener fills from the chunk (`self.message += data`) carries what was read too.
  const filled = new Set<string>();
  for (const assignment of descendantsOfKind(handler, SyntaxKind.BinaryExpression)) {
    const left = assignment.getLeft();
    const operator = assignment.getOperatorToken().getKind();
    if (
      Node.isPropertyAccessExpression(left) &&
      (operator === SyntaxKind.EqualsToken || operator === SyntaxKind.PlusEqualsToken) &&
      usesRead(assignment.getRight(), handler, 0, filled)
    )
      filled.add(left.getText());
  }
  return write.getArguments().some((arg) => usesRead(arg, handler, 0, filled));
}

function usesRead(expr: Node, handler: Node, depth: number, filled: ReadonlySet<string>): boolean {
  if (
    filled.size > 0 &&
    [expr, ...descendantsOfKind(expr, SyntaxKind.PropertyAccessExpression)].some((a) => Node.isPropertyAccessExpression(a) && filled.has(a.getText()))
  )
    return true;
  return [expr, ...descendantsOfKind(expr, SyntaxKind.Identifier)].some((id) => {
    if (!Node.isIdentifier(id)) return false;
    // `packets.encode`, `protocol.ID_TERM`: a member's name is not a value of its own.
    const parent = id.getParent();
    if (parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
    const decl = id.getSymbol()?.getDeclarations()[0];
    if (decl === undefined) return true;
    if (!decl.getAncestors().includes(handler as never)) return false;
    // `const reply = encode(ID_TERM, '')` inside the listener: read what it is made of.
    const init = Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    return init === undefined || depth >= 3 || usesRead(init, handler, depth + 1, filled);
  });
}

const rule = defineRule({
  meta: {
    id: 'write-ignores-backpressure',
    description: "Writes inside a 'data' listener must respect write()'s false result (pause the source until 'drain').",
    defaultSeverity: 'warn',
    messages: {
      ignored:
        "This write() ignores backpressure: the writes can buffer in memory without bound. {dst}.write() returns false when {dst} cannot keep up, and {src} keeps reading; pause {src} until {dst} emits 'drain', or use pipeline().",
    },
    options: {},
  },
  check(context) {
    const { analysis, sourceFile } = context;
    for (const call of callsNamed(sourceFile, SyntaxKind.CallExpression, DATA_LISTENER_METHODS)) {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !DATA_LISTENER_METHODS.has(callee.getName())) continue;
      const [eventArg, handlerArg] = call.getArguments();
      if (!eventArg || !Node.isStringLiteral(eventArg) || eventArg.getLiteralValue() !== 'data' || !handlerArg) continue;
      const handler = listenerFunction(handlerArg);
      const src = callee.getExpression();
      const srcKnown = isReadable(analysis, src) || readableByUse(analysis, src);
      if (!handler || !(srcKnown || isUntypedSocketProperty(src))) continue;
      for (const write of callsNamed(handler, SyntaxKind.CallExpression, WRITE)) {
        const wcallee = write.getExpression();
        if (!Node.isPropertyAccessExpression(wcallee) || wcallee.getName() !== 'write' || write.getArguments().length === 0) continue;
        if (nearestFunction(write) !== handler || !resultIgnored(write, handler) || !forwardsReadData(write, handler)) continue;
        const dst = wcallee.getExpression();
        if (repliesOnSameStream(write, handler, src, dst)) continue;
        const dstKnown = isBufferingWritable(analysis, dst);
        // One untyped `.socket` end at most: the other is known.
        if (!(dstKnown ? true : srcKnown && isUntypedSocketProperty(dst)) || (!srcKnown && !dstKnown)) continue;
        if (handlesBackpressure(analysis, sourceFile, src, dst)) continue;
        const srcText = src.getText();
        const dstText = dst.getText();
        const fixes: Fix[] = [];
        if (SIMPLE_NAME.test(srcText) && SIMPLE_NAME.test(dstText)) {
          const pause = pauseFix(sourceFile, write, handler, srcText, dstText);
          if (pause) fixes.push(pause);
          const pipe = handlerArg === handler ? pipelineFix(sourceFile, call, handler, write, srcText, dstText) : undefined;
          if (pipe) fixes.push(pipe);
        }
        context.report({ node: write, messageId: 'ignored', data: { src: srcText, dst: dstText }, fixes });
      }
    }
  },
});

export default rule;
