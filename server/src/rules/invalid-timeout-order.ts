import { Node } from 'ts-morph';
import * as semver from 'semver';
import {
  HTTP_SERVER_KINDS,
  creationOptions,
  numericValue,
  optionOf,
  settingState,
  type CreationOptions,
  type SettingState,
  type SettingWrite,
  type TrackedValue,
} from '../core/analysis';
import { enclosingStatement, insertAfterStatement } from '../core/fixBuilders';
import { httpDefaults } from '../core/nodeVersion';
import { addProperties, replaceExpression } from '../core/propertyEdits';
import { defineRule, type Fix, type TextEdit } from '../core/rule';

/**
 * Node lines whose createServer checks `headersTimeout >= requestTimeout` with a 60 s headersTimeout
 * default (nodejs/node#41263); nodejs/node#45778 (18.14, 19.4) made it `>` with a default of
 * min(60 s, requestTimeout).
 */
const STRICT_CHECK = '>=18.0.0 <18.14.0 || >=19.0.0 <19.4.0';
const LENIENT_CHECK = '>=18.14.0 <19.0.0 || >=19.4.0';
/**
 * Lines that measured headersTimeout from the end of the previous request on a keep-alive
 * connection (nodejs/node#27363), fixed by nodejs/node#32329 and its 12.19 backport (#34131).
 */
const HEADERS_ACROSS_KEEPALIVE = '>=10.14.0 <11.0.0 || >=11.3.0 <12.19.0';

/** A headersTimeout that is safely below requestTimeout on every line. */
function headersBelow(request: number): number | undefined {
  if (request > 2000) return Math.min(60000, request - 1000);
  const half = Math.floor(request / 2);
  return half >= 1 ? half : undefined;
}

function numberOption(options: CreationOptions, name: string): { value: number; node: Node } | 'unset' | undefined {
  const found = optionOf(options, name);
  if (found.state === 'unset') return 'unset';
  if (found.state === 'unknown') return undefined;
  const value = numericValue(found.value);
  return value === undefined ? undefined : { value, node: found.value };
}

interface Report {
  node: Node;
  messageId: 'defaultHeadersThrows' | 'throws' | 'keepAliveAboveHeaders' | 'keepAliveUnbounded';
  data: Record<string, string | number>;
  fix?: Fix;
}

/** createServer options that make it throw ERR_OUT_OF_RANGE on the project's Node line. */
function optionsOrder(options: CreationOptions, version: string): Report | undefined {
  const strict = semver.satisfies(version, STRICT_CHECK);
  if (!strict && !semver.satisfies(version, LENIENT_CHECK)) return undefined;
  const request = numberOption(options, 'requestTimeout');
  const headers = numberOption(options, 'headersTimeout');
  if (request === undefined || headers === undefined || request === 'unset' || request.value <= 0) return undefined;
  const headersValue = headers === 'unset' ? (strict ? 60000 : Math.min(60000, request.value)) : headers.value;
  if (headersValue <= 0) return undefined;
  const throws = strict ? headersValue >= request.value : headersValue > request.value;
  if (!throws) return undefined;
  const target = headersBelow(request.value);
  let edit: TextEdit | undefined;
  if (target !== undefined && headers !== 'unset') edit = replaceExpression(headers.node, String(target));
  else if (target !== undefined && options.inline) edit = addProperties(options.inline, [['headersTimeout', String(target)]]);
  return {
    node: headers === 'unset' ? request.node : headers.node,
    messageId: headers === 'unset' ? 'defaultHeadersThrows' : 'throws',
    data: { headers: headersValue, request: request.value, version, relation: strict ? '≥' : '>' },
    fix: edit && { title: `Set headersTimeout below requestTimeout (${target} ms)`, edits: [edit] },
  };
}

function lastWrite(state: SettingState): SettingWrite | undefined {
  return state.state === 'number' ? state.writes[state.writes.length - 1] : undefined;
}

