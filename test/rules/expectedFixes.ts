/**
 * Text the relay and pipe fixes insert, shared by the expected outputs of several rule tests (the
 * tests state what changes around it; these state what is inserted, once).
 */

/** 'error' listeners on both sides of a relay, each destroying the other side. */
export function relayErrorListeners(a: string, b: string, indent = '  '): string {
  const listener = (self: string, peer: string) => [
    `${self}.on('error', (err) => {`,
    `  console.error('relay error:', err.message);`,
    `  ${peer}.destroy();`,
    `});`,
  ];
  return [...listener(a, b), ...listener(b, a)].map((line) => indent + line).join('\n');
}

/** An idle timeout on each side of a relay, destroying that side. */
export function relayIdleTimeouts(a: string, b: string, indent = '  ', ms = 60000): string {
  return [a, b]
    .flatMap((s) => [`${s}.setTimeout(${ms});`, `${s}.on('timeout', () => ${s}.destroy());`])
    .map((line) => indent + line)
    .join('\n');
}

/** `pipeline(src, dst, …)` with the callback that reports a failure. */
export function pipelineCall(args: string, indent = '  '): string {
  return [`pipeline(${args}, (err) => {`, `  if (err) console.error('pipeline failed:', err.message);`, `});`].map((line) => indent + line).join('\n');
}
