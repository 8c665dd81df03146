/**
 * How a fix names `pipeline` in a file (core/pipelineImport.ts): an existing `pipeline` binding,
 * else the first whole `stream` module binding in source order, else a new import; undefined when
 * the name is taken by something else.
 */
import * as assert from 'node:assert/strict';
import { Project } from 'ts-morph';
import { pipelineCallee, type PipelineModule } from '../../server/src/core/pipelineImport';
import { INFERRED_OPTIONS } from '../../server/src/core/project';
import { shippedTypeRoot } from '../../server/src/core/shippedTypes';

function calleeIn(code: string, module: PipelineModule = 'stream'): string | undefined {
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { ...INFERRED_OPTIONS, typeRoots: [shippedTypeRoot()], types: ['node'] } });
  const sf = project.createSourceFile(`/tmp/socklint-pipeline-import-${process.pid}.js`, code, { overwrite: true });
  const found = pipelineCallee(sf, module);
  return found && (found.edits.length ? `${found.callee} + ${found.edits.map((e) => e.text.trim()).join(' ')}` : found.callee);
}

describe('the name a pipeline fix calls', () => {
  it('is an existing pipeline binding, even one bound after a stream namespace', () => {
    assert.equal(calleeIn(`const stream = require('stream');\nstream.Readable;\nconst { pipeline } = require('stream');\n`), 'pipeline');
  });

  it('is the first stream namespace in source order, whichever name refers to it', () => {
    assert.equal(calleeIn(`let s;\ns = require('stream');\nconst t = require('node:stream');\ns.Readable;\nt.Writable;\ns.Duplex;\n`), 's.pipeline');
    assert.equal(calleeIn(`const net = require('net');\nconst t = require('node:stream');\nnet.connect(1);\nt.Writable;\n`), 't.pipeline');
  });

  it('reaches stream/promises through the stream namespace', () => {
    assert.equal(calleeIn(`const stream = require('node:stream');\nstream.Readable;\n`, 'stream/promises'), 'stream.promises.pipeline');
  });

  it('is undefined when the name pipeline is something else', () => {
    assert.equal(calleeIn(`const net = require('net');\nfunction pipeline() {}\npipeline();\n`), undefined);
    // A stream namespace still gives a name that is not taken.
    assert.equal(calleeIn(`const stream = require('stream');\nfunction pipeline() {}\npipeline();\n`), 'stream.pipeline');
  });

  it('is not taken by a member named pipeline', () => {
    const fresh = `pipeline + const { pipeline } = require('node:stream');`;
    assert.equal(calleeIn(`require('stream').pipeline(a, b, () => {});\n`), fresh);
    assert.equal(calleeIn(`const m = { pipeline: 1 };\nm.pipeline;\n`), fresh);
    assert.equal(calleeIn(`class Job {\n  pipeline() {}\n  get pipeline2() { return 1; }\n}\n`), fresh);
    assert.equal(calleeIn(`const { pipeline: run } = require('./tasks');\nrun();\n`), fresh);
    // A namespace kept in a field is not a name the fix can call bare.
    assert.equal(calleeIn(`class A {\n  constructor() {\n    this.stream = require('stream');\n  }\n}\n`), fresh);
  });

  it('is still taken by a local binding or an export of one', () => {
    assert.equal(calleeIn(`const { pipeline } = require('./tasks');\npipeline();\n`), undefined);
    assert.equal(calleeIn(`import { run as pipeline } from './tasks';\npipeline();\n`), undefined);
  });

  it('is a new import otherwise', () => {
    assert.equal(calleeIn(`const net = require('net');\nnet.connect(1);\n`), `pipeline + const { pipeline } = require('node:stream');`);
  });
});
