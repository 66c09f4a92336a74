import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The benchmark reads the manifest to measure what the first screen loads.
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    // Hashed names everywhere: served with a year-long immutable cache.
    assetsDir: 'assets',
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/chart.js') || id.includes('node_modules/@kurkle')) return 'charts';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
