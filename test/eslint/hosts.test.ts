// The plugin as users install it (its packed package, installed into a project) in the hosts they
// run: ESLint 9 and ESLint 10 (their own CLIs, the README's flat config files), each without and
// with typescript-eslint's type-aware parser, and oxlint's JS plugins. Each reports what
// `socklint check` reports on the same project and --fix writes the same files.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../packages/eslint-plugin/src/index';
import { OwnProjects } from '../../packages/eslint-plugin/src/sourceFiles';
import { cliFindings, ROOT } from '../parity/frontEnds';

const BUNDLE = path.join(ROOT, 'packages/eslint-plugin/dist/index.js');
const CLI = path.join(ROOT, 'dist/cli.js');
const ESLINT = { 9: path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), 10: path.join(ROOT, 'node_modules/eslint-v10/bin/eslint.js') };
const OXLINT = path.join(ROOT, 'node_modules/oxlint/bin/oxlint');

// Type-dependent findings: the relay's sockets are only parameters typed net.Socket.
const RELAY_TS = `import * as net from 'node:net';

export function relay(client: net.Socket, upstream: net.Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
}

export function ping(port: number): void {
  const socket = net.connect(port, 'example.com');
  socket.write('ping');
}
`;

// The README's configurations.
const PLAIN_CONFIG = `import socklint from 'eslint-plugin-socklint';

export default [socklint.configs.recommended];
`;

const TYPED_CONFIG = `import tseslint from 'typescript-eslint';
import socklint from 'eslint-plugin-socklint';

export default [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  socklint.configs.recommended,
];
`;

/**
 * A small project: a JS server (examples/01), a TS relay, a tsconfig, its own @types/node, the
 * plugin installed from its packed package (built by `npm run build`: packed without scripts), and
 * typescript-eslint (linked from this repository's node_modules: the test installs nothing from the network).
 */
function makeProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-eslint-hosts-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "app", "private": true }\n');
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: path.dirname(path.dirname(BUNDLE)), encoding: 'utf8' }),
  )[0].filename;
  execFileSync('npm', ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, packed)], {
    cwd: dir,
    stdio: 'pipe',
  });
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', noEmit: true, types: ['node'] }, include: ['*.ts'] }),
  );
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules/@types/node'), path.join(dir, 'node_modules/@types/node'));
  fs.symlinkSync(path.join(ROOT, 'node_modules/typescript-eslint'), path.join(dir, 'node_modules/typescript-eslint'));
  fs.copyFileSync(path.join(ROOT, 'examples/01-econnreset/before.js'), path.join(dir, 'server.js'));
  fs.writeFileSync(path.join(dir, 'relay.ts'), RELAY_TS);
  return dir;
}

interface ESLintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string; line: number; column: number; endLine?: number; endColumn?: number; fatal?: boolean }>;
  output?: string;
}

