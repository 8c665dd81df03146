/**
 * The registry of library SourceFiles parsed once (core/sharedSourceFiles.ts): a file is served for
 * its own path, and for another copy of the same package file with exactly the same text (a
 * project's own `@types/node` of the shipped version), named after the path that asked, one path
 * at a time until released.
 */
import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { releaseSharedSourceFiles, SHARED_SOURCE_FILES, shareLibrarySourceFiles, type SharedSourceFiles } from '../../server/src/core/sharedSourceFiles';

const SHIPPED = '/opt/socklint/dist/types/node_modules/@types/node/net.d.ts';
const OWN = '/home/me/app/node_modules/@types/node/net.d.ts';
const OTHER_COPY = '/home/me/app/packages/a/node_modules/@types/node/net.d.ts';
const TEXT = "declare module 'net' {\n  class Socket {}\n}\n";
const TARGET = ts.ScriptTarget.ES2022;

const snapshot = (text: string) => ts.ScriptSnapshot.fromString(text);

describe('shared library SourceFiles', () => {
  let registry: SharedSourceFiles;
  let shipped: ts.SourceFile;

  beforeEach(() => {
    shareLibrarySourceFiles(['/opt/socklint/dist/']);
    registry = (globalThis as Record<symbol, SharedSourceFiles>)[SHARED_SOURCE_FILES];
    shipped = ts.createSourceFile(SHIPPED, TEXT, TARGET);
    registry.record(SHIPPED, shipped, '0');
  });
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[SHARED_SOURCE_FILES];
  });

  it('serves a file for its own path', () => {
    assert.equal(registry.lookup(SHIPPED, snapshot(TEXT), TARGET, '0'), shipped);
    assert.equal(shipped.fileName, SHIPPED);
  });

  it('serves it for a copy of the same package file with the same text, named after that copy', () => {
    assert.equal(registry.lookup(OWN, snapshot(TEXT), TARGET, '0'), shipped);
    assert.equal(shipped.fileName, OWN);
  });

  it('not for another text, another language version, an edited version or another file of the package', () => {
    assert.equal(registry.lookup(OWN, snapshot(`${TEXT}// changed\n`), TARGET, '0'), undefined);
    assert.equal(registry.lookup(OWN, snapshot(TEXT), ts.ScriptTarget.ES5, '0'), undefined);
    assert.equal(registry.lookup(OWN, snapshot(TEXT), TARGET, '1'), undefined);
    assert.equal(registry.lookup(OWN.replace('net.d.ts', 'tls.d.ts'), snapshot(TEXT), TARGET, '0'), undefined);
  });

  it('serves one path at a time: a second copy in the same project parses its own, until released', () => {
    assert.equal(registry.lookup(OWN, snapshot(TEXT), TARGET, '0'), shipped);
    assert.equal(registry.lookup(OWN, snapshot(TEXT), TARGET, '0'), shipped, 'the same path again');
    assert.equal(registry.lookup(OTHER_COPY, snapshot(TEXT), TARGET, '0'), undefined);
    assert.equal(registry.lookup(SHIPPED, snapshot(TEXT), TARGET, '0'), undefined);
    releaseSharedSourceFiles();
    assert.equal(registry.lookup(SHIPPED, snapshot(TEXT), TARGET, '0'), shipped);
    assert.equal(shipped.fileName, SHIPPED);
  });

  it('records only declaration files under its roots', () => {
    const own = ts.createSourceFile(OWN.replace('net.d.ts', 'dns.d.ts'), TEXT, TARGET);
    registry.record(own.fileName, own, '0');
    assert.equal(registry.lookup(SHIPPED.replace('net.d.ts', 'dns.d.ts'), snapshot(TEXT), TARGET, '0'), undefined);
  });
});
