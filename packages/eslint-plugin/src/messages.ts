/**
 * socklint's message templates use `{name}` placeholders, ESLint's `{{name}}`. A finding carries its
 * message already filled in; ESLint reports by messageId and data, so the data is read back from the
 * message with the template: interpolating the ESLint template with it gives the same text.
 */

const PLACEHOLDER = /\{(\w+)\}/g;

/** The template in ESLint's placeholder syntax. */
export function eslintTemplate(template: string): string {
  return template.replace(PLACEHOLDER, '{{$1}}');
}

const matchers = new Map<string, { pattern: RegExp; keys: string[] }>();

function matcherFor(template: string): { pattern: RegExp; keys: string[] } {
  let matcher = matchers.get(template);
  if (!matcher) {
    const keys: string[] = [];
    let source = '';
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      source += escape(template.slice(last, m.index));
      const key = m[1];
      // A placeholder used twice holds the same value both times.
      source += keys.includes(key) ? `\\k<${key}>` : `(?<${key}>[\\s\\S]*?)`;
      if (!keys.includes(key)) keys.push(key);
      last = m.index + m[0].length;
    }
    source += escape(template.slice(last));
    matcher = { pattern: new RegExp(`^${source}$`), keys };
    matchers.set(template, matcher);
  }
  return matcher;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The data that fills `template` to make `message`; undefined if the message was not made from it. */
export function dataOf(template: string, message: string): Record<string, string> | undefined {
  const { pattern, keys } = matcherFor(template);
  const groups = pattern.exec(message)?.groups;
  if (!groups && keys.length > 0) return undefined;
  if (!groups) return message === template ? {} : undefined;
  return Object.fromEntries(keys.map((k) => [k, groups[k]]));
}
