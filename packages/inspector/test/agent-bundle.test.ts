import * as assert from 'node:assert/strict';
import { bundleAgent } from '../src/agentBundle';

// The agent runs inside the target from one Runtime.evaluate: its bundle must stand alone.
describe('inspector: the agent bundle', () => {
  it('is self-contained: evaluating it loads no module and defines install()', () => {
    const { text, inputs } = bundleAgent();
    const loaded: string[] = [];
    const module: { exports: { install?: unknown } } = { exports: {} };
    new Function('module', 'require', text)(module, (id: string) => loaded.push(id));
    assert.equal(typeof module.exports.install, 'function');
    assert.deepEqual(loaded, []);
    assert.ok(!/\bimport\s*\(/.test(text), 'no dynamic import');
    // Only the agent's own sources, the site tracing, the kept sockets and the shared constants go in.
    assert.deepEqual(inputs.map((f) => f.replace(/.*packages\/inspector\/src\//, '')).sort(), [
      'agentTypes.ts',
      'inTarget/address.ts',
      'inTarget/agent.ts',
      'inTarget/sites.ts',
      'inTarget/tracker.ts',
    ]);
  });
});
