import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The editor is served by `trellis studio` (browser mode) or loaded by the
// Tauri shell from ui/dist. Relative base so both work.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: {
    // `npm run dev` against a running `trellis studio --port 5180`.
    proxy: {
      '/api': 'http://127.0.0.1:5180',
      '/preview': 'http://127.0.0.1:5180',
    },
  },
});
