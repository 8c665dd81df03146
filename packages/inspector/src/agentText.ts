// The agent as text (see agentBundle.ts). esbuild.mjs replaces this module in the bundles with the
// text it bundled at build time; from source it is bundled here, once per process, on first use.
import { bundleAgent } from './agentBundle';

let text: string | undefined;

export function agentText(): string {
  return (text ??= bundleAgent().text);
}
