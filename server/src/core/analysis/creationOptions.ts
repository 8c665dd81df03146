import {
  Node,
  SyntaxKind,
  type BinaryExpression,
  type CallExpression,
  type Expression,
  type ObjectLiteralExpression,
  type VariableDeclaration,
} from 'ts-morph';
import { descendantsOfKind, identifiersNamed } from './descendants';
import { frameworkOptionsArgument, frameworkSettings, isApplication } from './frameworks';
import { enclosingFunction, resolveFunction } from './functions';
import { numericValue } from './numbers';
import type { TrackedValue } from './values';
import { declarationsOf } from './symbols';
import { unwrap } from './syntax';

/** The options a value was created with, as far as the analysis can read them. */
export interface CreationOptions {
  /**
   * The creation arguments that hold options: an object literal, a variable, a spread, an
   * `Object.assign(…)` or a same-file function's result. Read through `optionOf`.
   */
  sources: Node[];
  /** The literal written in the creating call itself: the one fixes may edit. */
  inline?: ObjectLiteralExpression;
  /** Some options come from where the analysis cannot see (a parameter, an import, a call). */
  opaque: boolean;
}

/** Argument names that denote a URL, a port, a host or a listener when the type checker cannot tell. */
const URL_NAMES = /^(url|uri|href|link|endpoint|target|address|addr|\w*(Url|Uri|URL|Href|Endpoint))$/;
const HANDLER_NAMES = /^(app|application|handler|handle|listener|requestListener|router|callback|cb|onRequest|onConnect|\w*(Handler|Listener|App|Router))$/;
const PLACE_NAMES = /^(port|host|hostname|path|socketPath|\w*(Port|Host|Path)|\w*_(port|host|path))$/;
const MAX_DEPTH = 4;

function nameOf(arg: Node): string | undefined {
  if (Node.isIdentifier(arg)) return arg.getText();
  if (Node.isPropertyAccessExpression(arg)) return arg.getName();
  return undefined;
}

/**
 * The same-file variable an identifier names, when what it holds is known from its declaration:
 * a `const`, or a `let`/`var` never assigned again.
 */
export function readableVariable(id: Node): VariableDeclaration | undefined {
  if (!Node.isIdentifier(id)) return undefined;
  // In JS, `opts.timeout = 5000` makes `opts` an expando: its symbol gains that declaration too.
  const decls = declarationsOf(id).filter((d) => !Node.isIdentifier(d) && !Node.isBinaryExpression(d) && !Node.isPropertyAccessExpression(d));
  const decl = decls.length === 1 ? decls[0] : undefined;
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getSourceFile() !== id.getSourceFile() || !decl.getInitializer()) return undefined;
  const list = decl.getParent();
  if (!Node.isVariableDeclarationList(list)) return undefined;
  if (list.getDeclarationKind() !== 'const' && assignmentsTo(decl).some((a) => a.getOperatorToken().getKind() === SyntaxKind.EqualsToken)) return undefined;
  return decl;
}

/** The assignments to a variable in its file (`x = …`, `x += …`), its declaration aside. */
export function assignmentsTo(decl: VariableDeclaration): BinaryExpression[] {
  const symbol = decl.getNameNode().getSymbol();
  const found: BinaryExpression[] = [];
  for (const other of identifiersNamed(decl, decl.getName())) {
    if (other === decl.getNameNode() || other.getSymbol() !== symbol) continue;
    const parent = other.getParent();
    if (!parent || !Node.isBinaryExpression(parent) || parent.getLeft() !== other) continue;
    const operator = parent.getOperatorToken().getKind();
    if (operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment) found.push(parent);
  }
  return found;
}

/**
 * What a readable variable holds where `id` reads it: its initializer, or — declared without one
 * (`var req, options; … options = { … }`, as CoffeeScript and older code write it) — its one
 * assignment, made before `id` in a block around `id`, in its function or one that creates `id`'s callback.
 */
