// Waiting on the editor: check a condition again and again until it holds or the time is up.
// (A fixed sleep is either too short under load or wastes time; polling is neither.)

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is awaited, for the timeout message. */
  what: string;
}

/** Resolves with the first truthy value of `check`; rejects after `timeoutMs` with the last error. */
export async function poll<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: PollOptions): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 100, what } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