function eslint(version: 9 | 10, dir: string, args: string[]): ESLintResult[] {
  const res = spawnSync(process.execPath, [ESLINT[version], '--format', 'json', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 && res.status !== 1) throw new Error(`eslint ${version} exited ${res.status}: ${res.stderr}`);
  return JSON.parse(res.stdout) as ESLintResult[];
}

function findingsOf(results: ESLintResult[]): Map<string, string[]> {
  return new Map(
    results.map((r) => {
      const fatal = r.messages.find((m) => m.fatal);
      assert.equal(fatal, undefined, `${r.filePath}: ${fatal?.message}`);
      return [
        r.filePath,
        r.messages.map((m) => `${m.ruleId!.replace(/^socklint\//, '')} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message}`).sort(),
      ];
    }),
  );
}

interface Fixed {
  /** The fixed text of each file, by name. */
  texts: Map<string, string>;
  /** What is left to report after fixing, by name. */
  remaining: Map<string, string[]>;
}

/** socklint check --fix on a copy of the project. */
function socklintFixed(dir: string, files: string[]): Fixed {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-eslint-fixed-'));
  try {
    for (const f of [...files, 'tsconfig.json', 'package.json']) fs.copyFileSync(path.join(dir, f), path.join(copy, f));
    fs.mkdirSync(path.join(copy, 'node_modules'));
    fs.symlinkSync(path.join(dir, 'node_modules/@types'), path.join(copy, 'node_modules/@types'));
    const res = spawnSync(process.execPath, [CLI, 'check', '--fix', '--format', 'json', ...files], { cwd: copy, encoding: 'utf8' });
    const results = JSON.parse(res.stdout) as ESLintResult[];
    return {
      texts: new Map(files.map((f) => [f, fs.readFileSync(path.join(copy, f), 'utf8')])),
      remaining: new Map([...findingsOf(results)].map(([file, list]) => [path.basename(file), list])),
    };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * One ESLint run with --fix-dry-run: its fixed texts must be socklint check --fix's, and what it
 * still reports afterwards what socklint still reports.
 */
function assertFixesLikeSocklint(results: ESLintResult[], fixed: Fixed, original: (name: string) => string): void {
  for (const r of results) {
    const name = path.basename(r.filePath);
    assert.equal(r.output ?? original(name), fixed.texts.get(name), `${name}: ESLint's --fix output (actual) vs socklint check --fix (expected)`);
  }
  assert.deepEqual(
    new Map([...findingsOf(results)].map(([file, list]) => [path.basename(file), list])),
    new Map([...fixed.remaining].filter(([name]) => results.some((r) => path.basename(r.filePath) === name))),
  );
}

/** Records the files the plugin analyses in a Project of its own (the real method still runs). */
function watchOwnProjects(): { calls: string[]; restore: () => void } {
  const calls: string[] = [];
  const original = OwnProjects.prototype.sourceFile;
  OwnProjects.prototype.sourceFile = function (this: OwnProjects, filePath: string, text: string, cwd: string) {
    calls.push(filePath);
    return original.call(this, filePath, text, cwd);
  };
  return { calls, restore: () => (OwnProjects.prototype.sourceFile = original) };
}

describe('the packed plugin installed in a project, in ESLint 9, ESLint 10 and oxlint', function () {
  this.timeout(120000);
  let dir: string;
  let cli: Map<string, string[]>;
  let fixed: Fixed;
  const original = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

  before(() => {
    if (!fs.existsSync(BUNDLE) || !fs.existsSync(CLI)) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    dir = makeProject();
    cli = cliFindings([path.join(dir, 'server.js'), path.join(dir, 'relay.ts')], dir);
    fixed = socklintFixed(dir, ['server.js', 'relay.ts']);
    assert.ok(
      (cli.get(path.join(dir, 'relay.ts')) ?? []).some((f) => f.startsWith('incomplete-socket-relay ')),
      'the typed relay is among the findings',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const version of [9, 10] as const) {
    // Plain JavaScript only: ESLint without a TypeScript parser does not lint .ts files.
    it(`ESLint ${version}, plain JavaScript (espree): socklint check's --fix output and remaining findings`, () => {
      fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), PLAIN_CONFIG);
      const results = eslint(version, dir, ['--fix-dry-run', 'server.js']);
      assert.deepEqual(
        results.map((r) => path.basename(r.filePath)),
        ['server.js'],
      );
      assertFixesLikeSocklint(results, fixed, original);
    });

    it(`ESLint ${version} with typescript-eslint (projectService): the same, TypeScript included`, () => {
      fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), TYPED_CONFIG);
      const results = eslint(version, dir, ['--fix-dry-run', 'server.js', 'relay.ts']);
      assert.deepEqual(results.map((r) => path.basename(r.filePath)).sort(), ['relay.ts', 'server.js']);
      assertFixesLikeSocklint(results, fixed, original);
    });
  }

  it("with typescript-eslint's program, the rules run on it: the plugin builds no Project of its own", () => {
    const file = path.join(dir, 'relay.ts');
    const { calls, restore } = watchOwnProjects();
    try {
      const linter = new Linter({ cwd: dir });
      const config: Linter.Config[] = [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser, parserOptions: { projectService: true, tsconfigRootDir: dir } } },
        { files: ['**/*.ts'], ...plugin.configs.recommended },
      ];
      const messages = linter.verify(RELAY_TS, config, { filename: file });
      const found = messages.map((m) => `${m.ruleId!.replace(/^socklint\//, '')} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message}`).sort();
      assert.deepEqual(found, cli.get(file));
      assert.deepEqual(calls, [], 'the file was analysed in a Project of the plugin');
      // Without type information (the parser alone), the plugin builds one, as socklint check does.
      const untyped = linter.verify(
        RELAY_TS,
        [
          { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
          { files: ['**/*.ts'], ...plugin.configs.recommended },
        ],
        { filename: file },
      );
      assert.equal(untyped.length, messages.length);
      assert.deepEqual(calls, [file]);
    } finally {
      restore();
    }
  });

  it("with a typescript-eslint program that has no Node.js types, the plugin's own program (socklint's shipped types) gives socklint check's findings", () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-eslint-untyped-'));
    const { calls, restore } = watchOwnProjects();
    try {
      fs.writeFileSync(path.join(bare, 'package.json'), '{ "name": "bare", "private": true }\n');
      fs.writeFileSync(
        path.join(bare, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', noEmit: true, types: [] }, include: ['*.ts'] }),
      );
      const file = path.join(bare, 'relay.ts');
      fs.writeFileSync(file, RELAY_TS);
      const config: Linter.Config[] = [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser, parserOptions: { projectService: true, tsconfigRootDir: bare } } },
        { files: ['**/*.ts'], ...plugin.configs.recommended },
      ];
      const messages = new Linter({ cwd: bare }).verify(RELAY_TS, config, { filename: file });
      const found = messages.map((m) => `${m.ruleId!.replace(/^socklint\//, '')} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message}`).sort();
      assert.deepEqual(calls, [file], "the plugin's own Project analysed the file");
      assert.deepEqual(found, cliFindings([file], bare).get(file));
      assert.ok(
        found.some((f) => f.startsWith('incomplete-socket-relay ')),
        'the typed relay is found',
      );
    } finally {
      restore();
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('oxlint (jsPlugins in .oxlintrc.json): the same rules, lines and columns, and the same --fix output', () => {
    const rules = Object.fromEntries(Object.entries(plugin.configs.recommended.rules ?? {}));
    // The README's .oxlintrc.json: the plugin by its package name.
    fs.writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify({ jsPlugins: ['eslint-plugin-socklint'], rules }));
    const res = spawnSync(process.execPath, [OXLINT, '--format', 'json', 'server.js'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(res.stdout) as {
      diagnostics: Array<{ code: string; message: string; labels: Array<{ span: { line: number; column: number } }> }>;
    };
    const found = report.diagnostics
      .filter((d) => d.code.startsWith('socklint('))
      .map((d) => `${d.code.slice('socklint('.length, -1)} ${d.labels[0].span.line}:${d.labels[0].span.column}`)
      .sort();
    // oxlint reports a start (line, column) per diagnostic, not an end.
    const expected = (cli.get(path.join(dir, 'server.js')) ?? []).map((f) => f.replace(/-\d+:\d+ .*$/, ''));
    assert.deepEqual(found, expected);
    assert.ok(found.length > 0);
    const copy = path.join(dir, 'server.oxlint.js');
    fs.copyFileSync(path.join(dir, 'server.js'), copy);
    spawnSync(process.execPath, [OXLINT, '--fix', 'server.oxlint.js'], { cwd: dir, encoding: 'utf8' });
    assert.equal(fs.readFileSync(copy, 'utf8'), fixed.texts.get('server.js'));
  });
});
