#!/usr/bin/env node
// Puts back the files of bench/real-fixes cases that are missing (they are third-party code and
// not committed): for each case, a blobless clone of its public repository (kept in
// .tmp/real-fixes-repos/) gives `git show <commit>^:<path>` (before), `git show <commit>:<path>`
// (after) and the package.json at the parent commit when it has engines.node. Needs git and
// access to github.com, or a folder of git snapshots named `<owner>+<name>` (each holding `repo/`,
// a bare repository or a clone): --mirror <dir>. Usage: node --import tsx
// scripts/real-fixes-restore.mjs [--only <id part>] [--mirror <dir>]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { casesDir, root } from './real-fixes-cases.ts';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const mirror = process.argv.includes('--mirror') ? path.resolve(process.argv[process.argv.indexOf('--mirror') + 1]) : undefined;
const cache = path.join(root, '.tmp', 'real-fixes-repos');
const git = (gitDir, ...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

function repository(repo) {
  if (mirror) {
    const snapshot = path.join(mirror, repo.replace('/', '+'), 'repo');
    return fs.existsSync(path.join(snapshot, '.git')) ? path.join(snapshot, '.git') : snapshot;
  }
  const gitDir = path.join(cache, repo.replace('/', '__') + '.git');
  if (!fs.existsSync(gitDir)) {
    fs.mkdirSync(cache, { recursive: true });
    execFileSync('git', ['clone', '--bare', '--filter=blob:none', `https://github.com/${repo}.git`, gitDir], { stdio: 'inherit' });
  }
  return gitDir;
}

let restored = 0;
let failed = 0;
for (const id of fs.readdirSync(casesDir).sort()) {
  const manifest = path.join(casesDir, id, 'case.json');
  if (!fs.existsSync(manifest) || (only && !id.includes(only))) continue;
  const c = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const ext = path.extname(c.path);
  const before = path.join(casesDir, id, `before${ext}`);
  const after = path.join(casesDir, id, `after${ext}`);
  if (fs.existsSync(before) && fs.existsSync(after)) continue;
  let gitDir;
  try {
    gitDir = repository(c.repo);
    const texts = [git(gitDir, 'show', `${c.commit}^:${c.path}`), git(gitDir, 'show', `${c.commit}:${c.path}`)];
    fs.writeFileSync(before, texts[0]);
    fs.writeFileSync(after, texts[1]);
  } catch (error) {
    // One repository out of reach (or a snapshot without the commit) leaves the others to restore.
    failed++;
    console.error(`not restored ${id}: ${String(error.message).split('\n')[0]}`);
    continue;
  }
  try {
    const pkg = git(gitDir, 'show', `${c.commit}^:package.json`);
    if (JSON.parse(pkg).engines?.node) fs.writeFileSync(path.join(casesDir, id, 'package.json'), pkg);
  } catch {
    // no package.json at the repository's root: the file is checked with socklint's default Node version
  }
  restored++;
  console.log(`restored ${id}`);
}
console.log(`${restored} case(s) restored${failed ? `, ${failed} not` : ''}`);
if (failed) process.exitCode = 1;