export function readableValue(id: Node): { decl: VariableDeclaration; value: Node } | undefined {
  const decl = readableVariable(id);
  if (decl) return { decl, value: decl.getInitializerOrThrow() };
  if (!Node.isIdentifier(id)) return undefined;
  const decls = declarationsOf(id).filter((d) => Node.isVariableDeclaration(d));
  const only = decls.length === 1 ? decls[0] : undefined;
  if (!only || !Node.isVariableDeclaration(only) || only.getInitializer() || only.getSourceFile() !== id.getSourceFile()) return undefined;
  const assignments = assignmentsTo(only);
  const assignment = assignments.length === 1 && assignments[0].getOperatorToken().getKind() === SyntaxKind.EqualsToken ? assignments[0] : undefined;
  const statement = assignment?.getParent();
  if (!assignment || !statement || !Node.isExpressionStatement(statement) || assignment.getEnd() > id.getStart()) return undefined;
  const block = statement.getParent();
  if (!block || !id.getAncestors().includes(block as never) || !runsAfter(id, statement)) return undefined;
  return { decl: only, value: assignment.getRight() };
}

/**
 * Whether `id`, written after `statement` in a block around it, runs only after it: in the same
 * function, or in a callback created there afterwards (`process.nextTick(() => get(options))`).
 * (Not a function declaration: it is hoisted and can run before.)
 */
function runsAfter(id: Node, statement: Node): boolean {
  const outer = enclosingFunction(statement);
  for (let fn = enclosingFunction(id); fn !== outer; fn = enclosingFunction(fn)) {
    if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return false;
  }
  return true;
}

/** What the code does to a variable's object besides the creation that reads it. */
interface ObjectChanges {
  /** `opts.timeout = 5000` written before the creation, by property name. */
  assigned: Map<string, Array<{ node: Node; value: Node }>>;
  /** `delete opts.port` before the creation: that property may be gone, the others are as they were. */
  deleted: Set<string>;
  /** Changed where the analysis cannot follow: handed to another call, a computed key. */
  unreadable: boolean;
}

function changesOf(decl: VariableDeclaration, creation: Node | undefined): ObjectChanges {
  const name = decl.getNameNode();
  const symbol = name.getSymbol();
  const changes: ObjectChanges = { assigned: new Map(), deleted: new Set(), unreadable: false };
  for (const id of identifiersNamed(name, name.getText())) {
    if (id === name || id.getSymbol() !== symbol) continue;
    const parent = id.getParent();
    if (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) {
      if (parent.getExpression() !== id) continue;
      const outer = parent.getParent();
      if (outer && Node.isDeleteExpression(outer)) {
        const key = writtenKey(parent);
        if (key === undefined) changes.unreadable = true;
        else if (!(creation && outer.getStart() > creation.getStart())) changes.deleted.add(key);
        continue;
      }
      if (outer && Node.isBinaryExpression(outer) && outer.getLeft() === parent) {
        const operator = outer.getOperatorToken().getKind();
        // `opts.host + ':' + opts.port` reads the object; only an assignment changes it.
        if (operator < SyntaxKind.FirstAssignment || operator > SyntaxKind.LastAssignment) continue;
        const key = writtenKey(parent);
        if (key === undefined || operator !== SyntaxKind.EqualsToken) {
          changes.unreadable = true;
          continue;
        }
        // A write after the creation does not change what it was given.
        if (creation && outer.getStart() > creation.getStart()) continue;
        const list = changes.assigned.get(key) ?? [];
        list.push({ node: outer, value: outer.getRight() });
        changes.assigned.set(key, list);
      }
      continue;
    }
    if (Node.isCallExpression(parent) && parent.getArguments().includes(id as Expression)) {
      // The creation reads it, and so does `Object.assign(target, opts)`; any other call may change it.
      const read =
        (creation !== undefined && (parent === creation || parent.getAncestors().includes(creation as never))) ||
        (isObjectAssign(parent) && parent.getArguments()[0] !== id);
      if (read) continue;
      // `Object.assign(opts, { timeout })` before the creation: its literal properties are written to opts.
      if (isObjectAssign(parent) && !(creation && parent.getStart() > creation.getStart()) && recordAssigned(parent, changes)) continue;
      changes.unreadable = true;
    }
  }
  return changes;
}

