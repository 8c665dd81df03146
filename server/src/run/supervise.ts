// Runs the command with the preload in NODE_OPTIONS, passes its stdio, signals and exit code
// through, and gathers what each traced process reported. Processes that hang (every traced
// process idle for `idleExitS` seconds while the command still runs) are asked for a report and
// stopped; processes still running after the command ended are asked for one and left running.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REQUEST_FILE, RUN_DIR_ENV, RUN_LEAKS_ENV, exitFile, type ProcessReport, type ProcessStart } from './types';

export interface SuperviseOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Absolute path of dist/run-preload.js. */
  preload: string;
  leaks: boolean;
  /** 0: never stop the command. */
  idleExitS: number;
  /** Without idleExitS: say once (through onNotice) when every traced process has been idle this long. */
  idleNoticeS?: number;
  onNotice?: (text: string) => void;
}

export interface SuperviseResult {
  /** The command's exit code, or 128 + signal number, or 127/126 when it could not be started. */
  exitCode: number;
  spawnError: string | null;
  reports: ProcessReport[];
  /** Node processes that started but left no report (ended by a signal, or did not answer). */
  unreported: ProcessStart[];
  /** Set when the command was stopped after sitting idle. */
  stoppedAfterIdleS: number | null;
}

const POLL_MS = 250;
/** How long processes get to answer a request (they look every 500 ms, unless busy). */
const ANSWER_MS = 2000;
const KILL_AFTER_MS = 3000;

