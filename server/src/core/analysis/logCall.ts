import { Node } from 'ts-morph';

/** What loggers are called: `console`, `logger`, `this.log`, `debug`. */
const LOGGER = /^(?:console|logger|log|debug)$/;
/** What their methods are called: `log`, `info`, `warn`, `error`, `debug`, `trace`. */
const LOG_METHOD = /^(?:log|info|warn|error|debug|trace)$/;

/**
 * A call that only logs: `console.log(x)`, `this.logger.error(err)`, `log.debug(x)`, `debug(x)`.
 * Logging is not answering, handing an error on or tearing anything down.
 */
export function isLogCall(call: Node): boolean {
  if (!Node.isCallExpression(call)) return false;
  const callee = call.getExpression();
  if (Node.isIdentifier(callee)) return LOGGER.test(callee.getText()) || LOG_METHOD.test(callee.getText());
  if (!Node.isPropertyAccessExpression(callee)) return false;
  const object = callee.getExpression();
  const owner = Node.isPropertyAccessExpression(object) ? object.getName() : object.getText();
  return LOGGER.test(owner) || LOG_METHOD.test(callee.getName());
}
