// The default test-file globs on their own: the configuration reads them without loading the
// analyzer (testFiles.ts needs TypeScript), e.g. in `socklint run`.

/**
 * Test files by the usual layouts and names, and a package's examples, samples, demos and benchmarks (a
 * demo or load-test server that nobody puts behind a proxy); `tests` in socklint.config.json replaces them.
 */
export const DEFAULT_TEST_GLOBS: readonly string[] = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/spec/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/test-*.js',
  '**/test.{js,mjs,cjs,ts}',
  '**/example/**',
  '**/examples/**',
  '**/sample/**',
  '**/samples/**',
  '**/demo/**',
  '**/demos/**',
  '**/benchmark/**',
  '**/benchmarks/**',
  '**/perf/**',
  '**/{example,sample,bench,benchmark}.{js,mjs,cjs,ts}',
];
