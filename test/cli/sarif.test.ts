/**
 * `socklint check --format sarif` as GitHub code scanning takes it: valid against the SARIF 2.1.0
 * JSON schema, locations relative to the repository, each result with a stable
 * `primaryLocationLineHash`, each rule with its full description and help.
 *
 * The schema is the one Microsoft's SARIF SDK ships in @microsoft/jest-sarif
 * (lib/schemas/sarif-2.1.0-rtm.5.json, JSON Schema draft-04; MIT), used from node_modules.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import type { Log, Result } from 'sarif';
import { rules } from '../../server/src/rules';
import { ensureBuilt, fixture, runCli, UNHANDLED_SOCKET } from './cliHarness';

const SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator() {
  // unicodeRegExp off: the schema's language pattern ('^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$') is not a valid /u regex.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///') && !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
}

/** A git repository whose service lives in services/cache, where the check runs. */
function repository(files: Record<string, string>): string {
  const dir = fixture(files);
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

function sarif(cwd: string, args: string[] = ['.']): Log {
  const r = runCli(['check', ...args, '--format', 'sarif'], cwd);
  assert.notEqual(r.code, 2, r.stderr);
  return JSON.parse(r.stdout) as Log;
}

const fingerprints = (log: Log) => log.runs[0].results!.map((r: Result) => `${r.ruleId} ${r.partialFingerprints!.primaryLocationLineHash}`);

describe('SARIF for code scanning', function () {
  this.timeout(120000);
  before(ensureBuilt);

  it('is valid SARIF 2.1.0 (the JSON schema), and the schema check catches an invalid log', () => {
    const repo = repository({ 'services/cache/client.js': UNHANDLED_SOCKET });
    const log = sarif(path.join(repo, 'services', 'cache'));
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.ok(log.runs[0].results!.length >= 1);
    // The same log with a region that is not a region, and a result that lost its message.
    const broken = structuredClone(log);
    (broken.runs[0].results![0].locations![0].physicalLocation!.region as { startLine: unknown }).startLine = 0;
    delete (broken.runs[0].results![0] as Partial<Result>).message;
    assert.equal(validate(broken), false);
    assert.deepEqual(new Set(validate.errors!.map((e) => e.keyword)), new Set(['minimum', 'required']));
  });

  it('gives locations relative to the repository root, whatever folder the check ran in', () => {
    const repo = repository({ 'services/cache/client.js': UNHANDLED_SOCKET });
    const run = sarif(path.join(repo, 'services', 'cache')).runs[0];
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `file://${repo}/` } });
    const location = run.results![0].locations![0].physicalLocation!.artifactLocation!;
    assert.deepEqual(location, { uri: 'services/cache/client.js', uriBaseId: '%SRCROOT%' });
  });

  it('describes every rule: short and full description, help as text and markdown (the rule page), its docs link', () => {
    const repo = repository({ 'client.js': UNHANDLED_SOCKET });
    const driver = sarif(repo).runs[0].tool.driver;
    assert.deepEqual(
      driver.rules!.map((r) => r.id),
      rules.map((r) => r.meta.id),
    );
    for (const rule of driver.rules!) {
      const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${rule.id}.md`), 'utf8');
      assert.equal(rule.shortDescription!.text, rules.find((r) => r.meta.id === rule.id)!.meta.description);
      assert.ok(rule.fullDescription!.text.startsWith(rule.shortDescription!.text), rule.id);
      assert.ok(rule.fullDescription!.text.length > rule.shortDescription!.text.length + 40, `${rule.id}: the full description says why`);
      assert.match(rule.fullDescription!.text, /[.)]$/, `${rule.id}: the full description is whole sentences`);
      assert.doesNotMatch(rule.fullDescription!.text, /\n/);
      assert.ok(page.includes(rule.help!.markdown!.split('\n')[0]), `${rule.id}: help.markdown is the rule page`);
      assert.match(rule.help!.markdown!, /## Why/);
      assert.doesNotMatch(rule.help!.text, /^#/m, `${rule.id}: help.text has no markdown headings`);
      assert.equal(rule.helpUri, `https://github.com/socklint/socklint/blob/main/docs/rules/${rule.id}.md`);
    }
  });

  it('keeps primaryLocationLineHash when lines move or are re-indented, and tells two findings on identical lines apart', () => {
    const twoSockets = `const net = require('net');\n\nfunction a() {\n  const s = net.connect(6379);\n  s.write('x');\n}\nfunction b() {\n  const s = net.connect(6379);\n  s.write('x');\n}\n`;
    const repo = repository({ 'client.js': twoSockets });
    const before = fingerprints(sarif(repo));
    const ofRule = before.filter((f) => f.startsWith('missing-error-listener '));
    assert.equal(ofRule.length, 2);
    assert.match(ofRule[0], /^missing-error-listener [0-9a-f]{16}:1$/);
    assert.equal(ofRule[1], ofRule[0].replace(/:1$/, ':2'));

    // Lines added above, the functions re-indented: the same alerts.
    fs.writeFileSync(path.join(repo, 'client.js'), `// cache clients\n'use strict';\n${twoSockets.replace(/^ {2}/gm, '    ')}`);
    assert.deepEqual(fingerprints(sarif(repo)), before);
    // The finding's line itself changed: a different alert.
    fs.writeFileSync(path.join(repo, 'client.js'), twoSockets.replace('net.connect(6379);\n  s.write', 'net.connect(6380);\n  s.write'));
    assert.notDeepEqual(fingerprints(sarif(repo)), before);
  });
});
