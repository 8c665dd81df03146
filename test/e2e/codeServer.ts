// One code-server (VS Code 1.99 served to a browser) per test run, with everything it writes kept
// inside the run folder: its user data, extensions, and HOME/XDG folders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ROOT } from './extensionPackage';
import { poll } from './poll';

export const HOST_DIR = path.join(ROOT, 'test', 'e2e', '.host');
export const CODE_SERVER = path.join(HOST_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';

/** Throws one clear sentence when the real-editor prerequisites are not installed. */
export function assertPrerequisites(): void {
  const missing = [
    fs.existsSync(CODE_SERVER) ? '' : `code-server (${path.relative(ROOT, CODE_SERVER)})`,
    fs.existsSync(CHROMIUM) ? '' : `chromium (${CHROMIUM})`,
  ].filter(Boolean);
  if (missing.length) throw new Error(`The real-editor tests need ${missing.join(' and ')}: run scripts/setup-e2e.sh first.`);
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  /** ud/User/settings.json: the user settings of this run. */
  settingsFile: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * HOME and XDG_* inside the run folder, so nothing is written to the real home. TMPDIR is a short
 * folder of its own: chromium and VS Code put unix sockets there, whose paths must stay under 108 bytes.
 */
export function runEnv(runDir: string, tmpDir: string): NodeJS.ProcessEnv {
  const home = path.join(runDir, 'home');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: tmpDir,
  };
  // Options meant for the test process (tsx loader) must not leak into VS Code's node processes.
  delete env.NODE_OPTIONS;
  for (const dir of [env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_CACHE_HOME!, env.TMPDIR!]) fs.mkdirSync(dir, { recursive: true });
  return env;
}

export interface StartOptions {
  runDir: string;
  tmpDir: string;
  workspace: string;
  vsix: string;
  settings: Record<string, unknown>;
  /** Ask whether to trust the workspace (Restricted Mode tests); else it is trusted. */
  workspaceTrust?: boolean;
}

/** Installs the .vsix into a fresh extensions folder, starts code-server and waits for /healthz. */
export async function startCodeServer({ runDir, tmpDir, workspace, vsix, settings, workspaceTrust }: StartOptions): Promise<CodeServer> {
  assertPrerequisites();
  const env = runEnv(runDir, tmpDir);
  const userDataDir = path.join(runDir, 'ud');
  const extensionsDir = path.join(runDir, 'ext');
  const config = path.join(runDir, 'config.yaml');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const port = await freePort();
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const dirs = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const install = spawnSync(CODE_SERVER, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 60_000 });
  if (install.status !== 0) throw new Error(`code-server --install-extension failed (${install.status}): ${install.stderr || install.stdout}`);

  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    ...dirs,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    workspace,
  ];
  // Own process group, so stopping it also ends the extension host and the language server.
  const child: ChildProcess = spawn(CODE_SERVER, args, { env, cwd: runDir, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `code-server exited (${code ?? signal}); see ${logFile}`));

  const url = `http://127.0.0.1:${port}`;
  await poll(
    async () => {
      if (exit) throw new Error(exit);
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, what: `code-server /healthz on port ${port}` },
  );

  const stop = async () => {
    if (child.pid === undefined) return;
    const gone = exit ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // the whole group is gone already
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
  };
  return { url, port, userDataDir, settingsFile, logFile, stop };
}
