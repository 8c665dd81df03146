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
    return holder !== undefined && servedAt(sourceFile, holder, 1);
  });
}

/** Whether a name holding the address is used as one, also through a variable copied from it (`const ip = IP_LOCAL`). */
function servedAt(sourceFile: SourceFile, name: string, aliases: number): boolean {
  return identifiersNamed(sourceFile, name).some((id) => {
    if (usedAsAddress(id)) return true;
    const copy = id.getParent();
    return (
      aliases > 0 && copy !== undefined && Node.isVariableDeclaration(copy) && copy.getInitializer() === id && servedAt(sourceFile, copy.getName(), aliases - 1)
    );
  });
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
