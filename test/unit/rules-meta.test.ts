import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildConfigSchema } from '../../server/src/core/config';
import { rules } from '../../server/src/rules/index';

const ROOT = path.join(__dirname, '..', '..');

/** The core rules of the catalog (docs/rules), in catalog order. */
const CORE_RULE_IDS = [
  'missing-error-listener',
  'missing-end-handler',
  'destroy-without-end',
  'missing-socket-timeout',
  'timeout-without-teardown',
  'default-server-timeout',
  'server-keepalive-below-proxy',
  'missing-request-timeout',
  'agent-free-socket-timeout',
  'incomplete-socket-relay',
  'write-ignores-backpressure',
  'prefer-pipeline',
];

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(full);
    return /\.(ts|mts|cts|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

describe('rule registry', () => {
  it('registers the core rules in catalog order', () => {
    assert.deepEqual(rules.map((r) => r.meta.id).slice(0, CORE_RULE_IDS.length), CORE_RULE_IDS);
  });

  it('has unique, kebab-case ids', () => {
    const ids = rules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  for (const rule of rules) {
    const id = rule.meta.id;
    describe(id, () => {
      it('has its source file, named after its id', () => {
        assert.ok(fs.existsSync(path.join(ROOT, 'server', 'src', 'rules', `${id}.ts`)), `server/src/rules/${id}.ts`);
      });

      it('has a test file', () => {
        assert.ok(fs.existsSync(path.join(ROOT, 'test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`);
      });

      it('has a doc page with the required sections that mentions every option', () => {
        const file = path.join(ROOT, 'docs', 'rules', `${id}.md`);
        assert.ok(fs.existsSync(file), `docs/rules/${id}.md`);
        const doc = fs.readFileSync(file, 'utf8');
        assert.ok(doc.startsWith(`# ${id}\n`), 'starts with "# <id>"');
        for (const heading of ['## Why', '## Examples', '### Bad', '### Good', '## Options', '## When not to use it']) {
          assert.ok(doc.includes(`\n${heading}\n`), `has "${heading}"`);
        }
        for (const option of Object.keys(rule.meta.options)) assert.ok(doc.includes(option), `mentions option ${option}`);
        const optionsSection = /\n## Options\n([\s\S]*?)(\n## |$)/.exec(doc)?.[1] ?? '';
        assert.ok(optionsSection.trim().length > 0, 'the Options section says something (a table or "None.")');
      });

      it('has a description, a default severity and non-empty messages', () => {
        assert.ok(rule.meta.description.trim().length > 0);
        assert.ok(['warn', 'error'].includes(rule.meta.defaultSeverity));
        const messages = Object.entries(rule.meta.messages);
        assert.ok(messages.length > 0, 'at least one message');
        for (const [messageId, text] of messages) assert.ok(text.trim().length > 0, `message ${messageId} is empty`);
      });

      it('documents each option with a type-correct default', () => {
        for (const [name, spec] of Object.entries(rule.meta.options)) {
          assert.equal(typeof spec.default, spec.type, `${name} default`);
          assert.ok(spec.description.trim().length > 0, `${name} description`);
        }
      });
    });
  }
});

describe('engine boundaries', () => {
  it('rules ask the analysis through its one facade (core/analysis/index.ts), not its modules', () => {
    const rulesDir = path.join(ROOT, 'server', 'src', 'rules');
    const files = sourcesUnder(rulesDir);
    assert.ok(files.length > 20);
    const offenders = files.filter((f) => /from\s+['"]\.\.\/core\/analysis\/[^'"]+['"]/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => path.relative(ROOT, f)),
      [],
    );
    assert.ok(files.some((f) => fs.readFileSync(f, 'utf8').includes("from '../core/analysis'")));
  });

  it("core/ and rules/ find descendants in the file's index, not with ts-morph's walks that wrap every node and token", () => {
    const files = [...sourcesUnder(path.join(ROOT, 'server', 'src', 'core')), ...sourcesUnder(path.join(ROOT, 'server', 'src', 'rules'))];
    assert.ok(files.length > 20);
    const offenders = files.filter((f) => /\.(getDescendants|getDescendantsOfKind|forEachDescendant)\(/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => path.relative(ROOT, f)),
      [],
    );
  });

  it('core/ and rules/ never import the editor or the language server', () => {
    const files = [...sourcesUnder(path.join(ROOT, 'server', 'src', 'core')), ...sourcesUnder(path.join(ROOT, 'server', 'src', 'rules'))];
    assert.ok(files.length > 0);
    const offenders = files.filter((f) => /(from\s+|require\(\s*|import\(\s*)['"](vscode|vscode-languageserver[^'"]*)['"]/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => path.relative(ROOT, f)),
      [],
    );
  });
});

describe('config schema', () => {
  it('the committed schema equals buildConfigSchema(rules) (regenerate with `npm run schema`)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'schemas', 'socklint.config.schema.json'), 'utf8'));
    assert.deepEqual(committed, buildConfigSchema(rules));
  });
});
