/**
 * `socklint check --jobs n`: the main thread plans (discovery, configuration, reading, the
 * prefilter), cuts the plan into pieces (shard.ts) and hands them, largest first, to n worker
 * threads; the results are put back in the order one thread would have produced them.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { assembleResult, type CheckPlan, type FileRecord, type GroupPieceResult, type RunOptions, type RunResult } from '../core/runner';
import { partition, PROJECT_COST, type Piece } from './shard';

/** What a worker needs of the run's options (the rules it loads itself). */
export interface WorkerOptions {
  cwd: string;
  configFile?: string;
  nodeVersion?: string;
  maxFileSize?: number;
}

export interface PieceRequest {
  id: number;
  configPath: string;
  files: { filePath: string; text: string }[];
}

export type WorkerMessage =
  | { kind: 'file' }
  | { kind: 'done'; id: number; projectWarning?: string; records: FileRecord[] }
  | { kind: 'failed'; id: number; message: string };

/** The most workers chosen without --jobs: each holds its own programs (hundreds of MB on a large project). */
const MAX_DEFAULT_JOBS = 8;
/**
 * Without --jobs, a plan smaller than this (bytes of candidate files, plus a project's cost each)
 * runs in this thread: a worker's start (loading the analyzer) and its own lib and @types/node
 * cost more than they save on a small run.
 */
const MIN_PARALLEL_COST = 6 * PROJECT_COST;

/**
 * Node's worker module, loaded when the first worker starts: loaded while check's start-up snapshot
 * is made, its shared state (the counter behind a worker's process.cwd()) would not survive the
 * snapshot, and every worker of a run from it would fail.
 */
function workerThreads(): typeof import('node:worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

/** --jobs when not given: the CPUs available but one (for the main thread), on a machine with more than 2. */
export function defaultJobs(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cpus > 2 ? Math.min(cpus - 1, MAX_DEFAULT_JOBS) : 1;
}

/** How many workers this plan gets: the given --jobs, or the default when the plan is large enough. */
export function workersFor(plan: CheckPlan, jobs: number | undefined): number {
  if (jobs !== undefined) return jobs;
  const cost = plan.groups.reduce((sum, g) => sum + PROJECT_COST + g.inputs.reduce((n, input) => n + input.text.length, 0), 0);
  return cost >= MIN_PARALLEL_COST ? defaultJobs() : 1;
}

/** The worker's bundle next to this one; from the sources (tests through tsx), the worker's source. */
function workerEntry(): { file: string; execArgv?: string[] } {
  if (__filename.endsWith('.ts')) return { file: path.join(__dirname, 'worker.ts'), execArgv: ['--import', 'tsx'] };
  return { file: path.join(__dirname, 'cli-worker.js') };
}

/** Runs the plan's groups on `jobs` worker threads; the result equals runPlan's in this thread. */
export async function runPlanInWorkers(plan: CheckPlan, options: RunOptions, jobs: number): Promise<RunResult> {
  const pieces: Piece[] = partition(plan, jobs)
    .flat()
    .sort((a, b) => b.cost - a.cost || a.group - b.group || a.indices[0] - b.indices[0]);
  const results: GroupPieceResult[] = [];
  const queue = pieces.map((piece, id) => ({ piece, id }));
  const entry = workerEntry();
  const workerOptions: WorkerOptions = { cwd: options.cwd, configFile: options.configFile, nodeVersion: options.nodeVersion, maxFileSize: options.maxFileSize };
  const count = Math.min(jobs, queue.length);
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, () => {
        const worker = new (workerThreads().Worker)(entry.file, { workerData: workerOptions, execArgv: entry.execArgv });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          let current: { piece: Piece; id: number } | undefined;
          const next = () => {
            current = queue.shift();
            if (!current) return resolve();
            const group = plan.groups[current.piece.group];
            const files = current.piece.indices.map((i) => ({ filePath: group.inputs[i].filePath, text: group.inputs[i].text }));
            worker.postMessage({ id: current.id, configPath: group.configPath, files } satisfies PieceRequest);
          };
          worker.on('message', (message: WorkerMessage) => {
            if (message.kind === 'file') {
              options.onProgress?.(++plan.done, plan.total);
            } else if (message.kind === 'failed') {
              reject(new Error(`a worker thread failed: ${message.message}`));
            } else if (current && message.id === current.id) {
              results.push({ group: current.piece.group, indices: current.piece.indices, projectWarning: message.projectWarning, records: message.records });
              next();
            }
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (current) reject(new Error(`a worker thread stopped (exit code ${code})`));
          });
          next();
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return assembleResult(plan, results);
}
