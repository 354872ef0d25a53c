// ESLint for the whole workspace (`npm run lint`): the recommended rules of ESLint and
// typescript-eslint, without type information so a run stays a few seconds.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated validators, build output and fixture packages (which imitate third-party code) are not ours to lint.
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'packages/host/src/generated/**',
      '**/test/fixtures/**',
      '.bench/**',
      'coverage/**',
      '.tsbuild/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Type-only imports vanish from the emitted JavaScript, so importing a type never loads a module.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `const { secret: _secret, ...shown } = record` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A `let` that a closure defined earlier reads (a cleanup hook) cannot become a `const` later on.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/test/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Response bodies in tests are JSON of whatever shape the server sent; the assertions check it.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
