import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { descendantsOfKind, enclosingFunction, functionName, identifiersNamed } from './analysis';
import { moduleMemberOf, requiredModule } from './analysis/modules';
import { declarationsOf } from './analysis/symbols';

/** Packages that tell a program its own address on the local network. */
const LAN_ADDRESS_PACKAGES = new Set(['internal-ip', 'ip', 'address', 'local-ip', 'my-local-ip', 'network-address']);
/** A module's text that reads the machine's interfaces. */
const READS_INTERFACES = /\bnetworkInterfaces\s*\(/;

/**
 * Whether the file looks up this machine's address on the local network (`internalIp()`,
 * `os.networkInterfaces()`, or a module of its own folder that does: `require('./ip')`) and
 * serves or announces at it: the address is written into a URL (`'http://' + ip + ':' + port`)
 * or given to `listen()`. Such a program hands that address to a device or peer (a Chromecast,
 * an Apple TV, a UPnP renderer), which connects to it directly: its servers have no proxy in
 * front. Reporting the interfaces (a status page's JSON) is not such a lookup.
 */
export function servesAtLanAddress(sourceFile: SourceFile): boolean {
  const dir = path.dirname(sourceFile.getFilePath());
  return descendantsOfKind(sourceFile, SyntaxKind.CallExpression).some((call) => {
    if (!looksUpAddress(call, dir)) return false;
    const holder = holderName(call);
    return holder !== undefined && servedAt(sourceFile, holder, 3);
  });
}

/** Array methods whose callback's first parameter is an element (`interfaces.forEach((iface) => …)`). */
const ELEMENT_CALLBACKS = new Set(['forEach', 'filter', 'find', 'map', 'some', 'every']);

/**
 * Whether a name holding the address is used as one, also through what is taken from it: a copy
 * (`const ip = IP_LOCAL`), an entry (`const list = interfaces[name]`), an element
 * (`list.forEach((iface) => …)`, `for (const iface of list)`), whose `.address` is then used.
 */
function servedAt(sourceFile: SourceFile, name: string, steps: number): boolean {
  return identifiersNamed(sourceFile, name).some((id) => {
    if (usedAsAddress(id)) return true;
    if (steps === 0) return false;
    const derived = derivedName(id);
    return derived !== undefined && derived !== name && servedAt(sourceFile, derived, steps - 1);
  });
}

/** The name a use of the holder passes its value (or an entry or element of it) on to. */
function derivedName(id: Node): string | undefined {
  let top: Node = id;
  const parent = id.getParent();
  if (parent && Node.isElementAccessExpression(parent) && parent.getExpression() === id) top = parent;
  const holder = top.getParent();
  if (holder && Node.isVariableDeclaration(holder) && holder.getInitializer() === top && Node.isIdentifier(holder.getNameNode())) return holder.getName();
  if (holder && Node.isForOfStatement(holder) && holder.getExpression() === top) {
    const declared = holder.getInitializer();
    const first = Node.isVariableDeclarationList(declared) ? declared.getDeclarations()[0]?.getNameNode() : undefined;
    return first && Node.isIdentifier(first) ? first.getText() : undefined;
  }
  if (holder && Node.isPropertyAccessExpression(holder) && holder.getExpression() === top && ELEMENT_CALLBACKS.has(holder.getName())) {
    const call = holder.getParent();
    const callback = call && Node.isCallExpression(call) && call.getExpression() === holder ? call.getArguments()[0] : undefined;
    const element =
      callback && (Node.isArrowFunction(callback) || Node.isFunctionExpression(callback)) ? callback.getParameters()[0]?.getNameNode() : undefined;
    return element && Node.isIdentifier(element) ? element.getText() : undefined;
  }
  return undefined;
}

function looksUpAddress(call: Node, dir: string): boolean {
  if (!Node.isCallExpression(call)) return false;
  const member = moduleMemberOf(call.getExpression());
  if (member?.module === 'os' && member.member === 'networkInterfaces') return true;
  const callee = call.getExpression();
  // `internalIp()`, `ip.address()`: a call of a binding of one of those packages.
  const root = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : callee;
  if (Node.isIdentifier(root) && LAN_ADDRESS_PACKAGES.has(bindingModule(root) ?? '')) return true;
  const loaded = requiredModule(call);
  return loaded !== undefined && /^\.\.?\//.test(loaded) && READS_INTERFACES.test(siblingText(dir, loaded));
}

/** The module a `const x = require('m')` binding loads, if any. */
function bindingModule(id: Node): string | undefined {
  const decl = declarationsOf(id)[0];
  return decl && Node.isVariableDeclaration(decl) ? requiredModule(decl.getInitializer()) : undefined;
}

/** The variable the looked-up address is kept in, or the function that returns it. */
function holderName(call: Node): string | undefined {
  const declaration = call.getFirstAncestor(
    (a) => Node.isVariableDeclaration(a) || Node.isFunctionDeclaration(a) || Node.isFunctionExpression(a) || Node.isArrowFunction(a),
  );
  if (declaration && Node.isVariableDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) return declaration.getName();
  const fn = enclosingFunction(call);
  return fn ? functionName(fn) : undefined;
}

/** A use that serves or announces at the address: part of a URL being built, or given to `listen()`. */
function usedAsAddress(id: Node): boolean {
  let top: Node = id;
  for (let parent = top.getParent(); parent; parent = top.getParent()) {
    if (Node.isCallExpression(parent) && parent.getExpression() === top) top = parent;
    else if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.PlusToken) top = parent;
    else if (Node.isTemplateSpan(parent) || Node.isTemplateExpression(parent) || Node.isParenthesizedExpression(parent)) top = parent;
    // An interface entry's address: `${iface.address}`.
    else if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === top && parent.getName() === 'address') top = parent;
    else break;
  }
  if (top !== id && /:\/\//.test(top.getText())) return true;
  const call = top.getParent();
  if (!call || !Node.isCallExpression(call) || !call.getArguments().includes(top as never)) return false;
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'listen';
}

/** The text of a relative module (`./ip` as `ip.js` or `ip/index.js`), or '' when there is none. */
function siblingText(dir: string, specifier: string): string {
  const base = path.resolve(dir, specifier);
  for (const file of [base, `${base}.js`, `${base}.cjs`, `${base}.ts`, path.join(base, 'index.js')]) {
    try {
      if (fs.statSync(file).isFile()) return fs.readFileSync(file, 'utf8');
    } catch {
      // Not this one.
    }
  }
  return '';
}
