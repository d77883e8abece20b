// ESLint (flat config). `npm run lint`. The import-boundary rules below are the written form of the
// layering in README "For developers": each folder may import only what its layer is allowed to.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

// Import boundaries: one list of forbidden imports per layer. `no-restricted-imports` takes one
// option object per file, so a layer's list must be complete (later blocks replace earlier ones).
const electronOnly = {
  group: ['electron', 'electron/*'],
  message: 'Only electron/ may import Electron; the renderer talks to the main process through renderer/api.',
};
const nodeBuiltins = {
  group: ['node:*'],
  message: 'shared/ is pure logic: no Node built-ins (put I/O in electron/).',
};
const sharedForbidden = [
  nodeBuiltins,
  { group: ['electron', 'electron/*'], message: 'shared/ must not import Electron.' },
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'shared/ must not import React (UI lives in renderer/).' },
  { group: ['better-sqlite3'], message: 'shared/ must not touch the database (storage lives in electron/db).' },
  { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import from electron/ or renderer/.' },
];
const rendererApi = {
  group: ['**/api/client', '**/api/files', '**/renderer/api/*', '../api/*', '../../api/*', './api/*'],
  message: 'Only renderer/store may call renderer/api: components and features go through a store action.',
};
const rendererNoElectronFolder = {
  group: ['**/electron/**'],
  message: 'The renderer must not import main-process code from electron/.',
};
const storeNoFeatures = {
  group: ['**/features/**', '../features/*'],
  message: 'renderer/store must not import feature modules (features depend on the store, not the other way round); move the logic to shared/ or into the store.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      'playwright-report/**',
      'test-results/**',
      '.test-counts/**',
      'tests/fixtures/**',
      'bench/out/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused names are errors, except a leading underscore for deliberately ignored ones.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Off: matching control characters is the point of those expressions (file names, XML 1.0
      // text, CSV/DOCX output and decoded documents strip or refuse U+0000–U+001F on purpose).
      'no-control-regex': 'off',
    },
  },
  // Node code: the main process, the CLI, scripts, benchmarks, tests and root configs.
  {
    files: ['electron/**', 'scripts/**', 'bin/**', 'bench/**', 'tests/**', 'e2e/**', '*.ts', '*.js', '*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  // The renderer: React in the browser.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // Off: autoFocus is used only on the first field of a dialog, popover or inline editor the user
      // has just opened, which is where WAI-ARIA's dialog pattern says focus should go; the rule
      // targets focus stolen on page load, which Weft never does.
      'jsx-a11y/no-autofocus': 'off',
      // Key handlers are allowed on containers: a role="dialog" catches Escape for the fields inside
      // it (WAI-ARIA's dialog pattern); the rule's own exemption covers only the <dialog> element.
      // Mouse handlers on non-interactive elements stay errors.
      'jsx-a11y/no-noninteractive-element-interactions': [
        'error',
        { handlers: ['onClick', 'onError', 'onLoad', 'onMouseDown', 'onMouseUp'], body: ['onError', 'onLoad'], iframe: ['onError', 'onLoad'], img: ['onError', 'onLoad'] },
      ],
      // Our select components render a <select>; the rule cannot see inside them.
      'jsx-a11y/label-has-associated-control': ['error', { controlComponents: ['CoderViewSelect', 'CoderSelect'], depth: 3 }],
      // Off: Weft does not use the React Compiler; this rule only says the compiler would skip a
      // component that uses TanStack Virtual (DocumentView). Nothing to fix without the compiler.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': ['error', { patterns: [electronOnly, rendererNoElectronFolder, rendererApi] }],
    },
  },
  // renderer/store is the one place that calls renderer/api; it must not import features.
  {
    files: ['renderer/store/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronOnly, rendererNoElectronFolder, storeNoFeatures] }],
    },
  },
  // renderer/api itself (the transport) and the app entry that wires it up.
  {
    files: ['renderer/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronOnly, rendererNoElectronFolder] }],
    },
  },
  // shared/: pure logic, no Node, no Electron, no React, no database. Its tests may use Node.
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'react', 'react-dom', 'better-sqlite3'], patterns: sharedForbidden }],
    },
  },
  {
    files: ['shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Tests read JSON replies whose shape is what they assert; `any` there is the honest type.
  {
    files: ['**/*.test.ts', 'tests/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
