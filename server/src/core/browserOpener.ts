import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { descendantsOfKind, moduleBindingOf, unwrapCallee } from './analysis';
import { requiredModule } from './analysis/modules';
import { loadSource } from './importText';
import { escapeRegExp } from './escapeRegExp';

/** Packages that open a URL in the user's browser. */
const BROWSER_OPENERS = new Set(['open', 'opn', 'opener', 'better-opn', 'open-browser']);
const LOADS_OPENER = new RegExp(loadSource(`(?:${[...BROWSER_OPENERS].join('|')})`));

/**
 * Whether the file opens the user's browser (`opn(url)`, `require('open')(url)`, `await
 * import('open')`): a program a person runs at this machine and looks at (a dev server, a local
 * documentation browser). Its servers are reached by that browser, not through a proxy.
 */
export function opensBrowser(sourceFile: SourceFile): boolean {
  // Every way below binds an opener by loading it by name in this file: without that text, no call
  // needs its callee's declarations looked up.
  const text = sourceFile.getFullText();
  if (!LOADS_OPENER.test(text) && !LOADS_OPENER_HELPER.test(text)) return false;
  // Each helper module is read once, however many calls name it.
  const helperOpens = new Map<string, boolean>();
  return descendantsOfKind(sourceFile, SyntaxKind.CallExpression).some((call) => {
    const callee = unwrapCallee(call.getExpression());
    if (Node.isIdentifier(callee)) {
      const binding = moduleBindingOf(callee);
      if (binding === undefined) return false;
      // A helper module of the package that opens it (`import openBrowser from './open-browser.js'`,
      // create-react-app's openBrowser copied into a CLI): calling it opens the browser.
      if (binding.module.startsWith('.')) {
        if (!OPENER_HELPER.test(binding.module)) return false;
        const file = path.resolve(path.dirname(sourceFile.getFilePath()), binding.module);
        if (!helperOpens.has(file)) helperOpens.set(file, loadsOpener(file));
        return helperOpens.get(file)!;
      }
      // The module itself or its default export (`import open from 'open'`): both are the opener.
      return (binding.member === undefined || binding.member === 'default') && BROWSER_OPENERS.has(binding.module);
    }
    // A compiled default import: `(0, open_1.default)(url)`, `open_1.default(url)`.
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'default') {
      const object = callee.getExpression();
      const binding = Node.isIdentifier(object) ? moduleBindingOf(object) : undefined;
      return binding !== undefined && binding.member === undefined && BROWSER_OPENERS.has(binding.module);
    }
    if (Node.isCallExpression(callee)) return BROWSER_OPENERS.has(requiredModule(callee) ?? '');
    // `import('open')`: the module is loaded to be called.
    return callee.getKind() === SyntaxKind.ImportKeyword && BROWSER_OPENERS.has(literalArgument(call) ?? '');
  });
}

/** A relative module named for opening a browser (`./open-browser.js`, `./openBrowser`, `../utils/opener`). */
const OPENER_HELPER_SOURCE = `\\.{1,2}/(?:[^'"]*/)?(?:open-?browser|opener|open)(?:\\.[cm]?[jt]s)?`;
const OPENER_HELPER = new RegExp(`^${OPENER_HELPER_SOURCE}$`, 'i');
const LOADS_OPENER_HELPER = new RegExp(loadSource(OPENER_HELPER_SOURCE), 'i');

/** Whether the module at `file` (with or without its extension) loads a browser opener by name. */
function loadsOpener(file: string): boolean {
  for (const candidate of [file, ...['.js', '.cjs', '.mjs', '.ts'].map((ext) => file + ext)]) {
    try {
      return LOADS_OPENER.test(fs.readFileSync(candidate, 'utf8'));
    } catch {
      // not this name
    }
  }
  return false;
}

function literalArgument(call: Node & { getArguments(): Node[] }): string | undefined {
  const [arg] = call.getArguments();
  return arg && Node.isStringLiteral(arg) ? arg.getLiteralValue() : undefined;
}

/** At most this many files of the folder are read: a folder of hundreds is not a CLI's own. */
const MAX_SIBLINGS = 60;
const SOURCE = /\.[cm]?[jt]s$/;

/**
 * Whether a module of the same folder loads this file and opens the browser (`honkit serve`:
 * serve.js requires `./server` and opens `http://localhost:<port>`): the server is a local preview
 * a person looks at. Read from the files' text; asked only of a file about to be reported.
 */
export function startedByBrowserOpener(sourceFile: SourceFile): boolean {
  const file = sourceFile.getFilePath();
  const dir = path.dirname(file);
  const stem = path.basename(file).replace(SOURCE, '');
  const loadsThis = new RegExp(loadSource(`\\./${escapeRegExp(stem)}(?:\\.[cm]?[jt]s)?`));
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => SOURCE.test(name) && path.join(dir, name) !== file);
  } catch {
    return false;
  }
  if (names.length > MAX_SIBLINGS) return false;
  return names.some((name) => {
    try {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return loadsThis.test(text) && LOADS_OPENER.test(text);
    } catch {
      return false;
    }
  });
}
