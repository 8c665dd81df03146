import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts, type SourceFile } from 'ts-morph';
import { matchesIgnore } from './glob';
import { loadSource, loadsModule } from './importText';

/**
 * Where a file runs. A test's own server has no proxy in front of it and lives for one run, so
 * rules about production servers (`meta.inTests: 'skip'`) say nothing there; a type-assertion
 * file (`*.test-d.ts` of tsd, `*.tst.ts` of TSTyche, or one importing either) is only
 * type-checked, never run, so no rule says anything there. Nor in a test that replaces Node's
 * network (mitm, nock, their own tests, stubs of `net.connect`/`http.request`): its connections are simulated, so
 * none of them can reset, stall or leak. Nor in a package's build for another platform.
 */
export type FileRole = 'production' | 'test' | 'typeAssertions' | 'simulatedNetwork' | 'otherPlatform';

/**
 * A package's build for browsers or React Native (`dist/browser/`, `dist/react-native/`, as
 * Azure's SDK ships beside `dist/commonjs/`): Node loads the other builds, never this one.
 */
const OTHER_PLATFORM_BUILD = /(?:^|\/)(?:dist|build|esm|cjs)\/(?:browser|react-native)\//;

export { DEFAULT_TEST_GLOBS } from './testGlobs';

const TYPE_ASSERTIONS = /\.(?:test-d|tst)\.[cm]?tsx?$/;
/** Libraries whose assertions only the type checker evaluates: a file importing them is never run. */
const TYPE_ASSERTION_IMPORT = /(?:\bfrom\s*|\bimport\s+)['"](tsd|tstyche|tsd-lite)['"]/;

/** Test runners a file imports: mocha, jest, vitest, tap, ava, node:test. */
const RUNNER_IMPORT = loadsModule(String.raw`(?:mocha|jest|@jest\/globals|vitest|tap|ava|node:test|uvu)`);
const RUNNER_CALLS = new Set(['describe', 'it', 'test', 'suite']);

/**
 * A test that makes no real connection: it loads mitm or nock, stubs a connecting function of
 * net/tls/http(s) (`sinon.stub(net, 'createConnection')`, `jest.spyOn(http, 'request')`), or
 * assigns one (`net.connect = fake`).
 */
const SIMULATED_NETWORK = new RegExp(
  [
    loadSource('(?:mitm|nock)'),
    String.raw`\b(?:stub|spyOn|replace)\s*\(\s*(?:net|tls|https?)\s*,\s*['"](?:connect|createConnection|request|get)['"]`,
    String.raw`\b(?:net|tls)\s*\.\s*(?:connect|createConnection)\s*=[^=]`,
  ].join('|'),
);

/**
 * Network simulators whose own tests load them by a relative path (nock's `require('../.')`):
 * such a test replaces the network as much as one that imports them by name.
 */
const SIMULATOR_PACKAGES = new Set(['nock', 'mitm']);
const RELATIVE_LOAD = loadsModule(String.raw`\.\.?(?:\/[^'"]*)?`);

/** A package.json folder's manifest, read once per folder (undefined when unreadable). */
function manifestOf(root: string): Record<string, unknown> | undefined {
  if (!manifestsByRoot.has(root)) {
    let manifest: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) manifest = parsed as Record<string, unknown>;
    } catch {
      // An unreadable manifest says nothing.
    }
    manifestsByRoot.set(root, manifest);
  }
  return manifestsByRoot.get(root);
}

const manifestsByRoot = new Map<string, Record<string, unknown> | undefined>();

