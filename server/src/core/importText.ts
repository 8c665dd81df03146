/**
 * Loading a module, read from a file's text (before or without parsing it): `from 'x'`,
 * `require('x')`, `import('x')`, `import 'x'`.
 */
const LOAD_PREFIX = String.raw`(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)`;

/** Matches a file's text that loads a module whose quoted name matches `specifier` (a regex source). */
export function loadsModule(specifier: string): RegExp {
  return new RegExp(`${LOAD_PREFIX}['"]${specifier}['"]`);
}

/** The same, for use inside a larger pattern. */
export function loadSource(specifier: string): string {
  return `${LOAD_PREFIX}['"]${specifier}['"]`;
}
