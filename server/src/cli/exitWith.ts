/**
 * Sets the exit code a command's promise resolves to. A rejection is not bad input (that has its
 * own messages) but a bug: one line, the stack only with SOCKLINT_DEBUG, exit code 2.
 */
export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`socklint: internal error: ${(e as Error)?.message ?? String(e)}\n`);
      if (process.env.SOCKLINT_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
      process.exitCode = 2;
    },
  );
}
