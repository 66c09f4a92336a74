// ESLint: typescript-eslint's recommended rules everywhere, the hooks rules in the dashboard (Preact's hooks follow
// React's), and the import rules of docs/architecture.md (eslint-plugin-import-x): no import loops, layers point
// down, and a module is read by others only through its schemas.ts or read-model.ts. test/import-cycles.test.ts
// checks the same from TypeScript's own view of the imports (type-only imports included); types by `tsc --noEmit`.
import { readdirSync } from 'node:fs';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import stylistic from '@stylistic/eslint-plugin';
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
    // The read paths build thousands of objects per request. There, `{ ...a, key }` with a key `a` lacks gives every
    // result a hidden class of its own in Node 20's V8 (half a kilobyte each, and slow reads): extend() from
    // server/domain/objects.ts instead (docs/performance.md, "Hidden classes").
    files: [
      'server/domain/**/*.ts', 'server/read-models/**/*.ts', 'server/modules/*/read-model.ts', 'server/modules/readiness/**/*.ts',
      'server/modules/dashboard/**/*.ts', 'server/modules/reports/{board,lists}.ts', 'server/modules/progress/{store,history,baseline-compare,moves-kept}.ts',
      'server/modules/timeline/{impact,plan-state}.ts', 'server/modules/benefits/{catalogue,volumes}.ts',
    ],
    ignores: ['**/*.test.ts', 'server/modules/*/schemas.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: 'ObjectExpression:has(> SpreadElement:first-child ~ *)',
        message: 'A spread followed by a new key gives each object its own hidden class: use extend() from server/domain/objects.ts.',
      }],
    },
  },
  {
    // The code's one style, checked rather than rewritten (ADR 0016): `npm run lint -- --fix` applies it.
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/indent': ['error', 2, {
        SwitchCase: 1, flatTernaryExpressions: true, offsetTernaryExpressions: false,
        // Continuation lines inside these are laid out by hand (aligned conditions, JSX, type unions).
        ignoredNodes: ['TemplateLiteral *', 'JSXElement', 'JSXElement *', 'TSUnionType', 'ConditionalExpression *'],
      }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/jsx-quotes': ['error', 'prefer-double'],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxEOF: 0, maxBOF: 0 }],
      '@stylistic/no-tabs': 'error',
      '@stylistic/linebreak-style': ['error', 'unix'],
      '@stylistic/object-curly-spacing': ['error', 'always'],
      '@stylistic/array-bracket-spacing': ['error', 'never'],
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/comma-spacing': 'error',
      '@stylistic/key-spacing': 'error',
      '@stylistic/space-before-blocks': 'error',
      '@stylistic/space-before-function-paren': ['error', { anonymous: 'always', named: 'never', asyncArrow: 'always' }],
      '@stylistic/member-delimiter-style': 'error',
      '@stylistic/type-annotation-spacing': 'error',
      '@stylistic/max-len': ['error', { code: 220, ignoreComments: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
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
