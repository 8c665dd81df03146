#!/usr/bin/env node
// `npm run bench`, ESLint part: ESLint with eslint-plugin-socklint on the benchmark's files (the
// original corpus packages of bench/corpus/package.json's `baseline` and their dependencies)
// against ESLint alone on the same files, in the same run: both with ESLint's own recommended
// rules (@eslint/js), the second with socklint's recommended config added. ESLint 9, its CLI, one
// process each. A measurement, not a test. Usage: node scripts/bench-eslint.mjs [folders...]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyClosure } from './bench-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, 'bench', 'corpus');
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
const bundle = path.join(root, 'packages', 'eslint-plugin', 'dist', 'index.js');
// @eslint/js is ESLint's own dependency: resolved from ESLint's folder.
const eslintJs = createRequire(path.join(root, 'node_modules', 'eslint', 'package.json')).resolve('@eslint/js');

const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'package.json'), 'utf8'));
const folders = process.argv.slice(2).length
  ? process.argv.slice(2)
  : dependencyClosure(corpus, manifest.baseline.packages).map((f) => path.join('bench', 'corpus', f));

/** Folders (relative to root) of the packages whose .js files are ES modules ("type": "module"). */
function moduleFolders() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name === 'package.json') {
        try {
          if (JSON.parse(fs.readFileSync(path.join(root, dir, entry.name), 'utf8')).type === 'module') found.push(dir);
        } catch {
          // Not a package manifest ESLint needs to know about.
        }
      }
    }
  };
  for (const f of folders) walk(f);
  return found;
}

function configText(withPlugin) {
  const esm = moduleFolders().map((dir) => ({ files: [`${dir.split(path.sep).join('/')}/**/*.js`], languageOptions: { sourceType: 'module' } }));
  return `import js from ${JSON.stringify(eslintJs)};
${withPlugin ? `import socklint from ${JSON.stringify(bundle)};\n` : ''}export default [
  // The corpus is installed code: ESLint skips node_modules unless told not to.
  { ignores: ['!**/node_modules/'] },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
  ...${JSON.stringify(esm)},
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  js.configs.recommended,
  ${withPlugin ? 'socklint.configs.recommended,' : ''}
  // Installed code: its own eslint-disable comments name rules of plugins not loaded here.
  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
];
`;
}

/** CPU seconds used by this process's finished children (Linux /proc; undefined elsewhere). */
function childrenCpuSeconds() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

function eslint(configFile) {
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [eslintBin, '--config', configFile, '--no-error-on-unmatched-pattern', '--format', 'json', ...folders], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  // Thrown, not exited: the config files are removed on the way out.
  if (res.status !== 0 && res.status !== 1) throw new Error(`eslint exited ${res.status}:\n${res.stderr.slice(0, 4000)}`);
  const results = JSON.parse(res.stdout);
  const socklint = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('socklint/')).length, 0);
  const unparsed = results.filter((r) => r.messages.some((m) => m.fatal)).length;
  return { seconds, cpu: cpuBefore === undefined ? undefined : cpuAfter - cpuBefore, files: results.length, socklint, unparsed };
}

if (!fs.existsSync(path.join(corpus, 'node_modules'))) {
  console.error('bench/corpus is not installed: npm run bench installs it');
  process.exit(1);
}
if (!fs.existsSync(bundle)) spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
// ESLint resolves a config's file patterns from the config file's folder: the two live in the root for the run.
const configs = { alone: path.join(root, `.bench-eslint-alone-${process.pid}.mjs`), plugin: path.join(root, `.bench-eslint-plugin-${process.pid}.mjs`) };
try {
  fs.writeFileSync(configs.alone, configText(false));
  fs.writeFileSync(configs.plugin, configText(true));
  const alone = eslint(configs.alone);
  const plugin = eslint(configs.plugin);
  const s = (x) => `${x.toFixed(2)} s`;
  const cpu = (r) => (r.cpu === undefined ? '' : `, CPU ${s(r.cpu)}`);
  console.log(
    `ESLint ${JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'eslint', 'package.json'), 'utf8')).version} on the same ${alone.files} files (${alone.unparsed} not parsed by espree), @eslint/js recommended rules`,
  );
  console.log(`ESLint alone               ${s(alone.seconds)}${cpu(alone)}`);
  console.log(`ESLint + socklint plugin   ${s(plugin.seconds)}${cpu(plugin)}  (${plugin.socklint} socklint findings)`);
  console.log(
    `ratio with / without       ${(plugin.seconds / alone.seconds).toFixed(2)} wall${plugin.cpu !== undefined ? `, ${(plugin.cpu / alone.cpu).toFixed(2)} CPU` : ''}`,
  );
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
} finally {
  for (const file of Object.values(configs)) fs.rmSync(file, { force: true });
}
