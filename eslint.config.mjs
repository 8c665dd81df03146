// Lint for socklint's own code (`npm run lint`, part of `npm test`): ESLint's and typescript-eslint's
// recommended rules, with the exceptions below and why. Formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '**/node_modules/**',
      'test/e2e/.host/**',
      '**/fixtures/**',
      'bench/**',
      'examples/**',
      'packages/*/dist/**',
      'test-output/**',
      'e2e-output/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      // Terminal and target text is cleaned of control characters and escape sequences on purpose.
      'no-control-regex': 'off',
      // Expected output is matched column for column, two spaces as printed.
      'no-regex-spaces': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `declare global { namespace NodeJS … }` is how Node's own types are extended.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  // TypeScript checks names itself (typescript-eslint's advice).
  { files: ['**/*.ts'], rules: { 'no-undef': 'off' } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests read JSON from real processes and protocol messages whose shape each assertion states.
  { files: ['test/**', 'packages/*/test/**'], languageOptions: { globals: { ...globals.mocha } }, rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
