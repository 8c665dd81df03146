import { Node } from 'ts-morph';
import { creationOptions, optionOf, readableValue, unwrap, type TrackedValue } from './analysis';
import { isLoopbackHost } from './listenAddress';

/**
 * The text a URL argument starts with, as far as it is written here: a string, the head of a
 * template (`http://localhost:${port}/`), the left end of a concatenation, `new URL(…)` of one,
 * or a same-file variable holding one.
 */
function urlPrefix(arg: Node, depth = 0): string | undefined {
  const node = unwrap(arg);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isTemplateExpression(node)) return node.getHead().getLiteralText();
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === '+') return urlPrefix(node.getLeft(), depth);
  if (Node.isNewExpression(node) && node.getExpression().getText() === 'URL') {
    const [first] = node.getArguments();
    return first && urlPrefix(first, depth);
  }
  if (Node.isIdentifier(node) && depth < 3) {
    const held = readableValue(node);
    return held && urlPrefix(held.value, depth + 1);
  }
  return undefined;
}

/** The host a URL prefix names, once the prefix reaches past it (`http://localhost:` or `http://127.0.0.1/`). */
function hostOfPrefix(prefix: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(\[[^\]]*\]|[^/:?#]*)[/:?#]/i.exec(prefix) ?? /^(?:[a-z][a-z0-9+.-]*:)?\/\/(\[[^\]]*\]|[^/:?#]+)$/i.exec(prefix);
  return match?.[1];
}

/** A host option written as a whole string: a literal, or a same-file variable holding one. */
function hostOption(value: Node, depth = 0): string | undefined {
  const node = unwrap(value);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  const held = Node.isIdentifier(node) && depth < 3 ? readableValue(node) : undefined;
  return held && hostOption(held.value, depth + 1);
}

/** A host a client reaches on this machine: a loopback name or address, or the unspecified address (`0.0.0.0`, `::`), which connects locally. */
function isThisMachine(host: string): boolean {
  return isLoopbackHost(host) || /^(0\.0\.0\.0|::|\[::\])$/.test(host);
}

/** Whether a URL argument, as far as the code writes it, names a host on this machine (`http://localhost:${port}/`). */
export function urlNamesThisMachine(arg: Node): boolean {
  return prefixNamesThisMachine(urlPrefix(arg));
}

function prefixNamesThisMachine(prefix: string | undefined): boolean {
  const host = prefix === undefined ? undefined : hostOfPrefix(prefix);
  return host !== undefined && isThisMachine(host);
}

/**
 * Whether a client request goes to this machine as far as the code says: a URL naming
 * `localhost`, `127.0.0.1`, `[::1]` or `0.0.0.0`, a `host`/`hostname` option naming one, options
 * with neither (Node's default host is `localhost`), or a `socketPath`. False when unknown.
 */
export function requestsThisMachine(value: TrackedValue): boolean {
  const call = value.node;
  if (!Node.isCallExpression(call)) return false;
  const [first] = call.getArguments();
  if (!first) return false;
  const options = creationOptions(value);
  const [host, hostname, socketPath] = ['host', 'hostname', 'socketPath'].map((name) => optionOf(options, name));
  if ([host, hostname, socketPath].some((o) => o.state === 'unknown')) return false;
  if (socketPath.state === 'set') return true;
  const named = [host, hostname].flatMap((o) => (o.state === 'set' ? [o.value] : []));
  if (named.length > 0)
    return named.every((value) => {
      const text = hostOption(value);
      return text !== undefined && isThisMachine(text);
    });
  const prefix = urlPrefix(first);
  if (prefix !== undefined) return prefixNamesThisMachine(prefix);
  // Options first, written here, with no host: Node connects to localhost.
  return !options.opaque && isObjectLiteral(first);
}

/** An object literal written here, or a same-file variable holding one. */
function isObjectLiteral(arg: Node): boolean {
  const node = unwrap(arg);
  if (Node.isObjectLiteralExpression(node)) return true;
  const held = Node.isIdentifier(node) ? readableValue(node) : undefined;
  return held !== undefined && Node.isObjectLiteralExpression(unwrap(held.value));
}
