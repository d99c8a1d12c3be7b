import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the app with hot reload and proxies the API to a running admin service
// (AISPM_ADMIN_URL, default http://127.0.0.1:8090, the port ./aispm up prefers).
const admin = process.env.AISPM_ADMIN_URL ?? 'http://127.0.0.1:8090';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/spm': { target: admin, changeOrigin: false } } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
});
