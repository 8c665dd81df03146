// Promise-heavy application logic with timers, the part of a suite that touches no socket.
const assert = require('node:assert');
const { setTimeout: sleep } = require('node:timers/promises');

async function pipeline(items) {
  const out = [];
  for (const item of items) {
    const parsed = await Promise.resolve(JSON.parse(JSON.stringify(item)));
    out.push(await Promise.all([parsed.a, parsed.b].map(async (x) => x * 2)));
  }
  return out;
}

describe('application logic', () => {
  for (let i = 0; i < 40; i++) {
    it(`pipeline ${i}`, async () => {
      const items = Array.from({ length: 500 }, (_, j) => ({ a: j, b: i }));
      const out = await pipeline(items);
      assert.equal(out.length, 500);
      assert.deepEqual(out[10], [20, i * 2]);
    });
  }
  it('debounced work settles', async () => {
    let calls = 0;
    let timer = null;
    const debounced = () => {
      clearTimeout(timer);
      timer = setTimeout(() => calls++, 5);
    };
    for (let i = 0; i < 100; i++) debounced();
    await sleep(30);
    assert.equal(calls, 1);
  });
});
