import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// `npm run dev:web` serves the dashboard with hot reload and sends API calls to a running service.
const service = process.env.CALINTEL_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': service,
      '/auth': service,
    },
  },
});
