import { Node } from 'ts-morph';
import {
  HTTP_SERVER_KINDS,
  creationOptions,
  isFrameworkApplication,
  answersEveryRequestAtOnce,
  onlyUpgradesToWebSocket,
  settingState,
  type CreationOptions,
  type TrackedValue,
} from '../core/analysis';
import { insertAfterStatement } from '../core/fixBuilders';
import { opensBrowser, startedByBrowserOpener } from '../core/browserOpener';
import { isLibraryHelperScript } from '../core/helperScripts';
import { localToolOf } from '../core/testFiles';
import { madeByLocalTool } from '../core/localToolServer';
import { isMetricsEndpoint } from '../core/metricsEndpoint';
import { isForwardProxy } from '../core/forwardProxy';
import { listensOnEphemeralPort } from '../core/listenAddress';
import { httpDefaults, type NodeHttpDefaults } from '../core/nodeVersion';
import { addProperties, insertOptionsArgument, type PropertyText } from '../core/propertyEdits';
import { defineRule, type Fix, type TextEdit } from '../core/rule';

/** Which default bites, by the Node line (rules.md): each names the settings that bound it. */
type Era = 'legacyTimeout' | 'unbounded' | 'modern';

function eraOf(defaults: NodeHttpDefaults): Era {
  if (defaults.serverTimeout > 0) return 'legacyTimeout';
  if (!defaults.requestTimeout) return 'unbounded';
  return 'modern';
}

/** Settings that, when the code sets any of them, show it chose its own bound. */
const BOUNDING_SETTINGS: Record<Era, readonly string[]> = {
  legacyTimeout: ['timeout'],
  unbounded: ['requestTimeout', 'timeout'],
  modern: ['requestTimeout'],
};

function isSet(value: TrackedValue, property: string, options: CreationOptions): boolean {
  return settingState(value, property, options).state !== 'unset';
}

