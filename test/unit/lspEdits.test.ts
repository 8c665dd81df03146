import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/fixes';
import { disableLineEdit } from '../../server/src/lsp/disableComment';
import { minimalEdit } from '../../server/src/lsp/fixAll';
import { requestedKinds } from '../../server/src/lsp/codeActions';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { customizeSeverity } from '../../server/src/lsp/severity';

function disable(text: string, line: number, id = 'missing-error-listener'): string {
  const edit = disableLineEdit(text, line, id);
  return edit ? applyEdits(text, [edit]) : text;
}

describe('disable-line edits', () => {
  it('inserts above the line with its indentation (spaces and tabs)', () => {
    assert.equal(disable('a();\n    b();\n', 1), 'a();\n    // socklint-disable-next-line missing-error-listener\n    b();\n');
    assert.equal(disable('a();\n\t\tb();\n', 1), 'a();\n\t\t// socklint-disable-next-line missing-error-listener\n\t\tb();\n');
  });

  it('keeps CRLF line endings', () => {
    assert.equal(disable('a();\r\nb();\r\n', 1), 'a();\r\n// socklint-disable-next-line missing-error-listener\r\nb();\r\n');
  });

  it('works on the first line and never above a shebang', () => {
    assert.equal(disable('net.connect(1);\n', 0), '// socklint-disable-next-line missing-error-listener\nnet.connect(1);\n');
    assert.equal(
      disable('#!/usr/bin/env node\nnet.connect(1);\n', 1),
      '#!/usr/bin/env node\n// socklint-disable-next-line missing-error-listener\nnet.connect(1);\n',
    );
  });

  it('extends a line or block directive above, before its reason, once', () => {
    assert.equal(disable('// socklint-disable-next-line a-rule\nx();\n', 1), '// socklint-disable-next-line a-rule, missing-error-listener\nx();\n');
    assert.equal(
      disable('  // socklint-disable-next-line a-rule -- why\n  x();\n', 1),
      '  // socklint-disable-next-line a-rule, missing-error-listener -- why\n  x();\n',
    );
    assert.equal(disable('/* socklint-disable-next-line a-rule */\nx();\n', 1), '/* socklint-disable-next-line a-rule, missing-error-listener */\nx();\n');
    assert.equal(disableLineEdit('// socklint-disable-next-line missing-error-listener\nx();\n', 1, 'missing-error-listener'), undefined);
  });

  it('does not touch an unrelated comment above', () => {
    assert.equal(disable('// connect to the backend\nx();\n', 1), '// connect to the backend\n// socklint-disable-next-line missing-error-listener\nx();\n');
  });
});

describe('fix-all', () => {
  it('turns the fixed text into one minimal edit', () => {
    assert.deepEqual(minimalEdit('abcdef', 'abXYef'), { start: 2, end: 4, text: 'XY' });
    assert.deepEqual(minimalEdit('abc', 'abc'), undefined);
    const before = 'const a = 1;\nconst b = 2;\n';
    const after = 'const a = 1;\nfoo();\nconst b = 2;\n';
    assert.equal(applyEdits(before, [minimalEdit(before, after)!]), after);
  });
});

