// Small DOM helpers for the webview. Text goes in through textContent only: target data
// (addresses, request paths, stack frames) is never parsed as HTML.

type Child = Node | string;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, children: Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== '') node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

export function setText(id: string, text: string): void {
  const node = document.getElementById(id);
  if (node) node.textContent = text;
}

/** A duration in ms as people read it: "none", "off" (0: switched off), "850 ms", "5 s", "2 min". */
export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'none';
  if (v === 0) return 'off';
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 120000) return `${+(v / 1000).toFixed(1)} s`;
  return `${+(v / 60000).toFixed(1)} min`;
}

/** An elapsed time (age, idle): like fmtMs, but 0 is just zero. */
export function fmtAge(v: number): string {
  return v === 0 ? '0 s' : fmtMs(v);
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}
