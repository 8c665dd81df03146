// The packaged extension the real-editor tests install: the .vsix `npm run package` writes,
// rebuilt first when it is missing or older than anything it is built from.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

const SOURCES = ['client/src', 'server/src', 'server/schemas', 'syntaxes', 'docs', 'images', 'package.json', 'esbuild.mjs', '.vscodeignore', 'README.md'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function vsixPath(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return path.join(ROOT, `socklint-${version}.vsix`);
}

/** Returns the .vsix path, running `npm run package` when the file is missing or stale. */
export function ensurePackagedExtension(log: (line: string) => void = () => {}): string {
  const vsix = vsixPath();
  const built = fs.existsSync(vsix) ? fs.statSync(vsix).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (built > sources) return vsix;
  log(built ? `${path.basename(vsix)} is older than its sources: npm run package` : `no ${path.basename(vsix)} yet: npm run package`);
  const run = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`npm run package failed (exit ${run.status}):\n${(run.stdout + run.stderr).trim().split('\n').slice(-20).join('\n')}`);
  }
  return vsix;
}
