import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Project } from 'ts-morph';
import { defaultConfig } from '../../server/src/core/config';
import { analyzeSourceFile } from '../../server/src/core/engine';
import { resolveNodeVersion } from '../../server/src/core/nodeVersion';
import { createProject, disposeProject } from '../../server/src/core/project';
import { rules } from '../../server/src/rules';

/**
 * Code as it is while being typed: every keystroke in the editor sends text like this, so no rule
 * may fail on it (issue 10, failure 7: an import being typed crashed ten rules on every keystroke).
 */
const HALF_TYPED: Record<string, string> = {
  'an import being typed above the code': "const net = require('net')\nimport {\nconst s = net.connect(80)\ns.write('x')\n",
  'an import with a name and no closing brace': "const net = require('net')\nimport { connect\n\nconst s = connect(80)\ns.write('x')\n",
  'an import with no module yet': "const net = require('net')\nimport { connect } from\nconst s = connect(80)\n",
  'an import of a module given as a template': "import { connect } from `net`\nconst s = connect(80)\ns.on('data', (d) => s.write(d))\n",
  'a default import being typed': 'import net from\nconst server = net.createServer((socket) => socket.pipe(socket))\n',
  'an import with a dynamic module': "import * as net from ('net')\nconst s = net.connect(80)\n",
  'an unfinished connect call': "const net = require('net')\nconst s = net.connect(\n",
  'an unfinished connect call with options': "const net = require('net')\nconst s = net.connect({ port: 80, host: \n",
  'an unfinished event name': "const net = require('net')\nconst s = net.connect(80)\ns.on('err\n",
  'a listener without a body yet': "const net = require('net')\nconst s = net.connect(80)\ns.on('error', (err) =>\n",
  'an async arrow awaiting nothing yet': "const net = require('net')\nconst f = async () => { await\nconst s = net.connect(80)\n",
  'a dangling template literal': "const http = require('http')\nhttp.get(`http://example.com/${path\n",
  'a template literal never closed': "const net = require('net')\nconst s = net.connect(80)\ns.write(`hello\n",
  'a server callback cut off': "const http = require('http')\nconst server = http.createServer((req, res) => {\n  res.end('ok'\n",
  'a pipe being typed': "const net = require('net')\nconst a = net.connect(80)\nconst b = net.connect(81)\na.pipe(\n",
  'a relay half written':
    "const net = require('net')\nnet.createServer((client) => {\n  const upstream = net.connect(80)\n  client.on('data', (c) => upstream.write(\n",
  'a require being typed': "const net = require('\nconst s = net.connect(80)\n",
  'a require of nothing yet': 'const net = require(\nconst s = net.connect(80)\n',
  'a class with a method cut off': "const net = require('net')\nclass Pool {\n  open() {\n    this.s = net.connect(80)\n    this.s.on(\n",
  'an arrow parameter list being typed': "const net = require('net')\nnet.createServer((socket, \n",
  'a setTimeout call being typed': "const net = require('net')\nconst s = net.connect(80)\ns.setTimeout(\ns.on('timeout', () => s.destroy())\n",
  'a lone dot after a socket': "const net = require('net')\nconst s = net.connect(80)\ns.\n",
  'an export being typed': "import net from 'net'\nexport {\nconst s = net.connect(80)\n",
  'an import type in TypeScript being typed': "import type { Socket } from\nimport * as net from 'node:net'\nconst s: Socket = net.connect(80)\n",
};

describe('half-typed code never makes a rule fail', function () {
  this.timeout(60000);
  let project: Project;
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-half-'));
    project = createProject(undefined, dir).project;
  });
  after(() => {
    disposeProject(project);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, code] of Object.entries(HALF_TYPED)) {
    it(name, () => {
      const file = path.join(dir, name.includes('TypeScript') ? 'half.ts' : 'half.js');
      const sourceFile = project.createSourceFile(file, code, { overwrite: true });
      const result = analyzeSourceFile(sourceFile, { rules, config: defaultConfig(rules), nodeVersion: resolveNodeVersion(file, { override: '20' }) });
      assert.deepEqual(
        result.internalErrors.map((e) => `${e.ruleId}: ${e.message}`),
        [],
      );
      assert.equal(result.notChecked, undefined);
    });
  }
});