/** NODE_OPTIONS with our --require added; quoted so a path with spaces survives Node's parsing. */
export function nodeOptionsWith(existing: string | undefined, preload: string): string {
  const quoted = /[\s"\\]/.test(preload) ? `"${preload.replace(/(["\\])/g, '\\$1')}"` : preload;
  return [existing?.trim(), `--require ${quoted}`].filter(Boolean).join(' ');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** utime + stime in clock ticks, or null when the process is gone or a zombie. */
function cpuTicks(pid: number): number | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (process.platform === 'linux') return cpuTicks(pid) !== null;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

class RunDir {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-run-'));
  private seq = 0;

  starts(): ProcessStart[] {
    const out: ProcessStart[] = [];
    for (const name of this.names()) {
      if (!name.endsWith('.start.json')) continue;
      const s = this.read<ProcessStart>(name);
      if (s) out.push(s);
    }
    return out;
  }
  /** Pids with a start file and no exit file, from the file names alone (polled every 250 ms). */
  startedNotExited(): number[] {
    const names = new Set(this.names());
    const pids: number[] = [];
    for (const name of names) {
      const m = /^(\d+)\.start\.json$/.exec(name);
      if (m && !names.has(exitFile(Number(m[1])))) pids.push(Number(m[1]));
    }
    return pids;
  }
  exited(pid: number): ProcessReport | null {
    return this.read<ProcessReport>(exitFile(pid));
  }
  /** The newest report a still-running process wrote on request. */
  running(pid: number): ProcessReport | null {
    const prefix = `${pid}.running.`;
    const seqs = this.names()
      .filter((n) => n.startsWith(prefix))
      .map((n) => Number(n.slice(prefix.length, -'.json'.length)))
      .sort((a, b) => b - a);
    return seqs.length ? this.read<ProcessReport>(`${prefix}${seqs[0]}.json`) : null;
  }
  /** Asks every traced process still running for a report; resolves when they answered or after ANSWER_MS. */
  async request(pids: number[]): Promise<void> {
    const seq = ++this.seq;
    fs.writeFileSync(path.join(this.dir, `${REQUEST_FILE}.tmp`), String(seq));
    fs.renameSync(path.join(this.dir, `${REQUEST_FILE}.tmp`), path.join(this.dir, REQUEST_FILE));
    const deadline = Date.now() + ANSWER_MS;
    const answered = (pid: number): boolean =>
      fs.existsSync(path.join(this.dir, `${pid}.running.${seq}.json`)) || fs.existsSync(path.join(this.dir, exitFile(pid))) || !isAlive(pid);
    while (Date.now() < deadline && !pids.every(answered)) await sleep(100);
  }
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
  private names(): string[] {
    try {
      return fs.readdirSync(this.dir);
    } catch {
      return [];
    }
  }
  private read<T>(name: string): T | null {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8')) as T;
    } catch {
      return null; // not there, or being written
    }
  }
}

/** Runs the command to its end; never throws for the command's own failures. */
export async function supervise(options: SuperviseOptions): Promise<SuperviseResult> {
  const runDir = new RunDir();
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    NODE_OPTIONS: nodeOptionsWith(options.env.NODE_OPTIONS, options.preload),
    [RUN_DIR_ENV]: runDir.dir,
    [RUN_LEAKS_ENV]: options.leaks ? '1' : undefined,
  };
  const stillRunning = (): number[] => runDir.startedNotExited().filter(isAlive);

  let stoppedAfterIdleS: number | null = null;
  const child = spawn(options.command, options.args, { cwd: options.cwd, env, stdio: 'inherit' });
  // The terminal sends SIGINT to the whole foreground group, the command included: we wait for it.
  // SIGTERM and SIGHUP (a CI cancelling the job) are passed on to the command.
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  const onInt = (): void => {};
  process.on('SIGINT', onInt);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);

  let idleTimer: NodeJS.Timeout | null = null;
  const noticeS = options.idleExitS > 0 ? 0 : (options.idleNoticeS ?? 0);
  let noticed = false;
  if ((options.idleExitS > 0 || noticeS > 0) && process.platform === 'linux') {
    let lastKey = '';
    let lastCpu = 0;
    let idleSince = Date.now();
    let stopping = false;
    idleTimer = setInterval(() => {
      if (stopping) return;
      const pids = stillRunning().sort((a, b) => a - b);
      const key = pids.join(',');
      const cpu = pids.reduce((n, pid) => n + (cpuTicks(pid) ?? 0), 0);
      // A tick or two of slack: the preload's own unref'd poll costs microseconds every 500 ms.
      if (pids.length === 0 || key !== lastKey || cpu - lastCpu > 2) idleSince = Date.now();
      if (key !== lastKey || cpu - lastCpu > 2) {
        lastKey = key;
        lastCpu = cpu;
      }
      if (noticeS > 0 && !noticed && pids.length > 0 && Date.now() - idleSince >= noticeS * 1000) {
        noticed = true;
        options.onNotice?.(
          `every Node.js process of the command has been idle for ${noticeS} s (${pids.length === 1 ? 'pid' : 'pids'} ${pids.join(', ')}); if a socket, server or timer left open keeps ${pids.length === 1 ? 'it' : 'them'} alive, --idle-exit <seconds> reports what it is and stops the command`,
        );
      }
      if (options.idleExitS > 0 && pids.length > 0 && Date.now() - idleSince >= options.idleExitS * 1000) {
        stopping = true;
        stoppedAfterIdleS = options.idleExitS;
        void runDir.request(pids).then(async () => {
          const all = [child.pid, ...pids].filter((pid): pid is number => !!pid);
          for (const pid of all) tryKill(pid, 'SIGTERM');
          const deadline = Date.now() + KILL_AFTER_MS;
          while (Date.now() < deadline && all.some(isAlive)) await sleep(100);
          for (const pid of all) if (isAlive(pid)) tryKill(pid, 'SIGKILL');
        });
      }
    }, POLL_MS);
  }

  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error: NodeJS.ErrnoException | null }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal, error: null }));
  });
  if (idleTimer) clearInterval(idleTimer);
  process.off('SIGINT', onInt);
  process.off('SIGTERM', forward);
  process.off('SIGHUP', forward);

  // Node processes the command left behind (daemons, orphans) report what they hold; they keep running.
  const orphans = stillRunning();
  if (orphans.length && stoppedAfterIdleS === null) await runDir.request(orphans);

  const reports: ProcessReport[] = [];
  const unreported: ProcessStart[] = [];
  for (const start of runDir.starts()) {
    const report = runDir.exited(start.pid) ?? runDir.running(start.pid);
    if (report) reports.push(report);
    else unreported.push(start);
  }
  runDir.remove();

  let exitCode: number;
  let spawnError: string | null = null;
  if (ended.error) {
    exitCode = ended.error.code === 'ENOENT' ? 127 : 126;
    spawnError = ended.error.code === 'ENOENT' ? `command not found: ${options.command}` : `cannot run ${options.command}: ${ended.error.message}`;
  } else if (ended.code !== null) exitCode = ended.code;
  else exitCode = 128 + (os.constants.signals[ended.signal as NodeJS.Signals] ?? 0);
  return { exitCode, spawnError, reports, unreported, stoppedAfterIdleS };
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