/** Older lines: a keep-alive connection idle longer than headersTimeout has its next request cut. */
function keepAliveOrder(value: TrackedValue, options: CreationOptions, version: string, defaultHeaders: number, defaultKeepAlive: number): Report | undefined {
  if (!semver.satisfies(version, HEADERS_ACROSS_KEEPALIVE)) return undefined;
  const keepAlive = settingState(value, 'keepAliveTimeout', options);
  const headers = settingState(value, 'headersTimeout', options);
  if (keepAlive.state === 'unknown' || headers.state === 'unknown') return undefined;
  // Only the code's own choices: Node's defaults (5 s vs 40/60 s) are in order.
  if (keepAlive.state === 'unset' && headers.state === 'unset') return undefined;
  const k = keepAlive.state === 'number' ? keepAlive.value : defaultKeepAlive;
  const h = headers.state === 'number' ? headers.value : defaultHeaders;
  if (h <= 0 || (k > 0 && k < h)) return undefined;
  const target = k > 0 ? k + 1000 : undefined;
  const headersWrite = lastWrite(headers);
  const keepAliveWrite = lastWrite(keepAlive);
  let edit: TextEdit | undefined;
  if (target !== undefined && headersWrite?.value) {
    edit = replaceExpression(headersWrite.value, String(target));
  } else if (target !== undefined && keepAliveWrite && Node.isBinaryExpression(keepAliveWrite.node)) {
    const left = keepAliveWrite.node.getLeft();
    const statement = enclosingStatement(keepAliveWrite.node);
    if (Node.isPropertyAccessExpression(left) && statement && Node.isExpressionStatement(statement)) {
      edit = insertAfterStatement(statement, [`${left.getExpression().getText()}.headersTimeout = ${target};`]);
    }
  }
  const at = headersWrite && (!keepAliveWrite || headersWrite.node.getStart() > keepAliveWrite.node.getStart()) ? headersWrite : keepAliveWrite!;
  return {
    node: at.node,
    messageId: k > 0 ? 'keepAliveAboveHeaders' : 'keepAliveUnbounded',
    data: { headers: h, keepAlive: k, version },
    fix: edit && { title: `Set headersTimeout above keepAliveTimeout (${target} ms)`, edits: [edit] },
  };
}

const rule = defineRule({
  meta: {
    id: 'invalid-timeout-order',
    description:
      "An HTTP server's headersTimeout must not exceed requestTimeout (createServer throws) and, on Node before 12.19, must exceed keepAliveTimeout.",
    defaultSeverity: 'error',
    messages: {
      throws:
        'On Node {version}, http.createServer() throws ERR_OUT_OF_RANGE here: the server never starts. headersTimeout {headers} ms {relation} requestTimeout {request} ms.',
      defaultHeadersThrows:
        'On Node {version}, http.createServer() throws ERR_OUT_OF_RANGE here: the server never starts. requestTimeout {request} ms is not above the 60000 ms headersTimeout default (fixed in 18.14 and 19.4); set headersTimeout below it.',
      keepAliveAboveHeaders:
        'A request sent after {headers} ms idle on a keep-alive connection is cut off. keepAliveTimeout {keepAlive} ms is not below headersTimeout {headers} ms, and Node {version} measures headersTimeout from the previous request on a keep-alive connection.',
      keepAliveUnbounded:
        'A request sent after {headers} ms idle on a keep-alive connection is cut off. keepAliveTimeout 0 keeps connections idle indefinitely, but Node {version} measures headersTimeout from the previous request on a keep-alive connection.',
    },
    options: {},
  },
  check(context) {
    const { analysis, nodeVersion } = context;
    const defaults = httpDefaults(nodeVersion.version);
    for (const value of analysis.values) {
      if (!HTTP_SERVER_KINDS.has(value.kind) || value.origin !== 'created') continue;
      const node = value.node;
      if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) continue;
      const options = creationOptions(value);
      // A throw at creation happens whatever the server's later life: no escape check for the options.
      const thrown = optionsOrder(options, nodeVersion.version);
      if (thrown) context.report({ node: thrown.node, messageId: thrown.messageId, data: thrown.data, fixes: thrown.fix ? [thrown.fix] : [] });
      if (analysis.escapes(value)) continue;
      const order = keepAliveOrder(value, options, nodeVersion.version, defaults.headersTimeout, defaults.keepAliveTimeout);
      if (order) context.report({ node: order.node, messageId: order.messageId, data: order.data, fixes: order.fix ? [order.fix] : [] });
    }
  },
});

export default rule;
