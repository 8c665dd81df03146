/**
 * Whether CLI output is styled: NO_COLOR wins, then FORCE_COLOR, else only when stdout is a
 * terminal. (picocolors' own default also turns colour on whenever a CI variable is set, which
 * puts escape codes into logs and pipes.)
 */
export function useColor(env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean }): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stdout.isTTY);
}
