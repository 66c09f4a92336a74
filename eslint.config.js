// ESLint: typescript-eslint's recommended rules everywhere, the hooks rules in the dashboard (Preact's hooks follow
// React's), and the import rules of docs/architecture.md (eslint-plugin-import-x): no import loops, layers point
// down, and a module is read by others only through its schemas.ts or read-model.ts. test/import-cycles.test.ts
// checks the same from TypeScript's own view of the imports (type-only imports included); types by `tsc --noEmit`.
import { readdirSync } from 'node:fs';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const modules = readdirSync(new URL('./server/modules/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory()).map((entry) => entry.name);

/** Each module's files, from anywhere outside it (other modules, the dashboard): only its schemas.ts and read-model.ts. */
const moduleBoundaries = modules.map((name) => ({
  target: [`./server/modules/!(${name})/**`, './client/**'],
  from: `./server/modules/${name}/**`,
  except: [`**/server/modules/${name}/schemas.ts`, `**/server/modules/${name}/read-model.ts`],
  message: `Another module reads ${name} only through its schemas.ts or read-model.ts.`,
}));

/** The bottom layers import nothing from http/ or the modules. */
const layers = {
  target: ['./server/errors.ts', './server/paths.ts', './server/db', './server/domain', './server/auth'],
  from: ['./server/http', './server/modules'],
  message: 'Layers point down: errors, paths, db/, domain/ and auth/ import nothing from http/ or the modules.',
};

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
    files: ['server/**/*.ts', 'client/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: [layers, ...moduleBoundaries] }],
      // A function longer than a screen is split; one honestly best kept whole (a schema literal, a table of rules)
      // says why in an eslint-disable comment.
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // No source file over 400 lines (docs/architecture.md): a longer one is split by responsibility. Tests and the test
    // helpers under test/ are exempt: a test file is a list of cases, read one at a time.
    files: ['server/**/*.ts', 'client/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: { 'max-lines': ['error', { max: 400 }] },
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
