// Bundles the in-target agent (inTarget/agent.ts) into the text installExpression embeds: one
// self-contained CommonJS body (`module.exports = …`; agent.ts hands it a `module`), no imports
// at run time but the built-in modules it loads itself. esbuild.mjs calls this at build time; from source
// (tests and scripts under tsx) agentText.ts calls it on first use.
import * as esbuild from 'esbuild';
import * as path from 'node:path';

export const AGENT_ENTRY = path.join(__dirname, 'inTarget', 'agent.ts');

export interface AgentBundle {
  /** A CommonJS module body: run with a `module` in scope, it sets `module.exports.install`. */
  text: string;
  /** The source files it was made of (for esbuild's watch mode). */
  inputs: string[];
}

export function bundleAgent(): AgentBundle {
  const result = esbuild.buildSync({
    entryPoints: [AGENT_ENTRY],
    bundle: true,
    write: false,
    metafile: true,
    // (Not iife: esbuild would wrap the agent's fallback `require` in a shim. The command line's
    // `require` exists during the install evaluation, on Nodes before process.getBuiltinModule.)
    format: 'cjs',
    platform: 'node',
    // The oldest Node the inspector attaches to (engines.node).
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const cwd = process.cwd();
  return { text: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs).map((f) => path.resolve(cwd, f)) };
}
