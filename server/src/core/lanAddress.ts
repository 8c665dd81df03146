import * as fs from 'node:fs';
import * as path from 'node:path';
import { SyntaxKind, type SourceFile } from 'ts-morph';
import { descendantsOfKind } from './analysis';
import { moduleMemberOf, requiredModule } from './analysis/modules';

/** Packages that tell a program its own address on the local network. */
const LAN_ADDRESS_PACKAGES = new Set(['internal-ip', 'ip', 'address', 'local-ip', 'my-local-ip', 'network-address']);
/** A module's text that reads the machine's interfaces. */
const READS_INTERFACES = /\bnetworkInterfaces\s*\(/;

/**
 * Whether the file looks up this machine's address on the local network (`internalIp()`,
 * `os.networkInterfaces()`, or a module of its own folder that does: `require('./ip')`). A
 * program that does so hands that address to a device (a Chromecast, an Apple TV, a UPnP
 * renderer) or a peer, which connects to it directly: its servers have no proxy in front.
 */
export function looksUpLanAddress(sourceFile: SourceFile): boolean {
  const dir = path.dirname(sourceFile.getFilePath());
  return descendantsOfKind(sourceFile, SyntaxKind.CallExpression).some((call) => {
    const member = moduleMemberOf(call.getExpression());
    if (member?.module === 'os' && member.member === 'networkInterfaces') return true;
    const loaded = requiredModule(call);
    if (loaded === undefined) return false;
    if (LAN_ADDRESS_PACKAGES.has(loaded)) return true;
    return /^\.\.?\//.test(loaded) && READS_INTERFACES.test(siblingText(dir, loaded));
  });
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