interface FixValues {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** The settings the fix writes, skipping those the code already sets; headersTimeout stays ≤ the request bound. */
function settingsToWrite(value: TrackedValue, options: CreationOptions, defaults: NodeHttpDefaults, era: Era, ms: FixValues): PropertyText[] {
  // Before requestTimeout existed, the idle `timeout` is the only bound a server has.
  const primary = era === 'legacyTimeout' || defaults.requestTimeout === undefined ? 'timeout' : 'requestTimeout';
  const out: PropertyText[] = [[primary, String(ms.requestTimeoutMs)]];
  // A keepAliveTimeout the code sets is its own choice, paired with headersTimeout by
  // server-keepalive-below-proxy: only the request bound is added then.
  if (isSet(value, 'keepAliveTimeout', options)) return out;
  let headers = Math.max(ms.headersTimeoutMs, ms.keepAliveTimeoutMs + 1000);
  // Strictly below requestTimeout: Node 18.0–18.13 and 19.0–19.3 throw on equal values in createServer options.
  if (primary === 'requestTimeout' && ms.requestTimeoutMs > 0) headers = Math.min(headers, ms.requestTimeoutMs - 1000);
  if (!isSet(value, 'headersTimeout', options)) out.push(['headersTimeout', String(headers)]);
  out.push(['keepAliveTimeout', String(ms.keepAliveTimeoutMs)]);
  return out;
}

function buildFix(value: TrackedValue, options: CreationOptions, settings: PropertyText[], nodeMajor: number): Fix | undefined {
  const title = 'Set the server timeouts explicitly';
  let edit: TextEdit | undefined;
  if (value.name && value.statement) {
    edit = insertAfterStatement(
      value.statement,
      settings.map(([p, v]) => `${value.name}.${p} = ${v};`),
    );
  } else if (nodeMajor >= 18 && /(^|\.)create(Secure)?Server$/.test(value.factory)) {
    // No variable to assign to: createServer takes these as options from Node 18.
    if (options.inline) edit = addProperties(options.inline, settings);
    else if (options.sources.length === 0) edit = insertOptionsArgument(value.node, 0, settings);
  } else if (nodeMajor < 18 && Node.isCallExpression(value.node) && !isFrameworkApplication(value.factory)) {
    // Node < 18 without a variable: an idle bound is the one setting that chains (`.setTimeout(ms)`).
    const end = value.node.getEnd();
    edit = { start: end, end, text: `.setTimeout(${settings[0][1]})` };
  }
  return edit && { title, edits: [edit] };
}

const rule = defineRule({
  meta: {
    id: 'default-server-timeout',
    description: "HTTP servers should set the timeouts whose defaults bite on the project's Node version.",
    defaultSeverity: 'warn',
    // A test's own server has no proxy in front of it and lives for one run.
    inTests: 'skip',
    messages: {
      legacyTimeout:
        'This server closes a connection after {timeout} s without activity (server.timeout default). Assuming Node {version} ({source}), slower responses are cut off and a proxy in front answers 502.',
      unbounded:
        'Nothing bounds how long this server waits for a request. Assuming Node {version} ({source}), server.timeout is 0 and no requestTimeout applies, so slow or stalled clients hold their connections forever.',
      modern:
        'Requests and uploads slower than {requestTimeout} s fail with 408 on this server. Assuming Node {version} ({source}), it relies on the requestTimeout default.',
    },
    options: {
      reportModernDefaults: {
        type: 'boolean',
        default: false,
        description: 'Also report servers on Node 18 and later that rely on the default requestTimeout (300 s).',
      },
      requestTimeoutMs: {
        type: 'number',
        default: 300000,
        description: 'requestTimeout the fix writes (server.timeout before Node 14.11).',
      },
      headersTimeoutMs: {
        type: 'number',
        default: 66000,
        description: 'headersTimeout the fix writes (kept above keepAliveTimeout and at most requestTimeout).',
      },
      keepAliveTimeoutMs: {
        type: 'number',
        default: 65000,
        description: 'keepAliveTimeout the fix writes (above a 60 s proxy idle timeout).',
      },
    },
  },
  check(context) {
    const { analysis, nodeVersion } = context;
    const defaults = httpDefaults(nodeVersion.version);
    const era = eraOf(defaults);
    if (era === 'modern' && !context.options.reportModernDefaults) return;
    // A program that opens the user's browser at its server is a local tool: that browser is its client.
    if (opensBrowser(context.sourceFile)) return;
    // A package that calls itself a development or test tool (a mock server, an SMTP sink) serves a developer or a test run directly.
    if (localToolOf(context.sourceFile.getFilePath())) return;
    const ms: FixValues = {
      requestTimeoutMs: Number(context.options.requestTimeoutMs),
      headersTimeoutMs: Number(context.options.headersTimeoutMs),
      keepAliveTimeoutMs: Number(context.options.keepAliveTimeoutMs),
    };
    let startedByLocalBrowser: boolean | undefined;
    for (const value of analysis.values) {
      if (!HTTP_SERVER_KINDS.has(value.kind) || value.origin !== 'created') continue;
      // A server handed elsewhere may be configured where the analysis cannot see.
      if (analysis.escapes(value) || analysis.inertServer(value)) continue;
      // A development server's own server (webpack-dev-server's `listen()`) is reached by the developer's browser.
      if (madeByLocalTool(value)) continue;
      // Prometheus scrapes a metrics endpoint directly, one short request at a time.
      if (isMetricsEndpoint(context.sourceFile, value)) continue;
      // A port probe (closed as soon as it listens) serves nothing.
      if (analysis.closedOnListening(value)) continue;
      // No response of a server that answers at once and upgrades the rest can be slow.
      if (onlyUpgradesToWebSocket(analysis, value)) continue;
      // Only a port the OS picks and only on loopback keeps out clients the program does not control:
      // on every interface an ephemeral port can be found by a scan or handed out by the program.
      if (listensOnEphemeralPort(analysis, value, true)) continue;
      // The 120 s idle cut harms through the proxy in front that answers 502; a forward proxy (it
      // handles CONNECT) has none, and the cut bounds its idle clients. Later lines' unbounded
      // requests hold a forward proxy's connections all the same: still reported there.
      if (era === 'legacyTimeout' && isForwardProxy(analysis, value)) continue;
      // The 120 s cut hurts slow responses; a server that answers every request before its handler returns has none.
      if (era === 'legacyTimeout' && answersEveryRequestAtOnce(analysis, value)) continue;
      const options = creationOptions(value);
      if (BOUNDING_SETTINGS[era].some((p) => isSet(value, p, options))) continue;
      // A local preview that a module of its folder opens the browser at, or a script a library keeps
      // beside its code (a maintainer's demo server): read from files, asked last.
      if ((startedByLocalBrowser ??= startedByBrowserOpener(context.sourceFile) || isLibraryHelperScript(context.sourceFile.getFilePath()))) return;
      const fix = buildFix(value, options, settingsToWrite(value, options, defaults, era, ms), nodeVersion.major);
      context.report({
        node: value.node,
        messageId: era,
        data: {
          version: nodeVersion.version,
          source: nodeVersion.source,
          timeout: defaults.serverTimeout / 1000,
          requestTimeout: (defaults.requestTimeout ?? 0) / 1000,
        },
        fixes: fix ? [fix] : [],
      });
    }
  },
});

export default rule;
