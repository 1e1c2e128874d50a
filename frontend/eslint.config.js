// ESLint for the web app: typescript-eslint's strict, type-checked rules, jsx-a11y's recommended
// ones and React's rules of hooks. `npm run lint` runs it; `make lint` (and so `make test`) calls
// that. Every rule turned off or loosened below says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/gql/**', 'e2e/**', 'scripts/**'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    files: ['**/*.{ts,tsx}'],
    ...jsxA11y.flatConfigs.recommended,
    languageOptions: {
      ...jsxA11y.flatConfigs.recommended.languageOptions,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { ...jsxA11y.flatConfigs.recommended.plugins, 'react-hooks': reactHooks },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Event handlers written as `onClick={() => setOpen(false)}` are React's idiom; the rule's
      // default would put braces around every one of them without catching anything.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Counts and years in texts ("3 av 12", `${year}`) are numbers on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `onSubmit={async (e) => ...}`: React ignores a handler's return value, and every async
      // handler here reports its own errors in the page.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // tsconfig's noUncheckedIndexedAccess makes every indexed read optional; `!` marks the reads
      // whose index was just checked (a loop bound, a key taken from the same map).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The app guards data from the server and the browser (GraphQL extensions, texts that may lack
      // a language, DOM APIs that jsdom lacks) more carefully than their static types say; the rule
      // would have those guards removed.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Field-error maps are small records keyed by field id; `delete errors[field]` clears one.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // A leading underscore names a parameter that a signature needs and the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