/** The property an access names: `opts.agent`, `opts['agent']`; undefined for a computed key. */
function writtenKey(access: Node): string | undefined {
  if (Node.isPropertyAccessExpression(access)) return access.getName();
  if (!Node.isElementAccessExpression(access)) return undefined;
  const argument = access.getArgumentExpression();
  return argument && Node.isStringLiteral(argument) ? argument.getLiteralValue() : undefined;
}

/** The properties `Object.assign(target, { a: 1 }, …)` writes, when every source is a literal without spreads. */
function recordAssigned(call: CallExpression, changes: ObjectChanges): boolean {
  const sources = call
    .getArguments()
    .slice(1)
    .map((a) => unwrap(a));
  if (
    !sources.every(
      (o) => Node.isObjectLiteralExpression(o) && o.getProperties().every((p) => Node.isPropertyAssignment(p) && !Node.isComputedPropertyName(p.getNameNode())),
    )
  )
    return false;
  for (const source of sources) {
    for (const p of (source as ObjectLiteralExpression).getProperties()) {
      if (!Node.isPropertyAssignment(p)) continue;
      const list = changes.assigned.get(p.getName()) ?? [];
      list.push({ node: p, value: p.getInitializerOrThrow() });
      changes.assigned.set(p.getName(), list);
    }
  }
  return true;
}

/** The expression a same-file function returns, when it has exactly one `return` of a value (or an expression body). */
export function returnedExpression(call: Node): Node | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const fn = resolveFunction(call.getExpression());
  if (!fn || fn.getSourceFile() !== call.getSourceFile()) return undefined;
  const body = fn.getBody();
  if (!body) return undefined;
  if (!Node.isBlock(body)) return body;
  const returns = descendantsOfKind(body, SyntaxKind.ReturnStatement).filter(
    (r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a)) === fn,
  );
  return returns.length === 1 ? returns[0].getExpression() : undefined;
}

/** `Object.assign` and the helpers written like it, last source winning: lodash's and underscore's `assign`/`extend`/`assignIn`, Node's `util._extend`. */
const ASSIGN_CALLEES = new Set(['Object.assign', '_.assign', '_.extend', '_.assignIn', 'lodash.assign', 'lodash.extend', 'lodash.assignIn', 'util._extend']);

function isObjectAssign(call: Node): call is CallExpression {
  return Node.isCallExpression(call) && ASSIGN_CALLEES.has(unwrap(call.getExpression()).getText().replace(/\s+/g, ''));
}

/**
 * One named option in an expression that evaluates to an options object: a literal (its spreads
 * followed), a readable variable (with `opts.name = v` written before `creation`), an
 * `Object.assign(…)`, or a same-file function's single returned object.
 */
function lookup(expr: Node, name: string, creation: Node | undefined, depth: number): OptionLookup {
  if (depth > MAX_DEPTH) return { state: 'unknown' };
  const node = unwrap(expr);
  if (Node.isObjectLiteralExpression(node)) {
    // Later properties win over earlier ones and over what earlier spreads bring.
    const properties = node.getProperties();
    for (let i = properties.length - 1; i >= 0; i--) {
      const p = properties[i];
      if (Node.isSpreadAssignment(p)) {
        const inner = lookup(p.getExpression(), name, creation, depth + 1);
        if (inner.state !== 'unset') return inner;
        continue;
      }
      if (Node.isPropertyAssignment(p) && Node.isComputedPropertyName(p.getNameNode())) return { state: 'unknown' };
      if (!('getName' in p) || (p as { getName(): string }).getName() !== name) continue;
      if (Node.isPropertyAssignment(p)) return { state: 'set', property: p, value: p.getInitializerOrThrow() };
      if (Node.isShorthandPropertyAssignment(p)) return { state: 'set', property: p, value: p.getNameNode() };
      return { state: 'unknown' };
    }
    return { state: 'unset' };
  }
  if (Node.isIdentifier(node)) {
    const held = readableValue(node);
    if (!held) return { state: 'unknown' };
    const changes = changesOf(held.decl, creation);
    if (changes.unreadable) return { state: 'unknown' };
    const writes = changes.assigned.get(name);
    if (changes.deleted.has(name)) {
      // Deleted somewhere before the creation: unset stays unset, anything else may be gone.
      const before = writes ? undefined : lookup(held.value, name, creation, depth + 1);
      return before?.state === 'unset' ? before : { state: 'unknown' };
    }
    if (writes) return writes.length === 1 ? { state: 'set', property: writes[0].node, value: writes[0].value } : { state: 'unknown' };
    return lookup(held.value, name, creation, depth + 1);
  }
  if (isObjectAssign(node)) {
    const args = node.getArguments();
    for (let i = args.length - 1; i >= 0; i--) {
      const inner = lookup(args[i], name, creation, depth + 1);
      if (inner.state !== 'unset') return inner;
    }
    return { state: 'unset' };
  }
  const returned = returnedExpression(node);
  if (returned) return lookup(returned, name, creation, depth + 1);
  return { state: 'unknown' };
}

