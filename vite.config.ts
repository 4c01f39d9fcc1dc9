import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA lives in web/ and is built into dist/web, which the server serves (falling back to
// index.html for non-API GET paths). The server's CSP forbids inline scripts and styles, so
// nothing here may inline either: CSS is emitted as files and the module preload polyfill
// is left out (every supported browser has native modulepreload).
const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

const proxy = { '/api': process.env['SIGNOFF_DEV_API'] ?? 'http://localhost:3000' };
const CSP = "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self'";

export default defineConfig({
  root: webRoot,
  publicDir: false,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // `npx vite` / `npx vite preview` for UI work: API calls go to a server started by hand
  // (SIGNOFF_DEV_API, default http://localhost:3000). Preview sends the server's CSP, so a
  // stray inline style shows up as a console error before it reaches the real server.
  server: { proxy },
  preview: { proxy, headers: { 'Content-Security-Policy': CSP } },
});
