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
    // The player: ES modules with explicit imports, assembled per course
    // into one script by crates/trellis-render/src/player.rs (which allows
    // only `import { … } from "./name.js"`, `export function` and
    // `export const`), so no-undef catches a name used without its import.
    files: ['crates/trellis-render/player/*.js'],
    languageOptions: { sourceType: 'module' },
    rules: {
      // `catch (e)` keeps its binding, which the player's older syntax needs.
      '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }],
      // The Svelte plugin's version of this rule is for components.
      'svelte/no-inner-declarations': 'off',
    },
  },
);
