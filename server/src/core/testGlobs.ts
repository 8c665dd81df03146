// The default test-file globs on their own: the configuration reads them without loading the
// analyzer (testFiles.ts needs TypeScript), e.g. in `socklint run`.

/**
 * Test files by the usual layouts and names (with their fixtures and mocks), and a package's examples,
 * samples, demos, benchmarks and maintainer scripts (a demo, load-test or dev server that nobody puts
 * behind a proxy); `tests` in socklint.config.json replaces them.
 */
export const DEFAULT_TEST_GLOBS: readonly string[] = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/spec/**',
  '**/fixtures/**',
  '**/__mocks__/**',
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
  '**/bench/**',
  '**/benchmark/**',
  '**/benchmarks/**',
  '**/perf/**',
  '**/scripts/**',
  '**/script/**',
  '**/{example,sample,bench,benchmark}.{js,mjs,cjs,ts}',
];
