// Inspector overhead benchmark (not a test; prints numbers, asserts nothing).
//  1. Target throughput under a bounded loopback HTTP load, without and with 1 Hz sampling
//     (alternating runs, median of each). The target does some CPU work per request and, with
//     taskset, has CPU 0 to itself: it is CPU-bound, so whatever sampling takes shows as lost req/s.
//  2. Per-sample cost at 1k, 10k and 19.5k sockets held by the target (19.5k: under a 20,000 fd
//     limit for the target and the holder), the first sample after attaching apart (it lists every
//     handle once), next to peers measured in the
//     same run: a bare Runtime.evaluate round trip (the floor), process._getActiveHandles() alone
//     in the target (what enumerating the sockets costs before the sampler looks at any) and
//     process.report (tier C).
//  3. The kernel view (any process, --kernel-only): one sample at 1k and 10k sockets, its /proc read
//     time (fd table, TCP tables, limits) apart from the idle times `ss` adds.
//
//   npm run bench:inspector [-- --quick] [--cost-only] [--kernel-only]
// Runs with tsx's loader (the sampler is TypeScript). Everything binds 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as readline from 'node:readline';
import { Sampler } from '../packages/inspector/src/index.ts';
import { KernelSampler } from '../packages/inspector/src/kernelView.ts';

const quick = process.argv.includes('--quick');
const LOAD_SECONDS = quick ? 2 : 3;
const ROUNDS = quick ? 4 : 8;
const AMP_ROUNDS = quick ? 2 : 4;
const CONCURRENCY = 16;
const SAMPLES = quick ? 10 : 25;
const SCALES = [1000, 10000];
/** The per-sample cost is also measured here (the kernel view stays at SCALES). */
const COST_SCALES = [...SCALES, 19500];
/** CPU work per request in the throughput target (about 0.1 ms here): a service, not an echo. */
const WORK = 200000;

// The target: an HTTP service doing some CPU work per request (argv[1] loop iterations, 0 by
// default) and an idle TCP server whose accepted connections it holds.
const TARGET = `
const http = require('node:http');
const net = require('node:net');
const work = Number(process.argv[1] || 0);
const server = http.createServer((req, res) => {
  let x = 0;
  for (let i = 0; i < work; i++) x = (x * 31 + i) | 0;
  res.end(x === 0.5 ? '' : 'ok');
});
server.keepAliveTimeout = 60000;
const idle = net.createServer((s) => { s.on('error', () => {}); });
server.listen(0, '127.0.0.1', () => idle.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ event: 'ready', pid: process.pid, port: server.address().port, idlePort: idle.address().port }))));
`;

// Opens N connections to a port and holds them (so the target holds N sockets of its own).
const HOLDER = `
const net = require('node:net');
const [port, n] = process.argv.slice(1).map(Number);
let open = 0, started = 0;
const kept = [];
function next() {
  while (started < n && started - open < 200) {
    started++;
    const c = net.connect(port, '127.0.0.1', () => { if (++open === n) console.log(JSON.stringify({ event: 'ready', open })); else next(); });
    c.on('error', (e) => { console.error(e.message); process.exit(1); });
    kept.push(c);
  }
}
next();
if (n === 0) console.log(JSON.stringify({ event: 'ready', open: 0 }));
`;

// Bounded keep-alive HTTP load for a fixed time; prints the completed request count.
const LOAD = `
const http = require('node:http');
const [port, seconds, concurrency] = process.argv.slice(1).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const end = Date.now() + seconds * 1000;
let done = 0, running = concurrency;
function one() {
  if (Date.now() >= end) { if (--running === 0) console.log(JSON.stringify({ event: 'done', requests: done })); return; }
  http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => { res.resume(); res.on('end', () => { done++; one(); }); })
    .on('error', (e) => { console.error(e.message); process.exit(1); });
}
for (let i = 0; i < concurrency; i++) one();
`;

