import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import serverKeepAliveBelowProxy from '../../server/src/rules/server-keepalive-below-proxy';
import { clearTestFileCache } from '../../server/src/core/testFiles';

// A plugin of a home-automation hub runs on the home network: its servers have no proxy in front.
describe('servers of home-automation hub plugins (server-keepalive-below-proxy)', () => {
  let project: TmpProject;
  beforeEach(() => {
    project = tmpProject('socklint-hub-plugins-', [serverKeepAliveBelowProxy]);
    clearTestFileCache();
  });
  afterEach(() => project.dispose());

  // homebridge-http-webhooks' receiver, as its plugins write it.
  const webhookServer = `const http = require('http');
module.exports = function start(port, onHook) {
  const server = http.createServer((req, res) => {
    onHook(req.url);
    res.end('ok');
  });
  server.listen(port);
};
`;
  const lines = (manifest: object) => {
    project.write('package.json', JSON.stringify(manifest));
    project.write('lib/server.js', webhookServer);
    return project.findings('lib/server.js').map((f) => f.line);
  };

  it('is not reported in a Homebridge plugin, an ioBroker adapter, a Node-RED node or a Signal K plugin', () => {
    assert.deepEqual(lines({ name: 'homebridge-http-webhooks', keywords: ['homebridge-plugin'] }), []);
    clearTestFileCache();
    assert.deepEqual(lines({ name: 'iobroker.backitup', keywords: ['backup'] }), []);
    clearTestFileCache();
    assert.deepEqual(lines({ name: 'node-red-contrib-amazon-echo', 'node-red': { nodes: { echo: 'index.js' } } }), []);
    clearTestFileCache();
    assert.deepEqual(lines({ name: 'signalk-to-nmea0183', keywords: ['signalk-node-server-plugin'] }), []);
  });

  it('is reported in any other package, one merely mentioning a hub included', () => {
    assert.deepEqual(lines({ name: 'webhook-relay', keywords: ['homebridge', 'webhook'] }), [3]);
    clearTestFileCache();
    assert.deepEqual(lines({ name: 'node-red-dashboard-proxy' }), [3]);
  });
});