describe('editor settings and severities', () => {
  it('normalises settings, dropping malformed entries', () => {
    const s = normalizeSettings({
      enable: false,
      run: 'onSave',
      nodeVersion: ' 18 ',
      proxyIdleTimeoutMs: 30000,
      rules: {
        customizations: [
          { rule: 'a', severity: 'info' },
          { rule: 1, severity: 'off' },
          { rule: 'b', severity: 'loud' },
        ],
      },
    });
    assert.deepEqual(s, {
      enable: false,
      run: 'onSave',
      nodeVersion: '18',
      proxyIdleTimeoutMs: 30000,
      customizations: [{ rule: 'a', severity: 'info' }],
      maxFileSizeKb: undefined,
      problems: [],
    });
    assert.deepEqual(normalizeSettings(null), {
      enable: true,
      run: 'onType',
      nodeVersion: '',
      proxyIdleTimeoutMs: undefined,
      customizations: [],
      maxFileSizeKb: undefined,
      problems: [],
    });
    assert.equal(normalizeSettings({ maxFileSizeKb: 256 }).maxFileSizeKb, 256);
    assert.equal(normalizeSettings({ maxFileSizeKb: -1 }).maxFileSizeKb, undefined);
    assert.equal(normalizeSettings({ proxyIdleTimeoutMs: -5 }).proxyIdleTimeoutMs, undefined);
  });

  it('applies customizations in order: globs, negation, downgrade/upgrade, default', () => {
    assert.equal(customizeSeverity('missing-end-handler', 'warn', [{ rule: 'missing-*', severity: 'error' }]), 'error');
    assert.equal(customizeSeverity('prefer-pipeline', 'warn', [{ rule: 'missing-*', severity: 'error' }]), 'warn');
    assert.equal(customizeSeverity('prefer-pipeline', 'warn', [{ rule: '!missing-*', severity: 'off' }]), 'off');
    assert.equal(
      customizeSeverity('missing-error-listener', 'error', [
        { rule: '*', severity: 'downgrade' },
        { rule: '*', severity: 'downgrade' },
      ]),
      'info',
    );
    assert.equal(customizeSeverity('x', 'warn', [{ rule: 'x', severity: 'upgrade' }]), 'error');
    assert.equal(customizeSeverity('x', 'off', [{ rule: 'x', severity: 'upgrade' }]), 'off');
    assert.equal(
      customizeSeverity('x', 'warn', [
        { rule: 'x', severity: 'off' },
        { rule: 'x', severity: 'default' },
      ]),
      'warn',
    );
    assert.equal(customizeSeverity('x', 'off', [{ rule: 'x', severity: 'warn' }]), 'warn', 'a rule off in the config can be turned on in the editor');
  });

  it('an invalid rule glob in customizations is left out with one problem naming the entry; the others apply', () => {
    const s = normalizeSettings({
      rules: {
        customizations: [
          { rule: '{missing', severity: 'off' },
          { rule: 'prefer-*', severity: 'error' },
        ],
      },
    });
    assert.deepEqual(s.customizations, [{ rule: 'prefer-*', severity: 'error' }]);
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0], /socklint\.rules\.customizations\[0\]\.rule: "\{missing" is not a valid glob/);
    assert.equal(customizeSeverity('missing-end-handler', 'warn', [{ rule: '{missing', severity: 'off' }]), 'warn', 'an invalid glob matches nothing');
  });

  it('rule id globs that backtrack for seconds in a RegExp are matched at once', () => {
    const id = 'a'.repeat(40);
    assert.equal(customizeSeverity(id, 'warn', [{ rule: '*a*a*a*a*a*a*a*a*b', severity: 'off' }]), 'warn');
    assert.equal(customizeSeverity(id, 'warn', [{ rule: '*a*a*a*a*a*a*a*a*a', severity: 'off' }]), 'off');
    assert.equal(customizeSeverity(`${'a'.repeat(25)}b`, 'warn', [{ rule: '{a,a}'.repeat(25), severity: 'off' }]), 'warn');
  });

  it('matches rule id globs with alternatives', () => {
    assert.equal(customizeSeverity('prefer-pipeline', 'warn', [{ rule: '{prefer,missing}-*', severity: 'error' }]), 'error');
    assert.equal(customizeSeverity('destroy-without-end', 'warn', [{ rule: '{prefer,missing}-*', severity: 'error' }]), 'warn');
  });

  it('answers fix-all only when context.only asks for it', () => {
    assert.deepEqual(requestedKinds(undefined), { quickFix: true, fixAll: false });
    assert.deepEqual(requestedKinds(['quickfix']), { quickFix: true, fixAll: false });
    assert.deepEqual(requestedKinds(['source.fixAll']), { quickFix: false, fixAll: true });
    assert.deepEqual(requestedKinds(['source.fixAll.socklint']), { quickFix: false, fixAll: true });
    assert.deepEqual(requestedKinds(['source.fixAll.eslint']), { quickFix: false, fixAll: false });
    assert.deepEqual(requestedKinds(['source.organizeImports']), { quickFix: false, fixAll: false });
  });
});