/** The name of the package a file belongs to (its nearest package.json's). */
function packageNameOf(filePath: string): string | undefined {
  const root = packageRoots(path.dirname(filePath))[0];
  const name = root === undefined ? undefined : manifestOf(root)?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The home-automation hub a file's package plugs into, as its package.json says: Homebridge
 * (keyword `homebridge-plugin`), ioBroker (an `iobroker.*` adapter), Node-RED (a `node-red`
 * section), Signal K (keyword `signalk-node-server-plugin`). Such a plugin runs inside the hub
 * on a home or boat network, where devices and the hub's UI reach its servers directly.
 */
export function homeHubOf(filePath: string): string | undefined {
  const root = packageRoots(path.dirname(filePath))[0];
  const manifest = root === undefined ? undefined : manifestOf(root);
  if (!manifest) return undefined;
  const keywords = Array.isArray(manifest.keywords) ? manifest.keywords.filter((k): k is string => typeof k === 'string') : [];
  if (keywords.includes('homebridge-plugin')) return 'Homebridge';
  if (typeof manifest.name === 'string' && /^iobroker\./i.test(manifest.name)) return 'ioBroker';
  if (manifest['node-red'] && typeof manifest['node-red'] === 'object') return 'Node-RED';
  if (keywords.includes('signalk-node-server-plugin')) return 'Signal K';
  return undefined;
}

/** Whether a file's package installs commands (`bin` in its package.json): a tool a person runs. */
export function isCommandPackage(filePath: string): boolean {
  const bin = packageOf(filePath)?.manifest.bin;
  return typeof bin === 'string' ? bin.length > 0 : bin !== null && typeof bin === 'object' && Object.keys(bin).length > 0;
}

/** Keywords a package gives itself when it is a tool for development or tests. */
const LOCAL_TOOL_KEYWORDS = new Set([
  'mock',
  'mocking',
  'mock-server',
  'mockserver',
  'testing',
  'devtool',
  'devtools',
  'dev-server',
  'devserver',
  'development',
]);
/** The same said in a package's description: "SMTP server for testing", "a development tool", "on your local machine". */
const LOCAL_TOOL_DESCRIPTION =
  /\bmock(?:ing)?\b|\bfor testing\b|\btesting (?:tool|server)\b|\bdevelopment (?:tool|server)\b|\bdev[- ]server\b|\bon (?:your|the) (?:own )?local (?:machine|computer)\b/i;

/**
 * A package named for a development server (`webpack-dev-server`, `@web/dev-server`, `es-dev-server`),
 * or its type definitions (`@types/webpack-dev-server`).
 */
const DEV_SERVER_NAME = /(?:^|[/_-])dev-?server$/i;

/**
 * Whether a file's package says it is a tool for development or tests (its name: `webpack-dev-server`;
 * its keywords: `mock`, `testing`, `dev-server`, …; or its description: "SMTP server for testing", "a development
 * tool to serve front-end projects"): its servers stand in for a service on a developer's
 * machine or in a test run, reached directly, not through a proxy. The description it matched is returned.
 */
export function localToolOf(filePath: string): string | undefined {
  const root = packageRoots(path.dirname(filePath))[0];
  const manifest = root === undefined ? undefined : manifestOf(root);
  if (!manifest) return undefined;
  const name = typeof manifest.name === 'string' ? manifest.name : '';
  if (DEV_SERVER_NAME.test(name)) return `name "${name}"`;
  const keywords = Array.isArray(manifest.keywords) ? manifest.keywords.filter((k): k is string => typeof k === 'string') : [];
  const keyword = keywords.find((k) => LOCAL_TOOL_KEYWORDS.has(k.toLowerCase()));
  if (keyword) return `keyword "${keyword}"`;
  const description = typeof manifest.description === 'string' ? manifest.description : '';
  return LOCAL_TOOL_DESCRIPTION.test(description) ? `description "${description}"` : undefined;
}

/**
 * `mock` (or `mocks`, `mocker`, `mocking`) as a word of a name: `fritz_mockserver.js`,
 * `mockServer.ts`, `oauth2-mock-server`, `mocker-api` — not `hammock` or `mockingbird`.
 */
const MOCK_WORD = /(?:^|[^a-z])mock(?:s|er|ing)?(?:[^a-z]|server|$)/i;

/**
 * A mock: a file named for one, or any file of a package named for one. Its servers stand in for
 * another service during development and tests; nobody puts a proxy in front of them.
 */
export function isMock(filePath: string): boolean {
  if (MOCK_WORD.test(path.basename(filePath).replace(/\.[^.]*$/, ''))) return true;
  const name = packageNameOf(filePath);
  return name !== undefined && MOCK_WORD.test(name);
}

/** A test of nock or mitm itself that loads the package's own code. */
function simulatorsOwnTest(filePath: string, text: string): boolean {
  const name = packageNameOf(filePath);
  return name !== undefined && SIMULATOR_PACKAGES.has(name) && RELATIVE_LOAD.test(text);
}

/**
 * The folders of the package.json files at or above `dir`, nearest first, without leaving an
 * installed package: a fixture with its own package.json (`test/fixtures/app/`) is still under `test/`.
 */
function packageRoots(dir: string): string[] {
  let roots = rootsByDir.get(dir);
  if (!roots) {
    roots = [];
    for (let current = dir; ; current = path.dirname(current)) {
      if (fs.existsSync(path.join(current, 'package.json'))) roots.push(current);
      if (path.basename(path.dirname(current)) === 'node_modules' || path.dirname(current) === current) break;
    }
    rootsByDir.set(dir, roots);
  }
  return roots;
}

/** The folder and manifest of the package a file belongs to (its nearest package.json), or undefined. */
export function packageOf(filePath: string): { root: string; manifest: Record<string, unknown> } | undefined {
  const root = packageRoots(path.dirname(filePath))[0];
  const manifest = root === undefined ? undefined : manifestOf(root);
  return root !== undefined && manifest ? { root, manifest } : undefined;
}

/**
 * Whether a relative path names a file of the package a file belongs to (`'package.json'` in a
 * benchmark of the package's root): scripts of a package run from its folder.
 */
export function isPackageFile(filePath: string, relative: string): boolean {
  const root = packageRoots(path.dirname(filePath))[0];
  return root !== undefined && !path.isAbsolute(relative) && fs.existsSync(path.join(root, relative));
}

/** Package roots by folder: a run checks many files per folder (and a corpus, thousands of folders). */
const rootsByDir = new Map<string, string[]>();

/** Forgets the package roots read so far (the server calls this when a package.json changes). */
export function clearTestFileCache(): void {
  rootsByDir.clear();
  manifestsByRoot.clear();
}

/**
 * Whether a file runs under a test runner: it loads one (mocha, jest, vitest, tap, ava,
 * `node:test`) or calls `describe`/`it`/`test`/`suite` at its top level. Runners start in the
 * package's folder, so a relative path there names a file of the package.
 */
export function runsUnderTestRunner(sourceFile: SourceFile): boolean {
  return RUNNER_IMPORT.test(sourceFile.getFullText()) || callsRunnerAtTopLevel(sourceFile);
}

function callsRunnerAtTopLevel(sourceFile: SourceFile): boolean {
  return sourceFile.compilerNode.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return false;
    let callee: ts.Expression = statement.expression.expression;
    if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
    return ts.isIdentifier(callee) && RUNNER_CALLS.has(callee.text);
  });
}

