// ESLint: typescript-eslint's recommended rules everywhere, the hooks rules in the dashboard (Preact's hooks follow
// React's). Import cycles and upward imports are checked by test/import-cycles.test.ts, from TypeScript's own view
// of the imports; types by `tsc --noEmit`.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'client/api/openapi.d.ts', 'screenshots/**', 'bench/data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore names what is left out on purpose (a field dropped from a copy, an unused argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // Missing effect dependencies warn: most are effects meant to run once per route, to be made explicit one by one.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Tests read JSON replies whose shapes the assertions then check.
    files: ['test/**/*.ts', 'client/**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
