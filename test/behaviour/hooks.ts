import { prepareFixedPrograms } from './fixedPrograms';
import { closeAllPeers, destroyAllClients } from './peers';
import { stopAll } from './processes';

/**
 * Kills every program and closes every peer a test started, pass or fail. Before the first test,
 * prepares the scenarios' fixed programs: running the CLI over all of them takes tens of seconds on
 * a loaded machine, which is no single test's work and must not count against its time limit.
 */
export function cleanUpAfterEach(): void {
  before(async function () {
    this.timeout(300000);
    await prepareFixedPrograms();
  });
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
