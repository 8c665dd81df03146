import { Node, SyntaxKind, type VariableDeclaration } from 'ts-morph';
import {
  creationOptions,
  enclosingFunction,
  identifiersNamed,
  numericValue,
  optionOf,
  symbolOf,
  type CreationOptions,
  type FileAnalysis,
  type FunctionLike,
  type OptionLookup,
  type TrackedValue,
} from '../core/analysis';
import { onlyInRetriedGotRequests } from '../core/gotRetry';
import { callsFromPackage } from '../core/packageCallers';
import { addProperties, replaceExpression } from '../core/propertyEdits';
import { defineRule, type Fix } from '../core/rule';

/** How far below the upstream's keep-alive the fix puts the agent's idle timeout. */
const MARGIN_MS = 1000;

/** agentkeepalive's names for the free-socket timeout: current, then the 3.x/deprecated ones. */
const KEEPALIVE_AGENT_OPTIONS = ['freeSocketTimeout', 'freeSocketKeepAliveTimeout', 'keepAliveTimeout'];

interface Finding {
  messageId: 'noTimeout' | 'longIdle';
  data: Record<string, string | number>;
  fix?: Fix;
}

function fixTitle(target: number): string {
  return `Close idle sockets after ${target} ms`;
}

/** `new http.Agent({ keepAlive: true })` without `timeout`: pooled sockets never time out. */
function checkNodeAgent(options: CreationOptions, target: number): Finding | undefined {
  const keepAlive = optionOf(options, 'keepAlive');
  if (keepAlive.state !== 'set' || keepAlive.value.getKind() !== SyntaxKind.TrueKeyword) return undefined;
  if (optionOf(options, 'timeout').state !== 'unset') return undefined;
  const object = keepAlive.property.getParent();
  const fix =
    object && Node.isObjectLiteralExpression(object) ? { title: fixTitle(target), edits: [addProperties(object, [['timeout', String(target)]])] } : undefined;
  return { messageId: 'noTimeout', data: {}, fix };
}

/** A free-socket timeout option that is not below the upstream's keep-alive. */
function checkIdleOption(options: CreationOptions, names: readonly string[], upstream: number, target: number, zeroMeansNever: boolean): Finding | undefined {
  let found: { name: string; lookup: Extract<OptionLookup, { state: 'set' }> } | undefined;
  for (const name of names) {
    const lookup = optionOf(options, name);
    if (lookup.state === 'unknown') return undefined;
    if (lookup.state === 'set') {
      found = { name, lookup };
      break;
    }
  }
  // Unset: the library defaults (agentkeepalive 4 s since 4.2, undici 4 s) are below Node's 5 s.
  if (!found) return undefined;
  const ms = numericValue(found.lookup.value);
  if (ms === undefined || (ms < upstream && !(ms === 0 && zeroMeansNever))) return undefined;
  return {
    messageId: 'longIdle',
    data: { option: found.name, duration: ms === 0 ? 'forever' : `for ${ms} ms` },
    fix: { title: fixTitle(target), edits: [replaceExpression(found.lookup.value, String(target))] },
  };
}

function checkAgent(value: TrackedValue, upstream: number, target: number): Finding | undefined {
  const options = creationOptions(value);
  switch (value.kind) {
    case 'httpAgent':
    case 'httpsAgent':
      return checkNodeAgent(options, target);
    case 'keepaliveAgent': {
      const keepAlive = optionOf(options, 'keepAlive');
      if (keepAlive.state === 'set' && keepAlive.value.getKind() === SyntaxKind.FalseKeyword) return undefined;
      return checkIdleOption(options, KEEPALIVE_AGENT_OPTIONS, upstream, target, true);
    }
    case 'undiciAgent':
    case 'undiciPool':
      return checkIdleOption(options, ['keepAliveTimeout'], upstream, target, false);
    default:
      return undefined;
  }
}

/** Option names a request or client takes its agent under (jsdom's own request takes `agents`). */
const AGENT_OPTION = /^(?:agent|agents|httpAgent|httpsAgent)$/;
const TIMER = /(?:^|\.)(?:setTimeout|setInterval)$/;

/**
 * The variable an expression is kept in: the declaration it initialises (through parentheses,
 * branches and `await`), or the declaration of a variable it is assigned to (`var agent; …
 * agent = isHttps ? … : …`, httpntlm's).
 */
function heldBy(node: Node): VariableDeclaration | undefined {
  let cur = node;
  let holder: Node | undefined = node.getParent();
  while (holder && (Node.isParenthesizedExpression(holder) || Node.isConditionalExpression(holder) || Node.isAwaitExpression(holder))) {
    cur = holder;
    holder = holder.getParent();
  }
  if (holder && Node.isBinaryExpression(holder) && holder.getOperatorToken().getKind() === SyntaxKind.EqualsToken && holder.getRight() === cur) {
    const target = holder.getLeft();
    const decl = Node.isIdentifier(target) ? symbolOf(target)?.getDeclarations()[0] : undefined;
    return decl && Node.isVariableDeclaration(decl) && decl.getSourceFile() === node.getSourceFile() ? decl : undefined;
  }
  return holder && Node.isVariableDeclaration(holder) ? holder : undefined;
}

/** `x = …`: a use that only puts a value in the variable. */
function isAssignedTo(id: Node): boolean {
  const parent = id.getParent();
  return parent !== undefined && Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getLeft() === id;
}

/**
 * A local variable of a function used only as the `agent` (or `agents`, `httpAgent`,
 * `httpsAgent`) of requests written in that function, none of them in a timer: the pool serves
 * that call's requests, back to back, and goes with it.
 */