/** Whether an argument is an options object the analysis can read (every property name known). */
function readableOptions(arg: Node): boolean {
  const node = unwrap(arg);
  if (Node.isObjectLiteralExpression(node) || isObjectAssign(node)) return true;
  if (Node.isIdentifier(node)) {
    const held = readableValue(node);
    return held !== undefined && readableOptions(held.value);
  }
  const returned = returnedExpression(node);
  return returned !== undefined && Node.isObjectLiteralExpression(unwrap(returned));
}

/** What one creation argument is: options, something else (URL, listener, port), or unreadable options. */
function argumentRole(arg: Node): 'options' | 'other' | 'opaque' {
  if (Node.isObjectLiteralExpression(arg)) return 'options';
  if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) return 'other';
  if (Node.isStringLiteral(arg) || Node.isTemplateExpression(arg) || Node.isNoSubstitutionTemplateLiteral(arg) || Node.isNumericLiteral(arg)) return 'other';
  if (Node.isNewExpression(arg) && arg.getExpression().getText() === 'URL') return 'other';
  if (readableOptions(arg)) return 'options';
  try {
    const type = arg.getType();
    const scalar = (t: typeof type): boolean =>
      t.isString() || t.isStringLiteral() || t.isNumber() || t.isNumberLiteral() || t.isTemplateLiteral() || t.isUndefined();
    if (scalar(type) || (type.isUnion() && type.getUnionTypes().every(scalar))) return 'other';
    if (type.getCallSignatures().length > 0) return 'other';
    if (type.getSymbol()?.getName() === 'URL') return 'other';
    if (type.isAny() || type.isUnknown()) {
      const name = nameOf(arg);
      if (name && (URL_NAMES.test(name) || HANDLER_NAMES.test(name) || PLACE_NAMES.test(name))) return 'other';
      // `const server = express(); http.createServer(server)`: an application, whatever its name.
      if (isApplication(arg)) return 'other';
    }
  } catch {
    // No type: fall through to "cannot see".
  }
  return 'opaque';
}

const POSITIONAL_FACTORIES = new Set(['net.connect', 'net.createConnection']);
const HTTP_SERVER_FACTORIES = /^(https?|http2)\.(createServer|createSecureServer|Server)$/;

function mayBeListener(arg: Node): boolean {
  if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg) || resolveFunction(arg)) return true;
  if (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg) || Node.isTemplateExpression(arg)) return false;
  try {
    const type = arg.getType();
    if (type.isAny() || type.isUnknown()) {
      const name = nameOf(arg);
      return name === undefined || !/(host|addr|address)$/i.test(name);
    }
    return type.getCallSignatures().length > 0;
  } catch {
    return true;
  }
}

/**
 * The options a value was created with. An accepted socket gets its server's (`allowHalfOpen`);
 * a framework's server, the framework's options argument (listen's arguments are never server options).
 */
