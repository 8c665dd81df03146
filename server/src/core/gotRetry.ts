import { Node } from 'ts-morph';
import { moduleMemberOf, symbolOf, unwrap, type TrackedValue } from './analysis';
import { identifiersNamed } from './analysis/descendants';

/** got's calls that send an idempotent request, which got retries on ECONNRESET/EPIPE by default. */
const RETRIED_CALLS = new Set(['default', 'get', 'head', 'put', 'delete', 'options', 'stream']);
const RETRIED_METHODS = /^(get|head|put|delete|options|trace)$/i;

/**
 * Whether an agent is only ever handed to got (`got(url, { agent: { https: agent } })`), in requests
 * got retries by default: an idempotent method and retries left on. A stale pooled socket the
 * server already closed fails with ECONNRESET and got sends the request again on a fresh one, so
 * the reuse race never reaches the caller.
 */
export function onlyInRetriedGotRequests(value: TrackedValue): boolean {
  const escapes = value.uses.escapes;
  return (
    escapes.length > 0 &&
    escapes.every((escape) => {
      const options = optionsObjectHolding(escape);
      return options !== undefined && givenOnlyToRetriedGot(options);
    })
  );
}

/** The options literal an escape `agent: a` or `agent: { http: a, https: b }` is written in. */
function optionsObjectHolding(escape: Node): Node | undefined {
  if (!Node.isPropertyAssignment(escape) && !Node.isShorthandPropertyAssignment(escape)) return undefined;
  let property: Node = escape;
  if (escape.getName() === 'http' || escape.getName() === 'https') {
    const inner = escape.getParent();
    const holder = inner?.getParent();
    if (!holder || !Node.isPropertyAssignment(holder)) return undefined;
    property = holder;
  }
  if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)) return undefined;
  if (property.getName() !== 'agent') return undefined;
  const literal = property.getParent();
  return literal && Node.isObjectLiteralExpression(literal) ? literal : undefined;
}

/** An options literal given, directly or through a `const`, only to got calls that retry. */
function givenOnlyToRetriedGot(literal: Node): boolean {
  const parent = literal.getParent();
  if (parent && Node.isCallExpression(parent)) return retriedGotCall(parent, literal);
  if (!parent || !Node.isVariableDeclaration(parent) || parent.getInitializer() !== literal) return false;
  const name = parent.getNameNode();
  const symbol = Node.isIdentifier(name) ? symbolOf(name) : undefined;
  if (!symbol) return false;
  const uses = identifiersNamed(literal.getSourceFile(), name.getText()).filter((id) => id !== name && symbolOf(id) === symbol);
  return (
    uses.length > 0 &&
    uses.every((id) => {
      const use = id.getParent();
      // `options.agent = theirs`, `options.headers.x = …`: a change of the options, not another taker.
      if (use && Node.isPropertyAccessExpression(use) && use.getExpression() === id) return true;
      return use !== undefined && Node.isCallExpression(use) && retriedGotCall(use, literal);
    })
  );
}

function retriedGotCall(call: import('ts-morph').CallExpression, literal: Node): boolean {
  const member = moduleMemberOf(call.getExpression());
  if (member?.module !== 'got' || !RETRIED_CALLS.has(member.member)) return false;
  if (!Node.isObjectLiteralExpression(literal)) return false;
  const method = literal.getProperty('method');
  if (method) {
    const given = Node.isPropertyAssignment(method) ? unwrap(method.getInitializerOrThrow()) : undefined;
    if (!given || !Node.isStringLiteral(given) || !RETRIED_METHODS.test(given.getLiteralValue())) return false;
  }
  const retry = literal.getProperty('retry');
  return retry === undefined || !noRetries(retry);
}

/** `retry: 0`, `retry: { limit: 0 }`, or a value the analysis cannot read. */
function noRetries(property: Node): boolean {
  if (!Node.isPropertyAssignment(property)) return true;
  const value = unwrap(property.getInitializerOrThrow());
  if (Node.isNumericLiteral(value)) return value.getLiteralValue() === 0;
  if (!Node.isObjectLiteralExpression(value)) return true;
  const limit = value.getProperty('limit');
  if (!limit) return false;
  const given = Node.isPropertyAssignment(limit) ? unwrap(limit.getInitializerOrThrow()) : undefined;
  return !given || !Node.isNumericLiteral(given) || given.getLiteralValue() === 0;
}
