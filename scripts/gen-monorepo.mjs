#!/usr/bin/env node
// Generates a TypeScript monorepo for the scale benchmark: `packages` packages of equal size
// (--files in all, default 10,000), each with its own tsconfig.json (composite, referencing the
// shared package and the previous one), a root tsconfig.json with project references, and modules
// of which a third use sockets (net, http) and every one imports two modules of its own package and
// one of a referenced package.
//
//   node scripts/gen-monorepo.mjs [dir] [--files 10000] [--packages 20]   (prints the folder)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export function generateMonorepo(dir, { files = 10000, packages = 20 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const perPackage = Math.ceil(files / packages);
  const name = (p) => `pkg${String(p).padStart(2, '0')}`;
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['packages/*'], engines: { node: '>=20' } }, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify({ files: [], references: Array.from({ length: packages }, (_, p) => ({ path: `packages/${name(p)}` })) }, null, 2)}\n`,
  );
  let written = 0;
  for (let p = 0; p < packages; p++) {
    const pkgDir = path.join(dir, 'packages', name(p));
    fs.mkdirSync(path.join(pkgDir, 'src'), { recursive: true });
    const refs = [...new Set([0, p - 1].filter((r) => r >= 0 && r !== p))];
    fs.writeFileSync(
      path.join(pkgDir, 'package.json'),
      `${JSON.stringify({ name: `@bench/${name(p)}`, version: '1.0.0', private: true, main: 'dist/index.js', types: 'dist/index.d.ts' }, null, 2)}\n`,
    );
    // What `tsc -b` would have emitted for the functions other packages use, and the workspace link.
    fs.mkdirSync(path.join(pkgDir, 'dist'), { recursive: true });
    fs.writeFileSync(
      path.join(pkgDir, 'dist', 'index.d.ts'),
      Array.from({ length: 50 }, (_, k) => `export declare function helper${k}(x: number): number;\n`).join(''),
    );
    fs.mkdirSync(path.join(dir, 'node_modules', '@bench'), { recursive: true });
    fs.symlinkSync(path.join('..', '..', 'packages', name(p)), path.join(dir, 'node_modules', '@bench', name(p)), 'dir');
    const compilerOptions = {
      composite: true,
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      rootDir: 'src',
      outDir: 'dist',
    };
    fs.writeFileSync(
      path.join(pkgDir, 'tsconfig.json'),
      `${JSON.stringify({ compilerOptions, include: ['src'], references: refs.map((r) => ({ path: `../${name(r)}` })) }, null, 2)}\n`,
    );
    const count = Math.min(perPackage, files - written);
    for (let i = 0; i < count; i++) {
      const a = (i + 1) % count;
      let b = (i * 7 + 3) % count;
      if (b === a) b = (a + 1) % count;
      const ref = refs.length ? refs[i % refs.length] : undefined;
      let body = `import { helper${a} } from './mod${a}.js';\nimport { helper${b} } from './mod${b}.js';\n`;
      if (ref !== undefined) body += `import { helper${i % 50} as shared } from '@bench/${name(ref)}';\n`;
      if (i % 3 === 0) {
        body += `import * as net from 'node:net';\nimport * as http from 'node:http';\n\n`;
        body += `export function connect${i}(port: number): net.Socket {\n  const socket = net.connect(port, '127.0.0.1');\n  socket.on('data', (d) => console.log(d.length));\n  socket.write('hello');\n  return socket;\n}\n\n`;
        body += `export function serve${i}(): http.Server {\n  const server = http.createServer((req, res) => {\n    req.on('data', () => {});\n    res.end('ok');\n  });\n  server.listen(${3000 + i});\n  return server;\n}\n\n`;
        // One finding in every ninth module: a local socket nobody listens to for 'error'.
        if (i % 9 === 0) body += `export function ping${i}(): void {\n  const s = net.connect(${4000 + i});\n  s.write('ping');\n}\n\n`;
      }
      const sharedUse = ref !== undefined ? ' + shared(x)' : '';
      body += `export function helper${i}(x: number): number {\n  return x > ${i} ? helper${a}.length + x${sharedUse} : helper${b}.length - x;\n}\n`;
      body +=
        Array.from({ length: 20 }, (_, k) => `export const value${i}_${k}: { id: number; name: string } = { id: ${k}, name: 'v${k}' };`).join('\n') + '\n';
      fs.writeFileSync(path.join(pkgDir, 'src', `mod${i}.ts`), body);
    }
    written += count;
  }
  return { dir, files: written, packages };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const value = (flag, fallback) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : fallback);
  const given = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const dir = given ? path.resolve(given) : fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-monorepo-'));
  const made = generateMonorepo(dir, { files: value('--files', 10000), packages: value('--packages', 20) });
  console.log(`${made.dir}: ${made.files} files in ${made.packages} packages`);
}