export function creationOptions(value: TrackedValue): CreationOptions {
  const result: CreationOptions = { sources: [], opaque: false };
  const node = value.origin === 'accepted' ? value.server?.node : value.node;
  if (!node || (!Node.isCallExpression(node) && !Node.isNewExpression(node))) {
    if (value.origin === 'accepted') result.opaque = true;
    return result;
  }
  const server = value.origin === 'accepted' ? value.server! : value;
  const frameworkArgument = frameworkOptionsArgument(server.factory);
  const args = node.getArguments() ?? [];
  let considered = frameworkArgument === undefined ? args : frameworkArgument === null ? [] : args.slice(frameworkArgument, frameworkArgument + 1);
  // `net.connect(port, host[, listener])`: a second argument that is no listener makes the call
  // positional (the options form is `connect(options[, listener])`), whatever the arguments are named.
  if (POSITIONAL_FACTORIES.has(server.factory) && args.length >= 2 && !mayBeListener(args[1])) considered = [];
  // `createServer([options][, listener])`: of two arguments, the second is the listener, whatever it is named.
  if (HTTP_SERVER_FACTORIES.test(server.factory) && args.length >= 2) considered = considered.filter((a) => a === args[0]);
  for (const arg of considered) {
    const role = argumentRole(arg);
    if (role === 'opaque') result.opaque = true;
    if (role !== 'options') continue;
    result.sources.push(arg);
    if (Node.isObjectLiteralExpression(arg)) result.inline ??= arg;
  }
  return result;
}

export type OptionLookup = { state: 'set'; property: Node; value: Node } | { state: 'unset' } | { state: 'unknown' };

/** One named property of the creation options. */
export function optionOf(options: CreationOptions, name: string): OptionLookup {
  for (const source of options.sources) {
    const creation = source.getParent();
    const found = lookup(source, name, creation, 0);
    if (found.state !== 'unset') return found;
  }
  return options.opaque ? { state: 'unknown' } : { state: 'unset' };
}

/** A place where the code gives a setting of a value its value. */
export interface SettingWrite {
  via: 'option' | 'assignment' | 'call';
  /** The property assignment, the `x.p = v` expression or the `x.setTimeout(v)` call. */
  node: Node;
  /** The expression that gives the value. */
  value: Node | undefined;
}

export type SettingState = { state: 'unset' } | { state: 'unknown'; writes: SettingWrite[] } | { state: 'number'; value: number; writes: SettingWrite[] };

/** Methods that set a property: `server.setTimeout(ms)` sets `timeout`. */
const SETTER_METHODS: Record<string, string> = { setTimeout: 'timeout' };

/**
 * Everything the file does to set `property` of a tracked value: its creation option, assignments
 * (`server.keepAliveTimeout = 65000`) and setter calls (`server.setTimeout(0)`).
 */
export function settingWrites(value: TrackedValue, property: string, options = creationOptions(value)): { writes: SettingWrite[]; unknown: boolean } {
  const writes: SettingWrite[] = [];
  const option = optionOf(options, property);
  if (option.state === 'set') writes.push({ via: 'option', node: option.property, value: option.value });
  for (const a of value.uses.assignments) if (a.property === property) writes.push({ via: 'assignment', node: a.node, value: a.value as Expression });
  for (const call of value.uses.calls) {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee) && SETTER_METHODS[callee.getName()] === property) {
      writes.push({ via: 'call', node: call, value: (call as CallExpression).getArguments()[0] });
    }
  }
  // A framework that writes the setting itself (fastify's keepAliveTimeout) chose its own value.
  const framework = value.origin === 'created' && frameworkSettings(value.factory)?.[property] !== undefined;
  return { writes, unknown: option.state === 'unknown' || framework };
}

/**
 * The value a setting ends up with, as far as the file shows: unset (the default applies), one
 * known number, or unknown (not a constant, options the analysis cannot read, writes that disagree).
 */
export function settingState(value: TrackedValue, property: string, options = creationOptions(value)): SettingState {
  const { writes, unknown } = settingWrites(value, property, options);
  if (writes.length === 0) return unknown ? { state: 'unknown', writes } : { state: 'unset' };
  // Writes after creation override options the analysis could not read.
  const numbers = writes.map((w) => numericValue(w.value));
  const first = numbers[0];
  if (first === undefined || numbers.some((n) => n !== first)) return { state: 'unknown', writes };
  return { state: 'number', value: first, writes };
}
