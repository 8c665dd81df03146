import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import serverKeepAliveBelowProxy from '../../server/src/rules/server-keepalive-below-proxy';
import defaultServerTimeout from '../../server/src/rules/default-server-timeout';
import { clearTestFileCache } from '../../server/src/core/testFiles';

// A program that serves at its own LAN address hands it to a device, which connects to it directly.
describe('servers of programs that serve at their own LAN address (server-keepalive-below-proxy)', () => {
  let project: TmpProject;
  beforeEach(() => {
    project = tmpProject('socklint-lan-servers-', [serverKeepAliveBelowProxy, defaultServerTimeout]);
    clearTestFileCache();
  });
  afterEach(() => project.dispose());

  /** castnow's stdin plugin: a server whose URL, at the LAN address `lookup` finds, goes to a Chromecast. */
  const caster = (lookup: string, load: string) => `const http = require('http');
${load}
module.exports = function (ctx, port) {
  const ip = ${lookup};
  ctx.options.playlist = [{ path: 'http://' + ip + ':' + port }];
  http.createServer((req, res) => process.stdin.pipe(res)).listen(port);
};
`;
  const rules = (file: string, text: string, version = '20.0.0') => {
    project.write(file, text);
    return project.findings(file, version).map((f) => `${f.ruleId}:${f.line}`);
  };

  it('is not reported when the file asks internal-ip for the address', () => {
    assert.deepEqual(rules('plugins/stdin.js', caster('internalIp()', "const internalIp = require('internal-ip');")), []);
  });

  it('is not reported when the file reads os.networkInterfaces() itself', () => {
    const lookup = "Object.values(os.networkInterfaces()).flat().find((i) => i.family === 'IPv4' && !i.internal).address";
    assert.deepEqual(rules('plugins/stdin.js', caster(lookup, "const os = require('os');")), []);
  });

  it('is not reported when a module of its folder reads the interfaces (airplay-js: IP_LOCAL = require("./ip"))', () => {
    project.write('airplay/ip.js', "module.exports = require('os').networkInterfaces().en0[0].address;\n");
    assert.deepEqual(rules('airplay/hls.js', caster('IP_LOCAL', "const IP_LOCAL = require('./ip');")), []);
  });

  it('is still reported when the module it loads from its folder does not read the interfaces', () => {
    project.write('lib/config.js', "module.exports = { host: process.env.HOST || '0.0.0.0' };\n");
    assert.deepEqual(rules('lib/server.js', caster("require('./config').host", "const config = require('./config');")), ['server-keepalive-below-proxy:6']);
  });

  /** browser-tools-server: once listening, it prints a URL at each LAN address for the extension on another machine. */
  const announcer = (url: string) => `const express = require('express');
const os = require('os');
const app = express();
app.get('/logs', (req, res) => res.json([]));
const server = app.listen(3025, () => {
  const networkInterfaces = os.networkInterfaces();
  Object.keys(networkInterfaces).forEach((interfaceName) => {
    const interfaces = networkInterfaces[interfaceName];
    if (interfaces) {
      interfaces.forEach((iface) => {
        if (!iface.internal && iface.family === 'IPv4') console.log(${url});
      });
    }
  });
});
`;

  it("is not reported when it prints a URL at each interface's address (browser-tools-server)", () => {
    assert.deepEqual(rules('dist/browser-connector.js', announcer('`  - http://${iface.address}:3025`')), []);
    const forOf = announcer('`http://${iface.address}:3025`')
      .replace('interfaces.forEach((iface) => {\n        if', 'for (const iface of interfaces) {\n        if')
      .replace('console.log(`http://${iface.address}:3025`);\n      });', 'console.log(`http://${iface.address}:3025`);\n      }');
    assert.ok(forOf.includes('for (const iface of interfaces)'));
    assert.deepEqual(rules('dist/browser-connector.js', forOf), []);
  });

  it("is still reported when it prints each interface's address in no URL", () => {
    assert.deepEqual(rules('dist/browser-connector.js', announcer('`interface ${iface.address}`')), ['server-keepalive-below-proxy:5']);
  });

  it("is still reported when the interfaces are only reported (pm2's status API), not served at", () => {
    const status = `const http = require('http');
const os = require('os');
http.createServer((req, res) => {
  res.end(JSON.stringify({ hostname: os.hostname(), interfaces: os.networkInterfaces() }));
}).listen(9615);
`;
    assert.deepEqual(rules('lib/HttpInterface.js', status), ['server-keepalive-below-proxy:3']);
  });

  it('is still reported without a lookup of the address, and the 120 s cut of Node 10 still applies to a LAN server', () => {
    assert.deepEqual(rules('plugins/plain.js', caster("'0.0.0.0'", '')), ['server-keepalive-below-proxy:6']);
    const lan = caster('internalIp()', "const internalIp = require('internal-ip');");
    assert.deepEqual(rules('plugins/old.js', lan, '10.24.1'), ['default-server-timeout:6']);
  });
});
