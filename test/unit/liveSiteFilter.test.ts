import * as assert from 'node:assert/strict';
import { siteKey, viewRows } from '../../client/src/inspector/webview/socketView';
import type { SocketRow } from '@socklint/protocol/webview';

function row(fd: number, site: string | null): SocketRow {
  return {
    fd,
    kind: 'client',
    local: null,
    remote: null,
    state: 'ESTABLISHED',
    rxQueue: 0,
    txQueue: 0,
    kernelTimer: null,
    kernelTimerMs: null,
    ageMs: 1000,
    ageSource: 'created',
    idleMs: 10,
    timeout: null,
    keepAlive: null,
    bytesRead: 0,
    bytesWritten: 0,
    listeners: { error: false, end: false, close: false, timeout: false },
    refd: true,
    destroyed: false,
    paused: false,
    owner: null,
    request: null,
    site,
  };
}

describe("the panel's site filter (the editor's line → its sockets)", () => {
  const rows = [
    row(10, '/app/relay.js:40:24'),
    row(11, '/app/relay.js:40:7'),
    row(12, '/app/relay.js:53:13'),
    row(13, 'accepted by 127.0.0.1:80'),
    row(14, null),
    row(15, '/app/dist/relay.js:12:3'),
  ];
  const view = (sites: string[] | null, search = '') =>
    viewRows(rows, { filters: {}, search, sort: { key: 'fd', dir: 1 }, site: sites && { label: 'relay.js:40', sites } }).map((r) => r.fd);

  it('keeps the sockets created at the given lines, any column', () => {
    assert.deepEqual(view(['/app/relay.js:40']), [10, 11]);
    // A source line behind two process sites (a built file and its source).
    assert.deepEqual(view(['/app/relay.js:40', '/app/dist/relay.js:12']), [10, 11, 15]);
    assert.deepEqual(view(['/app/relay.js:4']), []);
  });

  it('adds to the other filters and leaves every row without one', () => {
    assert.deepEqual(view(['/app/relay.js:40'], ':24'), [10]);
    assert.deepEqual(view(null), [10, 11, 12, 13, 14, 15]);
  });

  it('reads "file:line" from a site', () => {
    assert.equal(siteKey('/app/relay.js:40:24'), '/app/relay.js:40');
    assert.equal(siteKey('file:///C:/app/relay.mjs:3:1'), 'file:///C:/app/relay.mjs:3');
    assert.equal(siteKey('accepted by 127.0.0.1:80'), '');
    assert.equal(siteKey(null), '');
  });
});