function usedForOneCall(holder: VariableDeclaration | undefined): boolean {
  if (!holder) return false;
  const fn = enclosingFunction(holder);
  const name = holder.getNameNode();
  if (!fn || !Node.isIdentifier(name)) return false;
  const symbol = symbolOf(name);
  const uses = identifiersNamed(fn, name.getText()).filter((id) => id !== name && symbolOf(id) === symbol && !isAssignedTo(id));
  return (
    uses.length > 0 &&
    uses.every((id) => {
      const property = id.getParent();
      const asOption = (Node.isPropertyAssignment(property) && property.getInitializer() === id) || Node.isShorthandPropertyAssignment(property);
      if (!asOption || !AGENT_OPTION.test(property.getName())) return false;
      const ancestors = id.getAncestors();
      const within = ancestors.indexOf(fn);
      return within >= 0 && !ancestors.slice(0, within).some((a) => Node.isCallExpression(a) && TIMER.test(a.getExpression().getText()));
    })
  );
}

/**
 * An agent a function makes for its own call's requests (node-sp-auth's login, an NTLM handshake
 * that needs its two requests on one connection): each call has its own pool, reused only by the
 * requests that follow at once, never after an idle gap.
 */
function madeForOneCall(value: TrackedValue): boolean {
  return usedForOneCall(heldBy(value.node));
}

/** The return statement or arrow body through which a function gives an expression back (parentheses, a branch, an object of agents). */
function givenBack(node: Node): Node | undefined {
  let cur = node;
  for (let parent = cur.getParent(); parent; parent = cur.getParent()) {
    if (Node.isParenthesizedExpression(parent) || Node.isConditionalExpression(parent) || Node.isAsExpression(parent)) cur = parent;
    else if (Node.isPropertyAssignment(parent) && parent.getInitializer() === cur) cur = parent.getParent();
    else if (Node.isReturnStatement(parent)) return parent;
    else if (Node.isArrowFunction(parent) && parent.getBody() === cur) return parent;
    else return undefined;
  }
  return undefined;
}

/** The function that returns the agent it makes (directly, in an object of agents, or through a local it only returns). */
function factoryOf(value: TrackedValue): FunctionLike | undefined {
  const maker = enclosingFunction(value.node);
  if (!maker) return undefined;
  const direct = givenBack(value.node);
  if (direct) return direct === maker || enclosingFunction(direct) === maker ? maker : undefined;
  const holder = heldBy(value.node);
  const name = holder?.getNameNode();
  if (!holder || !name || !Node.isIdentifier(name) || enclosingFunction(holder) !== maker) return undefined;
  const uses = identifiersNamed(maker, name.getText()).filter((id) => id !== name && symbolOf(id) === symbolOf(name));
  return uses.length > 0 && uses.every((id) => givenBack(id) !== undefined && enclosingFunction(id) === maker) ? maker : undefined;
}

/**
 * An agent factory whose every call, in this file and in the project's files that import it,
 * keeps the result for that call's own requests (jsdom's `agentFactory()`, called anew for each
 * fetch and XHR: `const agents = agentFactory(proxy); new Request(url, { agents })`). No pool
 * outlives its call. A factory with no call found (its users are elsewhere), or one a caller
 * keeps (`const pool = agents()` at the top of a module), is judged as usual.
 */
function factoryForOneCall(analysis: FileAnalysis, value: TrackedValue): boolean {
  const factory = factoryOf(value);
  if (!factory) return false;
  const here = analysis.knownCallSites(factory);
  if (!here.every((call) => usedForOneCall(heldBy(call)))) return false;
  const elsewhere = callsFromPackage(factory, (call) => usedForOneCall(heldBy(call)));
  return elsewhere !== undefined && elsewhere.all && here.length + elsewhere.calls > 0;
}

const rule = defineRule({
  meta: {
    id: 'agent-free-socket-timeout',
    description: "Keep-alive agents must drop idle sockets before the server's keep-alive timeout closes them.",
    defaultSeverity: 'warn',
    // A test's agent lives for one run: the reuse race needs idle gaps of seconds between requests.
    inTests: 'skip',
    messages: {
      noTimeout:
        'This keep-alive agent never times out idle sockets. It can hand a request a socket the server already closed after its {upstream} ms keep-alive, and the request fails with ECONNRESET / "socket hang up".',
      longIdle:
        'This agent keeps idle sockets longer than the server\'s {upstream} ms keep-alive. {option} keeps them {duration}, so the agent can hand a request a socket the server already closed, and the request fails with ECONNRESET / "socket hang up".',
    },
    options: {
      upstreamKeepAliveMs: {
        type: 'number',
        default: 5000,
        description: "Keep-alive timeout of the servers this code calls (Node's default server keepAliveTimeout is 5000).",
      },
    },
  },
  check(context) {
    const upstream = Number(context.options.upstreamKeepAliveMs);
    if (!(upstream > 0)) return;
    const target = Math.max(upstream - MARGIN_MS, 1);
    for (const value of context.analysis.values) {
      if (value.origin !== 'created') continue;
      // got sends an idempotent request again when a stale pooled socket fails it.
      if (onlyInRetriedGotRequests(value)) continue;
      // A pool of one call's back-to-back requests has no idle gap to race.
      if (madeForOneCall(value) || factoryForOneCall(context.analysis, value)) continue;
      const finding = checkAgent(value, upstream, target);
      if (!finding) continue;
      context.report({
        node: value.node,
        messageId: finding.messageId,
        data: { ...finding.data, upstream },
        fixes: finding.fix ? [finding.fix] : [],
      });
    }
  },
});

export default rule;
