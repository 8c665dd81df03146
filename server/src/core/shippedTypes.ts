import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The folder holding the `@types/node` and `@types/ws` copies shipped with socklint: next to the
 * bundle once built (`dist/types/node_modules/@types`), else the repository's own node_modules.
 */
export function shippedTypeRoot(): string {
  const bundled = path.join(__dirname, 'types', 'node_modules', '@types');
  if (fs.existsSync(path.join(bundled, 'node'))) return bundled;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', '@types');
    if (fs.existsSync(path.join(candidate, 'node', 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return bundled;
    dir = parent;
  }
}

/** Whether `@types/<name>` resolves from `dir` the way TypeScript looks it up. */
export function hasOwnTypes(dir: string, name: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(current, 'node_modules', '@types', name, 'package.json'))) return true;
    const parent = path.dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}

/** Every `node_modules/@types` folder at or above `dir`, nearest first (TypeScript's default type roots). */
export function ownTypeRoots(dir: string): string[] {
  const roots: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, 'node_modules', '@types');
    if (fs.existsSync(candidate)) roots.push(candidate);
    const parent = path.dirname(current);
    if (parent === current) return roots;
    current = parent;
  }
}
