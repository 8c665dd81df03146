import { Node, type SourceFile } from 'ts-morph';
import { resolveFunction, type TrackedValue } from './analysis';
import { loadsModule } from './importText';

/** Loading a Prometheus client: prom-client, OpenTelemetry's metrics SDK or its Prometheus exporter. */
const METRICS_CLIENT_IMPORT = loadsModule(String.raw`(?:prom-client|@opentelemetry\/sdk-metrics|@opentelemetry\/exporter-prometheus)`);

/** The path Prometheus scrapes by default, written as a string. */
const METRICS_PATH = /['"`]\/metrics['"`]/;

/**
 * A metrics scrape endpoint: a plain `http.createServer(handler)` (a function, not a framework's
 * application) in a file that loads a Prometheus client and names the `/metrics` path
 * (OpenTelemetry's PrometheusExporter, a gateway's `promstats`). Prometheus scrapes each
 * instance directly on that port, one short request at a time: no proxy pools its connections,
 * and no response is slow enough for an idle cut.
 */
export function isMetricsEndpoint(sourceFile: SourceFile, server: TrackedValue): boolean {
  const text = sourceFile.getFullText();
  if (!METRICS_CLIENT_IMPORT.test(text) || !METRICS_PATH.test(text)) return false;
  const node = server.node;
  if (!Node.isCallExpression(node)) return false;
  const [handler] = node.getArguments();
  return handler !== undefined && resolveFunction(handler) !== undefined;
}
