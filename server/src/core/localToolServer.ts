import { Node } from 'ts-morph';
import { declarationsOf, unwrapCallee, type TrackedValue } from './analysis';
import { localToolOf } from './testFiles';

/**
 * A server a development tool's method makes and returns (`new WebpackDevServer(compiler,
 * config).listen(port, host)`, found as a server by the method's type): the tool's package says
 * what it is (its name, keywords or description), and a development server is reached by the
 * developer's browser directly, not through a proxy.
 */
export function madeByLocalTool(server: TrackedValue): boolean {
  const node = server.node;
  if (!Node.isCallExpression(node)) return false;
  const callee = unwrapCallee(node.getExpression());
  if (!Node.isPropertyAccessExpression(callee)) return false;
  return declarationsOf(callee.getNameNode()).some(
    (d) => d.getSourceFile().getFilePath() !== node.getSourceFile().getFilePath() && localToolOf(d.getSourceFile().getFilePath()) !== undefined,
  );
}