/** With 2+ CPUs and taskset: the target gets CPU 0 to itself; the load, the holder and this script share the others. */
const PIN = os.cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const TARGET_CPUS = '0';
const OTHER_CPUS = os.cpus().length > 2 ? `1-${os.cpus().length - 1}` : '1';

function run(code, args = [], nodeArgs = [], cpus = undefined) {
  // Through sh to raise the soft fd limit to the hard one: 10k sockets need more than the usual 1024.
  const pin = PIN && cpus ? ['taskset', '-c', cpus] : [];
  const child = spawn(
    'sh',
    [
      '-c',
      'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"',
      ...(pin.length ? pin : [process.execPath]),
      ...(pin.length ? [process.execPath] : []),
      ...nodeArgs,
      '-e',
      code,
      ...args.map(String),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const lines = [];
  const waiters = [];
  readline.createInterface({ input: child.stdout }).on('line', (l) => {
    try {
      const msg = JSON.parse(l);
      lines.push(msg);
      for (const w of waiters.splice(0)) w();
    } catch {
      /* not ours */
    }
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    pid: child.pid,
    stderr: () => stderr,
    async waitFor(event, timeoutMs = 60000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = lines.find((x) => x.event === event);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`child exited before "${event}": ${stderr}`);
        if (Date.now() > deadline) throw new Error(`timeout waiting for "${event}": ${stderr}`);
        await new Promise((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
      await exited;
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const f = (x, d = 2) => x.toFixed(d);

/** Requests per second; also sets the target's CPU ms per 1000 requests (steadier than req/s on a busy machine). */
async function loadOnce(port, cpuMicros) {
  const c0 = cpuMicros ? await cpuMicros() : 0;
  const load = run(LOAD, [port, LOAD_SECONDS, CONCURRENCY], [], OTHER_CPUS);
  const { requests } = await load.waitFor('done', (LOAD_SECONDS + 30) * 1000);
  await load.stop();
  const cpuMs = cpuMicros ? ((await cpuMicros()) - c0) / 1000 : 0;
  lastCpuPerKReq = requests ? (cpuMs / requests) * 1000 : NaN;
  return requests / LOAD_SECONDS;
}
let lastCpuPerKReq = NaN;

async function throughput() {
  console.log(
    `\n# Throughput: keep-alive HTTP on loopback, ${CONCURRENCY} concurrent, ${LOAD_SECONDS} s runs, ${ROUNDS} rounds of (without, with) in alternating order`,
  );
  console.log(
    PIN
      ? `the target runs alone on CPU ${TARGET_CPUS} and does ${WORK} loop iterations per request, so it is CPU-bound; the load generator, the holder and the sampler share CPU ${OTHER_CPUS}`
      : 'no taskset or one CPU: the target shares its CPUs with the load generator and the sampler (noisier)',
  );
  if (PIN) spawnSync('taskset', ['-apc', OTHER_CPUS, String(process.pid)]);
  // --inspect-port=0: SIGUSR1 opens a free port instead of 9229.
  const target = run(TARGET, [WORK], ['--inspect-port=0'], TARGET_CPUS);
  let idle = null;
  let sampler = null;
  let probe = null;
  try {
    const { port, idlePort } = await target.waitFor('ready');
    idle = run(HOLDER, [idlePort, 1000], [], OTHER_CPUS);
    await idle.waitFor('ready');
    // Attached for the whole run; only the sampling is switched on and off, so both arms pay the
    // same for an open (idle) inspector connection.
    sampler = await Sampler.attach({ pid: target.pid });
    // The target's process CPU time in µs (process.cpuUsage), read over a second inspector client
    // that stays connected in both arms.
    const { attach } = await import('../packages/inspector/src/attach.ts');
    probe = await attach({ port: sampler.info.port });
    const cpuMicros = async () =>
      (await probe.cdp.send('Runtime.evaluate', { expression: '(() => { const c = process.cpuUsage(); return c.user + c.system; })()', returnByValue: true }))
        .result.value;
    await loadOnce(port); // warm-up
    const without = [];
    const withSampling = [];
    const ratios = [];
    const cpuWithout = [];
    const cpuWith = [];
    const costs = [];
    let busyMs = 0;
    const cpuCosts = [];
    let sampledMs = 0;
    const sampled = async (intervalMs = 1000) => {
      let stop = false;
      const t0 = Date.now();
      const loop = (async () => {
        while (!stop) {
          const started = Date.now();
          const s = await sampler.sample();
          costs.push(s.sampleCostMs);
          cpuCosts.push(s.sampleCpuMs);
          busyMs += s.sampleCostMs;
          await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
        }
      })();
      const rps = await loadOnce(port, cpuMicros);
      stop = true;
      await loop;
      sampledMs += Date.now() - t0;
      return rps;
    };
    for (let round = 0; round < ROUNDS; round++) {
      let a, b, ca, cb;
      if (round % 2 === 0) {
        a = await loadOnce(port, cpuMicros);
        ca = lastCpuPerKReq;
        b = await sampled();
        cb = lastCpuPerKReq;
      } else {
        b = await sampled();
        cb = lastCpuPerKReq;
        a = await loadOnce(port, cpuMicros);
        ca = lastCpuPerKReq;
      }
      without.push(a);
      withSampling.push(b);
      ratios.push(b / a);
      cpuWithout.push(ca);
      cpuWith.push(cb);
    }
    // Amplified: the same pairs at 10 Hz make a small per-sample cost visible above the noise.
    const ampWithout = [];
    const ampWith = [];
    const busyBefore = busyMs;
    const sampledBefore = sampledMs;
    for (let round = 0; round < AMP_ROUNDS; round++) {
      if (round % 2 === 0) {
        await loadOnce(port, cpuMicros);
        ampWithout.push(lastCpuPerKReq);
        await sampled(100);
        ampWith.push(lastCpuPerKReq);
      } else {
        await sampled(100);
        ampWith.push(lastCpuPerKReq);
        await loadOnce(port, cpuMicros);
        ampWithout.push(lastCpuPerKReq);
      }
    }
    const ampBusy = (busyMs - busyBefore) / (sampledMs - sampledBefore);
    busyMs = busyBefore;
    sampledMs = sampledBefore;
    const a = median(without);
    const b = median(withSampling);
    console.log(`target holds 1000 idle sockets besides the load's ${CONCURRENCY}`);
    console.log(`without sampling:   ${without.map((x) => f(x, 0)).join(', ')} req/s (median ${f(a, 0)})`);
    console.log(`with 1 Hz sampling: ${withSampling.map((x) => f(x, 0)).join(', ')} req/s (median ${f(b, 0)})`);
    console.log(
      `throughput loss, median of paired runs: ${f((1 - median(ratios)) * 100, 2)} % (goal < 2 %); ` + `pair ratios ${ratios.map((r) => f(r, 3)).join(', ')}`,
    );
    const ca = median(cpuWithout);
    const cb = median(cpuWith);
    console.log(
      `target CPU per 1000 requests: without ${f(ca, 1)} ms, with ${f(cb, 1)} ms (medians) -> ` +
        `${f(((cb - ca) / ca) * 100, 2)} % more CPU per request, i.e. the throughput a CPU-bound target would lose`,
    );
    const aa = median(ampWithout);
    const ab = median(ampWith);
    console.log(
      `amplified, 10 Hz sampling: target CPU per 1000 requests ${f(aa, 1)} -> ${f(ab, 1)} ms: ${f(((ab - aa) / aa) * 100, 2)} % ` +
        `(main thread ${f(ampBusy * 100, 2)} % of wall time), i.e. about ${f(((ab - aa) / aa) * 10, 2)} % at 1 Hz`,
    );
    console.log(
      `target main-thread time spent sampling: ${f((busyMs / sampledMs) * 100, 3)} % of wall time ` +
        `(wall median ${f(median(costs))} ms, p95 ${f(p95(costs))} ms, CPU median ${f(median(cpuCosts))} ms per sample over ${costs.length} samples; the bound on CPU-bound loss)`,
    );
  } finally {
    probe?.cdp.close();
    await sampler?.detach().catch(() => {});
    await idle?.stop();
    await target.stop();
  }
}

async function costAt(n) {
  const target = run(TARGET, [], ['--inspect-port=0']);
  let holder = null;
  try {
    const { idlePort } = await target.waitFor('ready');
    holder = run(HOLDER, [idlePort, n]);
    await holder.waitFor('ready', 120000);
    // Peer: a bare evaluate round trip through the same connection type.
    const sampler = await Sampler.attach({ pid: target.pid }, { reportIntervalMs: 0 });
    const cost = [];
    const cpu = [];
    const rtt = [];
    const proc = [];
    let sample;
    let first = null;
    let listings = 0;
    for (let i = 0; i < SAMPLES; i++) {
      sample = await sampler.sample();
      if (i === 0) first = sample;
      if (sampler.lastListedAll) listings++;
      cost.push(sample.sampleCostMs);
      cpu.push(sample.sampleCpuMs);
      rtt.push(sample.rttMs);
      if (sample.procCostMs > 0) proc.push(sample.procCostMs); // 0 = reused an earlier /proc pass
      await new Promise((r) => setTimeout(r, 100));
    }
    const pageT = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await sampler.sockets(0, 200);
      pageT.push(performance.now() - t0);
    }
    await sampler.detach();
    // Peer: samples that each list every handle (relistMs 0), as every sample did before the
    // agent kept its sockets between samples; now the first one, one after a failed check, and one every 30 s.
    const listing = await Sampler.attach({ pid: target.pid }, { reportIntervalMs: 0, relistMs: 0 });
    const listingCost = [];
    const listingCpu = [];
    for (let i = 0; i < Math.min(SAMPLES, 15); i++) {
      const s = await listing.sample();
      if (i > 0) {
        // (the first is the first after installing)
        listingCost.push(s.sampleCostMs);
        listingCpu.push(s.sampleCpuMs);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await listing.detach();
    // Tier C peer, measured once on a fresh session (process.report, network lookups off).
    const withReport = await Sampler.attach({ pid: target.pid }, { reportIntervalMs: 1 }).catch((err) => {
      throw new Error(`${err.message} Target stderr: ${target.stderr().slice(-2000)}`);
    });
    const r = await withReport.sample();
    await withReport.detach();
    const floor = await bareEvaluate(target.pid);
    console.log(
      `${String(n).padStart(6)} sockets (JS sees ${sample.sockets.total}, kernel ESTABLISHED ${sample.tcp.ESTABLISHED ?? 0}): ` +
        `sample cost in target: wall median ${f(median(cost))} ms (p95 ${f(p95(cost))}), CPU median ${f(median(cpu))} ms (min ${f(Math.min(...cpu))}) (goal <= 3 ms at 10k); ` +
        `first sample ${f(first.sampleCostMs)} ms${first.partial ? ' (partial)' : ''}; ${listings} of ${SAMPLES} listed every handle; ` +
        `round trip median ${f(median(rtt))} ms; /proc pass (sampler side, ${proc.length} fresh) median ${f(median(proc))} ms; ` +
        `socket page of 200 (round trip): median ${f(median(pageT))} ms`,
    );
    console.log(
      `        peers: bare evaluate round trip ${f(floor.rtt)} ms (sample/floor ${f(median(rtt) / floor.rtt, 1)}x); ` +
        `process._getActiveHandles() alone in the target ${f(floor.handlesMs)} ms (sample/it ${f(median(cost) / floor.handlesMs, 1)}x); ` +
        `a sample listing every handle ${f(median(listingCost))} ms, CPU ${f(median(listingCpu))} ms (sample/it ${f(median(cost) / median(listingCost), 2)}x, CPU ${f(median(cpu) / median(listingCpu), 2)}x); ` +
        `process.report tier C ${f(r.libuv?.costMs ?? NaN)} ms (${f((r.libuv?.costMs ?? NaN) / median(cost), 1)}x a tier A sample)`,
    );
  } finally {
    await holder?.stop();
    await target.stop();
  }
}

/** The floors, on their own session: a CDP round trip evaluating `1`, and process._getActiveHandles() in the target (medians of 20). */
async function bareEvaluate(pid) {
  const { attach } = await import('../packages/inspector/src/attach.ts');
  const conn = await attach({ pid });
  const ts = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await conn.cdp.send('Runtime.evaluate', { expression: '1', returnByValue: true });
    ts.push(performance.now() - t0);
  }
  // What listing the live handles alone costs in the target, at the samples' cadence: the sampler
  // cannot enumerate sockets for less without keeping references to them.
  const handlesMs = [];
  const listHandles = `(() => { const p = process.getBuiltinModule('perf_hooks').performance; const t = p.now(); process._getActiveHandles(); return p.now() - t; })()`;
  for (let i = 0; i < 20; i++) {
    const { result } = await conn.cdp.send('Runtime.evaluate', { expression: listHandles, returnByValue: true });
    handlesMs.push(result.value);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Close the inspector the way the sampler does, then disconnect.
  await conn.cdp
    .send('Runtime.evaluate', {
      expression: `process.getBuiltinModule('inspector').close()`,
    })
    .catch(() => {});
  conn.cdp.close();
  return { rtt: median(ts), handlesMs: median(handlesMs) };
}

/** The kernel view of a process holding n sockets: nothing attached, /proc and ss only. */
async function kernelCostAt(n) {
  const target = run(TARGET);
  let holder = null;
  try {
    const { idlePort } = await target.waitFor('ready');
    holder = run(HOLDER, [idlePort, n]);
    await holder.waitFor('ready', 120000);
    const view = KernelSampler.open(target.pid, { reason: 'kernel-only' });
    const proc = [];
    const total = [];
    let first = null;
    let sample;
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      sample = await view.sample();
      const t = performance.now() - t0;
      if (i === 0) first = { proc: sample.procCostMs, total: t };
      else {
        proc.push(sample.procCostMs);
        total.push(t);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const pageT = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await view.sockets(0, 200);
      pageT.push(performance.now() - t0);
    }
    await view.detach();
    console.log(
      `${String(n).padStart(6)} sockets (kernel ESTABLISHED ${sample.tcp.ESTABLISHED ?? 0}, fds ${sample.fds.open}): ` +
        `/proc read per sample median ${f(median(proc))} ms (p95 ${f(p95(proc))}; first, before the fd links are cached, ${f(first.proc)} ms); ` +
        `whole sample with ss idle times median ${f(median(total))} ms (first ${f(first.total)} ms); socket page of 200 (within a second of a sample, which it reuses) median ${f(median(pageT))} ms; cost to the target: none (nothing runs in it)`,
    );
  } finally {
    await holder?.stop();
    await target.stop();
  }
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(
  `socklint inspector bench — node ${process.version}, ${os.cpus().length} cpus, load average ${load()} (other work on the machine inflates wall-clock figures; CPU figures and same-run peers are steadier)`,
);
const kernelOnly = process.argv.includes('--kernel-only');
if (!process.argv.includes('--cost-only') && !kernelOnly) await throughput();
if (!kernelOnly) {
  console.log(`\n# Per-sample cost (${SAMPLES} samples each; tier A in the target + tier B from /proc)`);
  for (const n of COST_SCALES) await costAt(n);
}
console.log(`\n# Kernel view (${SAMPLES} samples each; /proc only, as for a process that is not Node.js)`);
for (const n of SCALES) await kernelCostAt(n);
console.log(`\nload average at the end: ${load()}`);