export interface TestFileSettings {
  /** Globs relative to `base`, or false: no file is a test (type-assertion files still never run). */
  tests: readonly string[] | false;
  /** The folder the globs are relative to: the config file's folder; else each enclosing package.json's. */
  base?: string;
}

export function fileRole(sourceFile: SourceFile, settings: TestFileSettings): FileRole {
  const filePath = sourceFile.getFilePath();
  if (TYPE_ASSERTIONS.test(filePath)) return 'typeAssertions';
  if (OTHER_PLATFORM_BUILD.test(filePath.split(path.sep).join('/'))) return 'otherPlatform';
  if (/\.[cm]?tsx?$/.test(filePath) && TYPE_ASSERTION_IMPORT.test(sourceFile.getFullText())) return 'typeAssertions';
  if (settings.tests === false) return 'production';
  // Without a project folder only the file's own name is matched (`*.test.js`), never folders above it.
  const bases = settings.base ? [settings.base] : packageRoots(path.dirname(filePath));
  const relatives = bases.length > 0 ? bases.map((base) => path.relative(base, filePath)) : [path.basename(filePath)];
  const globs = settings.tests;
  const text = sourceFile.getFullText();
  const test =
    relatives.some((relative) => !relative.startsWith('..') && globs.some((glob) => matchesIgnore(relative, glob))) ||
    RUNNER_IMPORT.test(text) ||
    (/\b(describe|it|test|suite)(\.\w+)?\s*\(/.test(text) && callsRunnerAtTopLevel(sourceFile)) ||
    isMock(filePath);
  if (!test) return 'production';
  return SIMULATED_NETWORK.test(text) || simulatorsOwnTest(filePath, text) ? 'simulatedNetwork' : 'test';
}
