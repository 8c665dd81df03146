/**
 * The npm package as a user gets it: packed with `npm pack`, installed as a dev dependency into a
 * fresh project, and run there through `npx socklint`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, ROOT, UNHANDLED_SOCKET } from '../cli/cliHarness';

/**
 * What the tarball may hold (besides dist/types/, the declarations the analyzer falls back on, and
 * docs/rules/, the rule pages SARIF output carries as each rule's help).
 * A new entry (the ESLint plugin's) goes here and in .npmignore.
 */
const SHIPPED = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  // The CLI's dispatcher and one bundle per command; the preload `socklint run` puts into NODE_OPTIONS.
  'dist/cli.js',
  'dist/cli-check.js',
  'dist/cli-inspect.js',
  'dist/cli-lsp.js',
  'dist/cli-run.js',
  // The worker threads of check --jobs n.
  'dist/cli-worker.js',
  'dist/run-preload.js',
  // Makes check's start-up snapshot on the user's machine (server/src/cli/startupSnapshot.ts).
  'dist/snapshot-builder.js',
  'dist/server.js',
  'server/schemas/socklint.config.schema.json',
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // npm_config_* from an enclosing `npm test` would change what npm does here (e.g. its prefix).
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the npm package', function () {
  this.timeout(180000);
  let work: string;
  let tarball: string;
  let packed: { files: { path: string }[] };

  before(() => {
    ensureBuilt();
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-pack-')));
    // Scripts are not run: `prepack` would rebuild dist/ (for production) under the other tests' feet.
    const r = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    assert.equal(r.code, 0, r.stderr);
    [packed] = JSON.parse(r.stdout);
    tarball = path.join(work, (packed as unknown as { filename: string }).filename);
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('holds the CLI, the language server, their fallback types, the config schema, the rule pages and the docs, nothing else', () => {
    const files = packed.files.map((f) => f.path);
    const extra = files.filter((f) => !SHIPPED.includes(f) && !f.startsWith('dist/types/node_modules/') && !/^docs\/rules\/[\w-]+\.md$/.test(f));
    assert.deepEqual(extra, []);
    for (const f of SHIPPED) assert.ok(files.includes(f), `${f} is in the package`);
    assert.ok(files.includes('dist/types/node_modules/@types/node/index.d.ts'));
    assert.ok(files.includes('docs/rules/missing-error-listener.md'));
  });

  it('installs as a dev dependency into a fresh project and `npx socklint check` reports there', () => {
    const project = path.join(work, 'app');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2));
    fs.writeFileSync(path.join(project, 'cache.js'), UNHANDLED_SOCKET);
    // --offline: the package brings its bundles and needs nothing from the registry.
    const install = run('npm', ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', tarball], project);
    assert.equal(install.code, 0, install.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
    assert.match(manifest.devDependencies.socklint, /^file:.*socklint-\d+\.\d+\.\d+\.tgz$/);
    assert.deepEqual(
      fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.')),
      ['socklint'],
      'no other package installed',
    );

    const check = run('npx', ['--no', 'socklint', 'check'], project);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /cache\.js\n\s+3:\d+\s+error\s+No 'error' listener.*missing-error-listener/);

    const help = run('npx', ['--no', 'socklint', 'inspect', '--help'], project);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /--pid/);

    // socklint run's preload ships and is found from the installed package.
    fs.writeFileSync(path.join(project, 'left.js'), "const net = require('net');\nnet.createServer().listen(0, () => process.exit(0));\n");
    const leak = run('npx', ['--no', 'socklint', 'run', '--', process.execPath, 'left.js'], project);
    assert.equal(leak.code, 1, leak.stderr);
    assert.match(leak.stderr, /left\.js\n\s+2:\d+\s+error\s+server created here still listening.*server-left-open/);
  });

  it('passes `npm publish --dry-run` without warnings', () => {
    const r = run('npm', ['publish', '--dry-run', '--ignore-scripts'], ROOT);
    assert.equal(r.code, 0, r.stderr);
    // A dry run cannot be logged in to the registry here; that warning says nothing of the package.
    const warnings = r.stderr.split('\n').filter((l) => /^npm (warn|error)/i.test(l) && !/requires you to be logged in/.test(l));
    assert.deepEqual(warnings, []);
    assert.match(r.stderr + r.stdout, /\+ socklint@\d+\.\d+\.\d+/);
  });
});
