import { Node } from 'ts-morph';
import {
  HTTP_SERVER_KINDS,
  creationOptions,
  settingState,
  type CreationOptions,
  type SettingState,
  type SettingWrite,
  type TrackedValue,
} from '../core/analysis';
import { enclosingStatement, insertAfterStatement } from '../core/fixBuilders';
import { httpDefaults, type NodeHttpDefaults } from '../core/nodeVersion';
import { replaceExpression } from '../core/propertyEdits';
import { defineRule, type Fix, type TextEdit } from '../core/rule';

type Setting = 'timeout' | 'requestTimeout' | 'keepAliveTimeout' | 'headersTimeout';

/** The value a setting has at run time: what the code writes, else Node's default (0 when the line lacks it). */
function effective(state: SettingState, fallback: number | undefined): number | undefined {
  if (state.state === 'unknown') return undefined;
  return state.state === 'number' ? state.value : (fallback ?? 0);
}

/** The code's writes of a literal-valued 0 to a setting. */
function zeroWrites(state: SettingState): SettingWrite[] {
  return state.state === 'number' && state.value === 0 ? state.writes.filter((w) => w.value !== undefined) : [];
}

/** `server.timeout = ms;` after the statement that disabled a bound (or after the server's declaration). */
function addIdleTimeout(value: TrackedValue, write: SettingWrite, ms: number): TextEdit | undefined {
  if (write.via !== 'option') {
    const target =
      write.via === 'assignment' && Node.isBinaryExpression(write.node)
        ? write.node.getLeft()
        : write.via === 'call' && Node.isCallExpression(write.node)
          ? write.node.getExpression()
          : undefined;
    const statement = enclosingStatement(write.node);
    if (target && Node.isPropertyAccessExpression(target) && statement && Node.isExpressionStatement(statement) && statement.getExpression() === write.node) {
      return insertAfterStatement(statement, [`${target.getExpression().getText()}.timeout = ${ms};`]);
    }
    return undefined;
  }
  return value.name && value.statement ? insertAfterStatement(value.statement, [`${value.name}.timeout = ${ms};`]) : undefined;
}

interface Finding {
  write: SettingWrite;
  messageId: Setting;
  fix?: Fix;
}

function findings(value: TrackedValue, options: CreationOptions, defaults: NodeHttpDefaults, idleMs: number, headersMs: number): Finding[] {
  const state = (p: Setting) => settingState(value, p, options);
  const timeout = state('timeout');
  const request = defaults.requestTimeout === undefined ? ({ state: 'unset' } as const) : state('requestTimeout');
  const keepAlive = state('keepAliveTimeout');
  const headers = state('headersTimeout');
  const t = effective(timeout, defaults.serverTimeout);
  const r = effective(request, defaults.requestTimeout);
  if (t === undefined || r === undefined) return [];
  const out: Finding[] = [];
  // headersTimeout 0 with no request deadline: nothing bounds a client that trickles its headers
  // (an idle timeout does not: each byte resets it).
  const [headersZero] = zeroWrites(headers);
  if (r === 0 && headersZero) {
    out.push({
      write: headersZero,
      messageId: 'headersTimeout',
      fix: { title: `Bound the headers: ${headersMs} ms`, edits: [replaceExpression(headersZero.value!, String(headersMs))] },
    });
  }
  if (t > 0) return out;
  const idleFix = (write: SettingWrite): Fix | undefined => {
    const edit = addIdleTimeout(value, write, idleMs);
    return edit && { title: `Keep an idle bound: server.timeout = ${idleMs}`, edits: [edit] };
  };
  // One finding for the bound that leaves requests (or idle keep-alive connections) unbounded.
  const [timeoutZero] = zeroWrites(timeout);
  const [requestZero] = zeroWrites(request);
  const [keepAliveZero] = zeroWrites(keepAlive);
  if (r === 0 && timeoutZero) {
    out.push({
      write: timeoutZero,
      messageId: 'timeout',
      fix: { title: `Bound idle connections: ${idleMs} ms`, edits: [replaceExpression(timeoutZero.value!, String(idleMs))] },
    });
  } else if (r === 0 && requestZero) {
    out.push({ write: requestZero, messageId: 'requestTimeout', fix: idleFix(requestZero) });
  } else if (keepAliveZero && !timeoutZero) {
    out.push({ write: keepAliveZero, messageId: 'keepAliveTimeout', fix: idleFix(keepAliveZero) });
  }
  return out.sort((a, b) => a.write.node.getStart() - b.write.node.getStart());
}

const rule = defineRule({
  meta: {
    id: 'disabled-server-timeout',
    description: "An HTTP server's timeouts must not be switched off (0) when no other bound is left on the project's Node version.",
    defaultSeverity: 'warn',
    // About production servers: a test's own server lives for one run.
    inTests: 'skip',
    messages: {
      timeout:
        'This switches server.timeout off, and no requestTimeout bounds requests either. Assuming Node {version} ({source}), a client that stalls or vanishes holds its connection and file descriptor forever.',
      requestTimeout:
        'This switches requestTimeout off, and server.timeout is 0 too. Assuming Node {version} ({source}), a client that stalls or vanishes mid-request holds its connection and file descriptor forever.',
      keepAliveTimeout:
        'keepAliveTimeout 0 keeps idle keep-alive connections open, and server.timeout is 0 too. Assuming Node {version} ({source}), connections of clients that went away are never closed.',
      headersTimeout:
        'With headersTimeout 0 and no requestTimeout, nothing bounds a slowloris client. Assuming Node {version} ({source}), a client that sends its headers a byte at a time is never cut off, and an idle timeout does not help (each byte resets it).',
    },
    options: {
      idleTimeoutMs: {
        type: 'number',
        default: 600000,
        description: 'server.timeout the fix writes: an idle bound longer than the slowest response, so only stalled connections are cut.',
      },
      headersTimeoutMs: {
        type: 'number',
        default: 60000,
        description: "headersTimeout the fix writes in place of 0 (Node's default).",
      },
    },
  },
  check(context) {
    const { analysis, nodeVersion } = context;
    const defaults = httpDefaults(nodeVersion.version);
    const idleMs = Number(context.options.idleTimeoutMs) > 0 ? Math.round(Number(context.options.idleTimeoutMs)) : 600000;
    const headersMs = Number(context.options.headersTimeoutMs) > 0 ? Math.round(Number(context.options.headersTimeoutMs)) : 60000;
    for (const value of analysis.values) {
      if (!HTTP_SERVER_KINDS.has(value.kind) || value.origin !== 'created') continue;
      // A server handed elsewhere may get its bound where the analysis cannot see.
      if (analysis.escapes(value)) continue;
      for (const f of findings(value, creationOptions(value), defaults, idleMs, headersMs)) {
        context.report({
          node: f.write.node,
          messageId: f.messageId,
          data: { version: nodeVersion.version, source: nodeVersion.source },
          fixes: f.fix ? [f.fix] : [],
        });
      }
    }
  },
});

export default rule;
