// The expressions the sampler evaluates in the target (Runtime.evaluate): the install, which
// carries the agent (inTarget/agent.ts, bundled to text), and the short calls on the installed
// agent, each typed with what it evaluates to (agentTypes.ts).
import {
  AGENT_KEY,
  type AgentApi,
  type AgentSample,
  type AgentFailure,
  type AgentSocketPage,
  type DetachOutcome,
  type InstallParams,
  type InstallResult,
  type Missing,
} from './agentTypes';
import { agentText } from './agentText';

/** A JavaScript expression whose value (Runtime.evaluate, returnByValue) is a T. */
export type Evaluation<T> = string & { readonly __evaluatesTo?: T };

const KEY = `Symbol.for(${JSON.stringify(AGENT_KEY)})`;

/** The session's installed sampler (AgentApi), or undefined. */
function lookup(session: string): string {
  const id = JSON.stringify(session);
  return `((r) => r && r.sessions instanceof Map ? r.sessions.get(${id}) : undefined)(globalThis[${KEY}])`;
}

/** `call` on the session's sampler (`a`), or `{ missing: true }` when it is not installed. */
function onSampler<T>(session: string, call: string): Evaluation<T | Missing> {
  return `(() => { const a = ${lookup(session)}; return a ? a.${call} : { missing: true }; })()`;
}

/** Installs the session's in-target sampler (idempotent). */
export function installExpression(params: InstallParams): Evaluation<InstallResult> {
  const install: InstallParams = { ...params, expireMs: Math.max(1000, Math.round(params.expireMs)) };
  // The bundle's "use strict" stays the first statement of the function: the agent runs strict, as from source.
  return `((module) => {\n${agentText()}\nreturn module.exports;\n})({ exports: {} }).install(${JSON.stringify(install)})`;
}

/** Calls one method of the session's sampler. */
export function callExpression<M extends 'report' | 'touch'>(session: string, method: M): Evaluation<ReturnType<AgentApi[M]> | Missing> {
  return onSampler(session, `${method}()`);
}

/** One sample: sockets examined one by one for at most `budgetMs`; `lite` leaves out resources and sites. */
export function sampleExpression(session: string, budgetMs: number, lite: boolean): Evaluation<AgentSample | AgentFailure | Missing> {
  return onSampler(session, `sample(${Math.max(1, Math.round(budgetMs))}, ${lite ? 'true' : 'false'})`);
}

export function socketsExpression(session: string, offset: number, limit: number): Evaluation<AgentSocketPage | AgentFailure | Missing> {
  return onSampler(session, `sockets(${Math.max(0, offset | 0)}, ${Math.max(1, limit | 0)})`);
}

export function traceSitesExpression(session: string, on: boolean): Evaluation<boolean | Missing> {
  return onSampler(session, `setTraceSites(${on ? 'true' : 'false'})`);
}

/**
 * Removes everything the session installed and closes the inspector when that was the last
 * socklint session in a process a socklint opened it in, and no other debugger is connected
 * (`otherConnections`: connections to the inspector besides ours, as the kernel counts them):
 * AgentRoot.detach, in the same evaluation. Nothing installed: nothing to do.
 */
export function detachExpression(session: string, otherConnections: number): Evaluation<DetachOutcome> {
  const nothing: DetachOutcome = { had: false, closed: false, opened: false, remaining: 0, foreign: 0 };
  return `((r) => r && r.sessions instanceof Map && typeof r.detach === 'function' ? r.detach(${JSON.stringify(session)}, ${Math.max(0, otherConnections | 0)}) : ${JSON.stringify(nothing)})(globalThis[${KEY}])`;
}

/** Evaluates (by reference, not value) to http.Agent.prototype, for Runtime.queryObjects. */
export const AGENT_PROTOTYPE_EXPRESSION = `(typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('http') : require('http')).Agent.prototype`;

/** For Runtime.callFunctionOn on the array queryObjects returned: registers every agent in it; returns how many were new. */
export function noteAgentsFunction(session: string): string {
  return `function () { const a = ${lookup(session)}; return a ? a.noteAgents(this) : 0; }`;
}

/** Identity check that works before anything is installed. */
export const IDENTITY_EXPRESSION: Evaluation<{ pid: number; nodeVersion: string }> = `({ pid: process.pid, nodeVersion: process.version })`;
