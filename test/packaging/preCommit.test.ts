/**
 * .pre-commit-hooks.yaml: its hook run the way pre-commit runs it — the `entry` with the staged
 * files that match `types_or` appended, from the repository root, the package's `socklint` command
 * on PATH — in a fresh git repository.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ensureBuilt, fixture, PLAIN, ROOT, UNHANDLED_SOCKET } from '../cli/cliHarness';

interface Hook {
  id: string;
  entry: string;
  language: string;
  types_or: string[];
  [key: string]: string | string[];
}

/** The hooks file's list of flat mappings (scalars and `[a, b]` lists: all this file uses). */
function readHooks(file: string): Hook[] {
  const hooks: Record<string, string | string[]>[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^(- )?\s*([\w]+):\s*(.*)$/.exec(line);
    assert.ok(m, `unexpected line in ${file}: ${line}`);
    if (m[1]) hooks.push({});
    const raw = m[3].trim();
    hooks[hooks.length - 1][m[2]] = raw.startsWith('[')
      ? raw
          .slice(1, -1)
          .split(',')
          .map((s) => s.trim())
      : raw.replace(/^'(.*)'$/, '$1');
  }
  return hooks as Hook[];
}

/** pre-commit's file type tags (identify) for the extensions socklint checks. */
const TAGS: Record<string, string[]> = {
  '.js': ['javascript'],
  '.mjs': ['javascript'],
  '.cjs': ['javascript'],
  '.jsx': ['jsx'],
  '.ts': ['ts'],
  '.mts': ['ts'],
  '.cts': ['ts'],
  '.tsx': ['tsx'],
};

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
}

/** What `pre-commit run` does for one hook: staged files filtered by type, appended to the entry. */
function runHook(hook: Hook, repo: string, bin: string) {
  const staged = git(repo, 'diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z').split('\0').filter(Boolean);
  const files = staged.filter((f) => (TAGS[path.extname(f)] ?? []).some((t) => hook.types_or.includes(t)));
  const [command, ...args] = hook.entry.split(/\s+/);
  const r = spawnSync(command, [...args, ...files], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' },
  });
  return { files, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the pre-commit hook', function () {
  this.timeout(120000);
  let hook: Hook;
  let bin: string;

  before(() => {
    ensureBuilt();
    const hooks = readHooks(path.join(ROOT, '.pre-commit-hooks.yaml'));
    assert.deepEqual(
      hooks.map((h) => h.id),
      ['socklint'],
    );
    hook = hooks[0];
    // language: node installs this package, whose bin is `socklint` (dist/cli.js).
    assert.equal(hook.language, 'node');
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(path.resolve(ROOT, manifest.bin.socklint), CLI);
    bin = fixture({});
    fs.symlinkSync(CLI, path.join(bin, 'socklint'));
  });

  it('blocks a commit whose staged files have an error finding, and checks only staged JS/TS files', () => {
    const repo = fixture({ 'src/cache.js': UNHANDLED_SOCKET, 'src/util.ts': PLAIN, 'README.md': '# app\n', 'scratch/leak.js': UNHANDLED_SOCKET });
    git(repo, 'init', '-q');
    git(repo, 'add', 'src/cache.js', 'src/util.ts', 'README.md');
    const r = runHook(hook, repo, bin);
    assert.deepEqual(r.files.sort(), ['src/cache.js', 'src/util.ts']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /src\/cache\.js\n\s+3:\d+\s+error\s+.*missing-error-listener/);
    assert.doesNotMatch(r.stdout, /scratch/);
  });

  it('lets the commit through once the staged files are clean, though an unstaged file still has a finding', () => {
    const repo = fixture({ 'src/util.ts': PLAIN, 'scratch/leak.js': UNHANDLED_SOCKET });
    git(repo, 'init', '-q');
    git(repo, 'add', 'src/util.ts');
    const r = runHook(hook, repo, bin);
    assert.deepEqual(r.files, ['src/util.ts']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
});
