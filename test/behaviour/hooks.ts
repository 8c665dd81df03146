import { closeAllPeers, destroyAllClients } from './peers';
import { stopAll } from './processes';

/** Kills every program and closes every peer a test started, pass or fail. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    await stopAll();
    destroyAllClients();
    await closeAllPeers();
  });
}

/** The rule's timeout in the scenarios (rule option `defaultTimeoutMs` and friends). */
export const TIMEOUT_MS = 300;
/** How long "still pending" is watched: the timeout plus a generous margin. */
export const HANG_WATCH_MS = TIMEOUT_MS + 1200;
/** "Finished before a generous deadline": far above the timeout, never a speed claim. */
export const DEADLINE_MS = TIMEOUT_MS + 5000;
