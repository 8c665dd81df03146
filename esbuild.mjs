// Builds the bundles: the CLI and the language server (node), the VS Code client (node, vscode
// external), the inspector panel's script (browser); and copies the type declarations the
// analyzer ships with.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { require as tsRequire } from 'tsx/cjs/api';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Entry points that exist (the tree grows; a missing entry is skipped, not an error). */
function existing(entries) {
  return entries.filter((e) => fs.existsSync(path.join(root, e.in)));
}

// The CLI is a small dispatcher (dist/cli.js) and one bundle per command, loaded when it runs:
// `socklint run` in front of every test command must not compile the analyzer's 7 MB first.
const CLI_COMMANDS = ['check', 'inspect', 'lsp', 'run'];
const cliCommandsExternal = {
  name: 'cli-commands-external',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^\\./(${CLI_COMMANDS.join('|')})$`) }, (args) =>
      args.importer.endsWith(path.join('server', 'src', 'cli', 'main.ts')) ? { path: `./cli-${args.path.slice(2)}.js`, external: true } : undefined,
    );
  },
};
// The inspector's in-target agent, bundled to text (agentBundle.ts, the same function tests use
// from source), takes the place of agentText.ts in every bundle that embeds it.
const AGENT_DIR = path.join(root, 'packages', 'inspector', 'src');
let agentBundle;
const agentText = {
  name: 'agent-text',
  setup(build) {
    build.onResolve({ filter: /[/\\]agentText$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === path.join(AGENT_DIR, 'agentText')
        ? { path: path.join(AGENT_DIR, 'agentText.ts'), namespace: 'agent-text' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'agent-text' }, () => {
      // Once per build; again on each rebuild in watch mode (the agent's files are watched).
      if (!agentBundle || watch) agentBundle = tsRequire(path.join(AGENT_DIR, 'agentBundle.ts'), import.meta.url).bundleAgent();
      return { contents: `export const agentText = () => ${JSON.stringify(agentBundle.text)};`, loader: 'js', watchFiles: agentBundle.inputs };
    });
  },
};
// ts-morph makes every SourceFile through createCompilerSourceFile: ask the shared-library registry
// first (server/src/core/sharedSourceFiles.ts; none is installed except in the start-up snapshot).
const SHARED_SOURCE_FILES_ORIGINAL = `function createCompilerSourceFile(filePath, scriptSnapshot, optionsOrScriptTarget, version, setParentNodes, scriptKind) {
    return ts__namespace.createLanguageServiceSourceFile(`;
const sharedSourceFilesPatch = {
  name: 'shared-source-files',
  setup(build) {
    build.onLoad({ filter: /[/\\]@ts-morph[/\\]common[/\\]dist[/\\]ts-morph-common\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes(SHARED_SOURCE_FILES_ORIGINAL))
        throw new Error(`${args.path}: createCompilerSourceFile changed; update the shared-source-files patch`);
      const patched = source.replace(
        SHARED_SOURCE_FILES_ORIGINAL,
        `function createCompilerSourceFile(filePath, scriptSnapshot, optionsOrScriptTarget, version, setParentNodes, scriptKind) {
    const shared = globalThis[Symbol.for("socklint.sharedSourceFiles")];
    const hit = shared && shared.lookup(filePath, scriptSnapshot, optionsOrScriptTarget, version);
    if (hit) return hit;
    const sourceFile = createCompilerSourceFileUnshared(filePath, scriptSnapshot, optionsOrScriptTarget, version, setParentNodes, scriptKind);
    if (shared) shared.record(filePath, sourceFile, version);
    return sourceFile;
}
function createCompilerSourceFileUnshared(filePath, scriptSnapshot, optionsOrScriptTarget, version, setParentNodes, scriptKind) {
    return ts__namespace.createLanguageServiceSourceFile(`,
      );
      return { contents: patched, loader: 'js' };
    });
  },
};
common.plugins = [agentText, sharedSourceFilesPatch];

const nodeEntries = existing([
  { in: 'server/src/server.ts', out: 'server' },
  ...CLI_COMMANDS.map((c) => ({ in: `server/src/cli/${c}.ts`, out: `cli-${c}` })),
  // The worker threads of `socklint check --jobs n`: loaded by cli-check.js, not by the dispatcher.
  { in: 'server/src/cli/worker.ts', out: 'cli-worker' },
  // Run by `node --build-snapshot` to make check's start-up snapshot (server/src/cli/startupSnapshot.ts).
  { in: 'server/src/cli/snapshotBuilder.ts', out: 'snapshot-builder' },
  // Preloaded by `socklint run` (NODE_OPTIONS --require) into every Node process of the command.
  { in: 'server/src/run/preload.ts', out: 'run-preload' },
]);
const clientEntries = existing([{ in: 'client/src/extension.ts', out: 'extension' }]);
const webviewEntries = existing([{ in: 'client/src/inspector/webview/main.ts', out: 'webview' }]);

// eslint-plugin-socklint: its own package folder, the same rules and engine, the extension's version.
const pluginDir = path.join(root, 'packages', 'eslint-plugin');
const pluginEntries = existing([{ in: 'packages/eslint-plugin/src/index.ts', out: 'index' }]);
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

const builds = [];
if (pluginEntries.length) {
  builds.push({
    ...common,
    absWorkingDir: root,
    entryPoints: pluginEntries,
    outdir: path.join(pluginDir, 'dist'),
    external: ['eslint'],
    define: { SOCKLINT_VERSION: JSON.stringify(version) },
  });
}
// `npm pack` in packages/eslint-plugin builds only the plugin (its prepack).
const pluginOnly = process.argv.includes('--eslint-plugin-only');
if (nodeEntries.length && !pluginOnly) {
  builds.push({ ...common, entryPoints: nodeEntries, outdir: dist, banner: { js: '#!/usr/bin/env node' } });
  builds.push({
    ...common,
    entryPoints: [{ in: 'server/src/cli/main.ts', out: 'cli' }],
    outdir: dist,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [cliCommandsExternal, agentText],
  });
}
if (clientEntries.length && !pluginOnly) {
  builds.push({ ...common, entryPoints: clientEntries, outdir: dist, external: ['vscode'] });
}
if (webviewEntries.length && !pluginOnly) {
  builds.push({ ...common, entryPoints: webviewEntries, outdir: dist, platform: 'browser', format: 'iife', target: 'es2022' });
}

/** The analyzer's fallback types: @types/node (+ undici-types it imports) and @types/ws. */
function copyShippedTypes() {
  const target = path.join(dist, 'types', 'node_modules');
  const copy = (from, to) => {
    fs.rmSync(to, { recursive: true, force: true });
    fs.cpSync(from, to, { recursive: true, filter: (src) => !/\.(md|map)$/i.test(src) || src.endsWith('LICENSE') });
  };
  copy(path.join(root, 'node_modules/@types/node'), path.join(target, '@types/node'));
  copy(path.join(root, 'node_modules/@types/ws'), path.join(target, '@types/ws'));
  copy(path.join(root, 'node_modules/undici-types'), path.join(target, 'undici-types'));
  // The plugin's bundle looks for the same copies next to itself (shippedTypeRoot()).
  if (pluginEntries.length) copy(path.join(dist, 'types'), path.join(pluginDir, 'dist', 'types'));
}

/** The inspector panel's stylesheets (uPlot's own and the panel's), loaded by the webview from dist. */
function copyWebviewStyles() {
  if (!webviewEntries.length) return;
  fs.copyFileSync(path.join(root, 'node_modules/uplot/dist/uPlot.min.css'), path.join(dist, 'uPlot.min.css'));
  fs.copyFileSync(path.join(root, 'client/src/inspector/webview/main.css'), path.join(dist, 'webview.css'));
}

fs.mkdirSync(dist, { recursive: true });
copyShippedTypes();
copyWebviewStyles();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  const cli = path.join(dist, 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}
