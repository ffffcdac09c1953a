import { defineConfig } from 'vite';

/**
 * Vite 8 builds with Rolldown and transforms TSX with Oxc; the automatic JSX runtime needs no
 * React plugin (there is no fast refresh: a save reloads the page).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8090', changeOrigin: false } },
  },
});
