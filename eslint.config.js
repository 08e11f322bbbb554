// Lint, type-aware, plus the runtime split as import rules: what may import 'electron', node:*,
// better-sqlite3 or react, by folder (tsconfig types catch most of it; these catch the rest).
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only electron/main/ (the Electron shell) may import electron.' };
const noSqlite = { name: 'better-sqlite3', message: 'Only electron/core/store/ talks to SQLite.' };
const nodeBuiltins = { group: ['node:*'], message: 'Runtime-neutral code: no Node built-ins here.' };
const noReact = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'React belongs to renderer/.' };
// Dependencies point one way: shells (main, web, cli) → core → shared; platform → shared.
const noShells = { group: ['**/main/**', '**/web/**', '**/cli/**', '**/platform/**'], message: 'The core never imports a shell or the platform (shells → core → shared).' };
const noCore = { group: ['**/electron/**'], message: 'The renderer talks to the core through its client (renderer/api), never by import; only tests and renderer/testing build a core.' };
// Shells reach the services only through the contract: createCore, never the parts behind it.
const noCoreParts = { name: '../core/core.js', importNames: ['createCoreParts', 'CoreParts'], message: 'Shells use createCore (dispatch, bus, close) and the contract; createCoreParts is for tests of the core.' };
const noOtherShells = (...shells) => ({ group: shells.map((shell) => `**/${shell}/**`), message: 'A shell talks to the core, not to another shell.' });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-node/**', 'release/**', 'native/**', 'reports/**', 'artifacts/**', 'test-results/**', 'playwright-report/**', 'node_modules/**',
    // Deliberately vulnerable code, scanned on purpose, never linted as ours.
    'resources/rehearsal/vulnerable-sample/**', 'electron/core/security/parsers/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.core.json', './tsconfig.renderer.json', './tsconfig.renderer-tests.json', './tsconfig.tools.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration > FunctionDeclaration[id=null]', message: 'Name exported functions.' }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noSqlite], patterns: [noReact, noShells] }] },
  },
  {
    // Tests may start the simulated platform or the web shell as a real peer.
    files: ['electron/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noReact] }] },
  },
  {
    files: ['electron/core/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noReact, noShells] }] },
  },
  {
    // The Electron shell may start the web shell's loopback control listener (its local control endpoint).
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noSqlite, noCoreParts], patterns: [noReact, { ...noOtherShells('web', 'cli', 'platform'), group: ['**/web/**', '!**/web/control-listener.js', '**/cli/**', '**/platform/**'] }] },
      ],
    },
  },
  {
    // Tests of the Electron shell may drive it from the CLI as a real peer (its control endpoint).
    files: ['electron/main/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noSqlite, noCoreParts], patterns: [noReact, noOtherShells('platform')] }] },
  },
  {
    files: ['electron/web/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noSqlite, noCoreParts], patterns: [noReact, noOtherShells('main', 'cli', 'platform')] }] },
  },
  {
    // The CLI may start the web shell (`warroom serve`).
    files: ['electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noSqlite, noCoreParts], patterns: [noReact, noOtherShells('main', 'platform')] }] },
  },
  {
    // The simulated platform is its own process: it shares only shared/ with the app (tests included).
    files: ['electron/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron, noSqlite], patterns: [noReact, { group: ['**/core/**', '**/main/**', '**/web/**', '**/cli/**'], message: 'The platform imports only shared/ (platform → shared).' }] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noSqlite], patterns: [nodeBuiltins, noReact] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron, noSqlite], patterns: [nodeBuiltins, noCore] }],
    },
  },
  {
    // Renderer tests run against a real core in memory (renderer/testing builds it), never a shell.
    files: ['renderer/**/*.test.{ts,tsx}', 'renderer/testing/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noSqlite], patterns: [noShells] }] },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    // expect.stringMatching() and friends are typed any.
    // Fake fetches and handlers are async to match the real signatures, awaiting nothing.
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
