// The default test-file globs on their own: the configuration reads them without loading the
// analyzer (testFiles.ts needs TypeScript), e.g. in `socklint run`.

/**
 * Test files by the usual layouts and names (with their fixtures and mocks), and a package's examples,
 * samples, demos, benchmarks, maintainer scripts and root `tools/` (a demo, load-test or dev server
 * that nobody puts behind a proxy); `tests` in socklint.config.json replaces them.
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
  '**/{example,sample,demo}{-,_}*.{js,mjs,cjs,ts}',
  // …or ending so (isolated-vm's inspector-example.js).
  '**/*{-,_}{example,sample,demo}.{js,mjs,cjs,ts}',
  // Folders named for tests (`test-utils/`, `e2e-tests/`, pusher-js's `integration_tests_server/`).
  '**/{test,tests}{-,_}*/**',
  '**/*{-,_}{test,tests}/**',
  '**/*{-,_}{test,tests}{-,_}*/**',
  '**/e2e/**',
  // Helpers a package ships for testing (`lib/testing/`, ciao's `bonjour-conformance-testing.js`).
  // (A module named `testing.js` alone may be a library's own feature, and stays production code.)
  '**/testing/**',
  '**/*{-,_,.}testing.{js,mjs,cjs,ts}',
  // A development server by its name (@mashroom's webapp/dev-server.js): run by hand while developing.
  '**/{dev-server,dev_server,devserver,devServer}.{js,mjs,cjs,ts}',
  // A package's own tools at its root (a debugging proxy, a code generator): not what it ships to run.
  'tools/**',
];
