import type { Rule } from '../core/rule';
import agentFreeSocketTimeout from './agent-free-socket-timeout';
import clienterrorHandlerMustClose from './clienterror-handler-must-close';
import defaultServerTimeout from './default-server-timeout';
import destroyWithoutEnd from './destroy-without-end';
import disabledServerTimeout from './disabled-server-timeout';
import endWithoutDestroy from './end-without-destroy';
import incompleteSocketRelay from './incomplete-socket-relay';
import listenerLeakOnPooledSocket from './listener-leak-on-pooled-socket';
import invalidTimeoutOrder from './invalid-timeout-order';
import missingEndHandler from './missing-end-handler';
import missingErrorListener from './missing-error-listener';
import missingKeepalive from './missing-keepalive';
import missingRequestTimeout from './missing-request-timeout';
import missingSocketTimeout from './missing-socket-timeout';
import preferPipeline from './prefer-pipeline';
import serverKeepaliveBelowProxy from './server-keepalive-below-proxy';
import streamingRequestAgentTimeout from './streaming-request-agent-timeout';
import timeoutWithoutTeardown from './timeout-without-teardown';
import writeIgnoresBackpressure from './write-ignores-backpressure';
import wsMissingHeartbeat from './ws-missing-heartbeat';

/** Every rule, in catalog order. */
export const rules: readonly Rule[] = [
  missingErrorListener,
  missingEndHandler,
  destroyWithoutEnd,
  missingSocketTimeout,
  timeoutWithoutTeardown,
  defaultServerTimeout,
  serverKeepaliveBelowProxy,
  missingRequestTimeout,
  agentFreeSocketTimeout,
  incompleteSocketRelay,
  writeIgnoresBackpressure,
  preferPipeline,
  endWithoutDestroy,
  disabledServerTimeout,
  invalidTimeoutOrder,
  streamingRequestAgentTimeout,
  listenerLeakOnPooledSocket,
  wsMissingHeartbeat,
  clienterrorHandlerMustClose,
  missingKeepalive,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
