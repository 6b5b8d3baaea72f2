// ESLint for the editor (Svelte 5 + TypeScript) and the learner's player
// (crates/trellis-render/player): the recommended rules of ESLint,
// typescript-eslint and eslint-plugin-svelte, with formatting left to
// Prettier (.prettierrc). `npm run lint` lints both, from the repository
// root (paths here are relative to it).
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['ui/dist/', 'ui/src/lib/generated/', '**/node_modules/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  { languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['ui/**/*.svelte', 'ui/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    // TypeScript checks names (svelte-check); ESLint's own check does not
    // know the DOM's type-only names.
    files: ['ui/**/*.svelte'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['ui/**/*.svelte', 'ui/**/*.svelte.ts'],
    rules: {
      // `{' '}` keeps a space Svelte drops at the edge of a block or tag.
      'svelte/no-useless-mustaches': 'off',
      // Maps are built inside $derived and replaced whole, never changed
      // in place afterwards: plain Maps, no per-entry tracking.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  { files: ['ui/*.config.{js,ts}'], languageOptions: { globals: { ...globals.node } } },
  {
    // The player: plain scripts, concatenated per course into one shared
    // scope (crates/trellis-render/src/player.rs), so the names one module
    // declares at its top level are used by the others.
    files: ['crates/trellis-render/player/*.js'],
    languageOptions: {
      sourceType: 'script',
      // Declared by core.js for every other module.
      globals: Object.fromEntries(
        ['doc', 'D', 'STR', '$', '$$', 'fmt', 'show', 'T', 'pages', 'menuLinks', 'menuBtn'].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      // Top-level names are used by the modules after them; `catch (e)`
      // keeps its binding, which the player's older syntax needs.
      '@typescript-eslint/no-unused-vars': ['error', { vars: 'local', caughtErrors: 'none' }],
      'no-redeclare': ['error', { builtinGlobals: false }],
      // The Svelte plugin's version of this rule needs a module scope.
      'svelte/no-inner-declarations': 'off',
    },
  },
);
