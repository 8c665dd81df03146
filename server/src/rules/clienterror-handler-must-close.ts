import { Node, SyntaxKind } from 'ts-morph';
import {
  HTTP_SERVER_KINDS,
  TEARDOWN_METHODS,
  callsAnyOf,
  identifiersNamed,
  listenerCallsFor,
  parameterName,
  readsArguments,
  type FileAnalysis,
  type FunctionLike,
  type ListenerCall,
} from '../core/analysis';
import { appendToFunction } from '../core/handlerEdits';
import { defineRule, type Fix, type TextEdit } from '../core/rule';

const WRITE = new Set(['write']);

/** An http/https server by its tracked value or its type (a typed parameter, `app.listen()`). */
function isHttpServer(analysis: FileAnalysis, receiver: Node): boolean {
  const kind = analysis.kindOf(receiver);
  return kind !== undefined && HTTP_SERVER_KINDS.has(kind);
}

/**
 * Ends the socket the way Node's docs show: a handler that already wrote its own response gets
 * `end()`; otherwise the 400 Node would have sent had no listener been added.
 */
function buildFix(site: ListenerCall, socketName: string, writes: boolean): Fix | undefined {
  const fn = site.handler!;
  const line = writes ? `${socketName}.end();` : `${socketName}.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');`;
  const edit = appendToFunction(fn, [line]);
  return edit && { title: writes ? 'End the socket after the response' : "End the socket with '400 Bad Request'", edits: [edit] };
}

/** Adds the socket parameter (`(err) =>` → `(err, socket) =>`), or undefined when the name is taken. */
function addSocketParameter(fn: FunctionLike): TextEdit | undefined {
  if (identifiersNamed(fn, 'socket').some((id) => id.getAncestors().includes(fn) || id.getParent() === fn)) return undefined;
  const params = fn.getParameters();
  const open = fn.getFirstChildByKind(SyntaxKind.OpenParenToken);
  if (params.length === 1) {
    const p = params[0];
    if (!open) return { start: p.getStart(), end: p.getEnd(), text: `(${p.getText()}, socket)` };
    return { start: p.getEnd(), end: p.getEnd(), text: ', socket' };
  }
  return open ? { start: open.getEnd(), end: open.getEnd(), text: '_err, socket' } : undefined;
}

const rule = defineRule({
  meta: {
    id: 'clienterror-handler-must-close',
    description: "A server's 'clientError' listener must end or destroy the socket: Node stops closing it once a listener exists.",
    defaultSeverity: 'warn',
    // About production servers: a test's own server lives for one run.
    inTests: 'skip',
    messages: {
      noClose:
        "This 'clientError' listener never ends or destroys the socket. Once a listener exists Node no longer closes it, so every malformed or failed request leaves its connection open.",
      noSocketParameter:
        "This 'clientError' listener does not take the socket, so it cannot close it. The socket is its second parameter; once a listener exists Node no longer closes it, and every malformed or failed request leaves its connection open.",
    },
    options: {},
  },
  check(context) {
    const { analysis } = context;
    for (const site of listenerCallsFor(analysis, 'clientError')) {
      const fn = site.handler;
      if (!fn || !isHttpServer(analysis, site.receiver) || readsArguments(fn)) continue;
      const params = fn.getParameters();
      if (params.some((p) => p.isRestParameter())) continue;
      const at = site.call.getArguments()[0];
      if (params.length < 2) {
        const param = addSocketParameter(fn);
        const fix = param && buildFix(site, 'socket', false);
        context.report({ node: at, messageId: 'noSocketParameter', fixes: param && fix ? [{ ...fix, edits: [param, ...fix.edits] }] : [] });
        continue;
      }
      const socketName = parameterName(fn, 1);
      if (!socketName) continue;
      const socket = analysis.probe(socketName, true);
      // Handed to code the analysis cannot see (a framework helper, a logger's emitter): it may close it there.
      if (analysis.escapes(socket) || callsAnyOf(socket, TEARDOWN_METHODS)) continue;
      const fix = buildFix(site, socketName.getText(), callsAnyOf(socket, WRITE));
      context.report({ node: at, messageId: 'noClose', fixes: fix ? [fix] : [] });
    }
  },
});

export default rule;
