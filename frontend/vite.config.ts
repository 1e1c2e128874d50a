import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The Go server embeds dist/ and serves it; in development, vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  // The entry (React, urql, Designsystemet) is ~170 KB gzipped; scripts/budget.mjs enforces 300 KB.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true },
      '/reports': 'http://127.0.0.1:8080',
      '/exports': 'http://127.0.0.1:8080',
      '/workbooks': 'http://127.0.0.1:8080',
      '/baseline': 'http://127.0.0.1:8080',
      '/auth': 'http://127.0.0.1:8080',
    },
  },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], setupFiles: ['src/test-setup.ts'] },
});
