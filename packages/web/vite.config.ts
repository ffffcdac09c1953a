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
    // Libraries in their own chunks, so a new build of the app leaves them cached.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
            { name: 'uplot', test: /node_modules[\\/]uplot[\\/]/ },
          ],
        },
      },
    },
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8090', changeOrigin: false } },
  },
});
