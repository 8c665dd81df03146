import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import { callsNamed, descendantsOfKind } from './descendants';
import type { FileAnalysis } from './fileAnalysis';
import { resolveFunction, type FunctionLike } from './functions';
import { LISTENER_METHODS, unwrap, type ValueProbe } from './values';

/** One `x.on('<event>', handler)` (or once/addListener/…) call written in the file. */
export interface ListenerCall {
  call: CallExpression;
  receiver: Node;
  method: string;
  /** The listener function when its body is in this file. */
  handler?: FunctionLike;
  /** The handler argument as written. */
  handlerArg?: Node;
}

/** Every listener registration for `event` in the file, whatever the receiver is. */
export function listenerCallsFor(analysis: FileAnalysis, event: string): ListenerCall[] {
  const out: ListenerCall[] = [];
  for (const call of callsNamed(analysis.sourceFile, SyntaxKind.CallExpression, LISTENER_METHODS)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !LISTENER_METHODS.has(callee.getName())) continue;
    const [eventArg, handlerArg] = call.getArguments();
    if (!eventArg || !(Node.isStringLiteral(eventArg) || Node.isNoSubstitutionTemplateLiteral(eventArg)) || eventArg.getLiteralValue() !== event) continue;
    out.push({
      call,
      receiver: unwrap(callee.getExpression()),
      method: callee.getName(),
      handler: handlerArg ? resolveFunction(handlerArg) : undefined,
      handlerArg,
    });
  }
  return out;
}

/** The method name of `x.m(…)`. */
export function calledMethod(call: CallExpression): string | undefined {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
}

/** Whether the probed value has a method call named one of `methods` (anywhere the analysis followed it). */
export function callsAnyOf(probe: ValueProbe, methods: ReadonlySet<string>): boolean {
  return probe.uses.calls.some((c) => {
    const m = calledMethod(c);
    return m !== undefined && methods.has(m);
  });
}

/** Whether a function reads `arguments` (its parameters may then be used without their names). */
export function readsArguments(fn: FunctionLike): boolean {
  return descendantsOfKind(fn, SyntaxKind.Identifier).some((id) => id.getText() === 'arguments');
}

/** The identifier that names a parameter, or undefined for destructuring and rest parameters. */
export function parameterName(fn: FunctionLike, index: number): Node | undefined {
  const param = fn.getParameters()[index];
  if (!param || param.isRestParameter()) return undefined;
  const name = param.getNameNode();
  return Node.isIdentifier(name) ? name : undefined;
}
