import { Node, type CallExpression, type Expression, type ObjectLiteralExpression } from 'ts-morph';
import { numericValue } from './numbers';
import type { TrackedValue } from './values';
import { identifiersNamed } from './descendants';

/** The options object(s) a value was created with, as far as the analysis can read them. */
export interface CreationOptions {
  /** Object literals the options come from: inline, or a same-file `const` bound to one. */
  objects: ObjectLiteralExpression[];
  /** The literal written in the creating call itself: the one fixes may edit. */
  inline?: ObjectLiteralExpression;
  /** Some options come from where the analysis cannot see (a parameter, an import, a call). */
  opaque: boolean;
}

/** Argument names that denote a URL or a request listener when the type checker cannot tell. */
const URL_NAMES = /^(url|uri|href|link|endpoint|target|address|\w*(Url|Uri|URL|Href|Endpoint))$/;
const HANDLER_NAMES = /^(app|application|handler|handle|listener|requestListener|router|callback|cb|onRequest|\w*(Handler|Listener|App|Router))$/;

function nameOf(arg: Node): string | undefined {
  if (Node.isIdentifier(arg)) return arg.getText();
  if (Node.isPropertyAccessExpression(arg)) return arg.getName();
  return undefined;
}

/** A same-file `const x = { … }` an identifier is bound to. */
function constObjectLiteral(arg: Node): ObjectLiteralExpression | undefined {
  if (!Node.isIdentifier(arg)) return undefined;
  let decls: Node[];
  try {
    decls = arg.getSymbol()?.getDeclarations() ?? [];
  } catch {
    return undefined;
  }
  const decl = decls.length === 1 ? decls[0] : undefined;
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getSourceFile() !== arg.getSourceFile()) return undefined;
  const list = decl.getParent();
  if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== 'const') return undefined;
  let init: Node | undefined = decl.getInitializer();
  while (init && (Node.isAsExpression(init) || Node.isSatisfiesExpression(init) || Node.isParenthesizedExpression(init))) init = init.getExpression();
  if (!init || !Node.isObjectLiteralExpression(init)) return undefined;
  return mayChange(decl.getNameNode(), arg) ? undefined : init;
}

/**
 * Whether the object a `const` names may get properties elsewhere: `opts.timeout = 5000`, or it
 * is handed to a call other than the creation that reads it (`Object.assign(opts, extra)`).
 */
function mayChange(name: Node, use: Node): boolean {
  const symbol = name.getSymbol();
  const creation = use.getParent();
  for (const id of identifiersNamed(name, name.getText())) {
    if (id === name || id === use || id.getSymbol() !== symbol) continue;
    const parent = id.getParent();
    if (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) {
      const outer = parent.getParent();
      if (outer && Node.isBinaryExpression(outer) && outer.getLeft() === parent) return true;
      if (outer && Node.isDeleteExpression(outer)) return true;
      continue;
    }
    if (Node.isCallExpression(parent) && parent !== creation && parent.getArguments().includes(id)) return true;
  }
  return false;
}

/** What one creation argument is: options, something else (URL, listener, port), or unreadable options. */
function argumentRole(arg: Node): 'options' | 'other' | 'opaque' {
  if (Node.isObjectLiteralExpression(arg)) return 'options';
  if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) return 'other';
  if (Node.isStringLiteral(arg) || Node.isTemplateExpression(arg) || Node.isNoSubstitutionTemplateLiteral(arg) || Node.isNumericLiteral(arg)) return 'other';
  if (Node.isNewExpression(arg) && arg.getExpression().getText() === 'URL') return 'other';
  if (constObjectLiteral(arg)) return 'options';
  try {
    const type = arg.getType();
    if (type.isString() || type.isStringLiteral() || type.isNumber() || type.isNumberLiteral() || type.isTemplateLiteral()) return 'other';
    if (type.getCallSignatures().length > 0) return 'other';
    if (type.getSymbol()?.getName() === 'URL') return 'other';
    if (type.isAny() || type.isUnknown()) {
      const name = nameOf(arg);
      if (name && (URL_NAMES.test(name) || HANDLER_NAMES.test(name))) return 'other';
    }
  } catch {
    // No type: fall through to "cannot see".
  }
  return 'opaque';
}

export function creationOptions(value: TrackedValue): CreationOptions {
  const result: CreationOptions = { objects: [], opaque: false };
  const node = value.node;
  if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) return result;
  for (const arg of node.getArguments()) {
    const role = argumentRole(arg);
    if (role === 'opaque') result.opaque = true;
    if (role !== 'options') continue;
    if (Node.isObjectLiteralExpression(arg)) {
      result.objects.push(arg);
      result.inline ??= arg;
    } else {
      result.objects.push(constObjectLiteral(arg)!);
    }
  }
  return result;
}

export type OptionLookup =
  | { state: 'set'; property: Node; value: Node }
  | { state: 'unset' }
  | { state: 'unknown' };

/** One named property of the creation options. */
export function optionOf(options: CreationOptions, name: string): OptionLookup {
  for (const object of options.objects) {
    const property = object.getProperty(name);
    if (property && Node.isPropertyAssignment(property)) return { state: 'set', property, value: property.getInitializerOrThrow() };
    if (property && Node.isShorthandPropertyAssignment(property)) return { state: 'set', property, value: property.getNameNode() };
    if (property) return { state: 'unknown' };
  }
  const unreadable = options.objects.some((o) => o.getProperties().some((p) => Node.isSpreadAssignment(p) || (Node.isPropertyAssignment(p) && Node.isComputedPropertyName(p.getNameNode()))));
  return options.opaque || unreadable ? { state: 'unknown' } : { state: 'unset' };
}

/** A place where the code gives a setting of a value its value. */
export interface SettingWrite {
  via: 'option' | 'assignment' | 'call';
  /** The property assignment, the `x.p = v` expression or the `x.setTimeout(v)` call. */
  node: Node;
  /** The expression that gives the value. */
  value: Node | undefined;
}

export type SettingState =
  | { state: 'unset' }
  | { state: 'unknown'; writes: SettingWrite[] }
  | { state: 'number'; value: number; writes: SettingWrite[] };

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
  return { writes, unknown: option.state === 'unknown' };
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
