// Does one large document starve the others? Starts the built language server (dist/server.js) over
// JSON-RPC, opens a 200,000-line file and asks for its diagnostics, then at once opens a small file
// and asks for its: prints the time to each answer. Run: `npm run build && node --import tsx scripts/bench-large-file.ts`
// (`--no-limit` sets socklint.maxFileSizeKb to 0, so the large file is analysed as any other).
import { LspSession, makeWorkspace, writeFile } from '../test/lsp/lspSession';

const LINES = 200_000;
const noLimit = process.argv.includes('--no-limit');
/** `--small-only`: the small file alone in a fresh server, the time the large one adds nothing to. */
const smallOnly = process.argv.includes('--small-only');

let big = "const net = require('net');\nconst socket = net.connect(80, 'example.com');\n";
for (let i = 0; big.split('\n').length <= LINES; i++) {
  big += Array.from({ length: 1000 }, (_, j) => `function f${i}_${j}(a, b) { return { sum: a + b * ${j}, name: 'item${j}' }; }`).join('\n') + '\n';
}
const small = "const net = require('net');\nconst sock = net.connect(80, 'example.com');\nsock.write('ping');\n";

async function main(): Promise<void> {
  const ws = makeWorkspace({});
  const session = await LspSession.start({ folders: [ws], settings: () => (noLimit ? { maxFileSizeKb: 0 } : {}) });
  try {
    const started = performance.now();
    const bigUri = smallOnly ? undefined : await session.open(writeFile(ws, 'big.js', big));
    const bigAnswer = bigUri ? session.diagnostics(bigUri).then((d) => ({ ms: performance.now() - started, n: d.length })) : Promise.resolve({ ms: 0, n: 0 });
    const smallUri = await session.open(writeFile(ws, 'small.js', small));
    const smallAnswer = session.diagnostics(smallUri).then((d) => ({ ms: performance.now() - started, n: d.length }));
    const [b, s] = await Promise.all([bigAnswer, smallAnswer]);
    const lines = big.split('\n').length - 1;
    if (smallOnly) console.log('small file alone (no large file open)');
    else {
      console.log(`${noLimit ? 'no size limit' : 'default size limit'}: ${lines} lines, ${(Buffer.byteLength(big) / 1024 / 1024).toFixed(1)} MB`);
      console.log(`  large file: diagnostics after ${Math.round(b.ms)} ms (${b.n})`);
    }
    console.log(`  small file opened right after it: diagnostics after ${Math.round(s.ms)} ms (${s.n})`);
    const told = session.messages.filter((m) => m.message.includes('big.js'));
    if (told.length) console.log(`  message: ${told[0].message}`);
  } finally {
    await session.stop();
  }
}

void main();
