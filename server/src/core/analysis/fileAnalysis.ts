import { Node, type SourceFile } from 'ts-morph';
import { classifyExpression, type TrackedKind } from './classify';
import { callsMethodOn, resolveFunction, type FunctionLike } from './functions';
import { ValueIndex, type Listener, type TrackedValue } from './values';

export const CLOSE_METHODS: ReadonlySet<string> = new Set(['destroy', 'end', 'resetAndDestroy', 'abort', 'terminate', 'close', 'destroySoon']);

/**
 * Facts about one file shared by every rule: built on first use, so a file no rule asks about
 * costs nothing.
 */
export class FileAnalysis {
  private index?: ValueIndex;

  constructor(readonly sourceFile: SourceFile) {}

  /** Tracked values created or accepted in this file. */
  get values(): readonly TrackedValue[] {
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.values;
  }

  /** The tracked value an expression refers to (by identity or through its variables). */
  valueOf(expr: Node | undefined): TrackedValue | undefined {
    this.index ??= new ValueIndex(this.sourceFile);
    return this.index.valueOf(expr);
  }

  /** The tracked kind of any expression: a known value's kind, else its type's. */
  kindOf(expr: Node): TrackedKind | undefined {
    return this.valueOf(expr)?.kind ?? classifyExpression(expr);
  }

  /** Whether `expr` denotes `value`. */
  refersTo(expr: Node, value: TrackedValue): boolean {
    return this.valueOf(expr) === value;
  }

  listeners(value: TrackedValue, event: string): Listener[] {
    return value.uses.listeners.filter((l) => l.event === event);
  }

  /** rules.md "Handled": a lasting 'error' listener, or pipeline/finished/for-await. */
  handlesErrors(value: TrackedValue): boolean {
    return value.uses.handledBy.length > 0 || this.listeners(value, 'error').some((l) => !l.transient);
  }

  escapes(value: TrackedValue): boolean {
    return value.uses.escapes.length > 0;
  }

  /** Method calls on the value named `method`. */
  methodCalls(value: TrackedValue, method: string) {
    return value.uses.calls.filter((c) => {
      const callee = c.getExpression();
      return Node.isPropertyAccessExpression(callee) && callee.getName() === method;
    });
  }

  /** Whether a function (or same-file functions it calls) ends/destroys one of the given values. */
  closes(fn: FunctionLike | Node, targets: readonly TrackedValue[], methods: ReadonlySet<string> = CLOSE_METHODS): boolean {
    return callsMethodOn(fn, methods, (receiver) => targets.some((t) => this.refersTo(receiver, t)));
  }

  resolveFunction(expr: Node): FunctionLike | undefined {
    return resolveFunction(expr);
  }
}
