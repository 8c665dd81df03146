/**
 * A worker thread of `socklint check --jobs n` (its own bundle, dist/cli-worker.js): checks the
 * pieces of the plan the main thread sends, one at a time, and answers with each file's record.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkGroupPiece, planOfGroup, type RunOptions } from '../core/runner';
import { rules } from '../rules';
import type { PieceRequest, WorkerMessage, WorkerOptions } from './parallel';

const port = parentPort;
if (port) {
  const base = workerData as WorkerOptions;
  const options: RunOptions = { ...base, paths: [], rules };
  const send = (message: WorkerMessage) => port.postMessage(message);
  port.on('message', (request: PieceRequest) => {
    try {
      const plan = planOfGroup(request.configPath, request.files, options);
      const piece = checkGroupPiece(
        plan,
        0,
        request.files.map((_, i) => i),
        options,
        () => send({ kind: 'file' }),
      );
      send({ kind: 'done', id: request.id, projectWarning: piece.projectWarning, records: piece.records });
    } catch (e) {
      send({ kind: 'failed', id: request.id, message: (e as Error)?.stack ?? String(e) });
    }
  });
}
