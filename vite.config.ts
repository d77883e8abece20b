import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      output: {
        // what the entry (renderer/main.tsx) and the views share is one chunk, preloaded with the entry: at a
        // cold start the window's code is the entry, that chunk and root.tsx's, not several small pieces that
        // root.tsx would wait for behind the backend's first answers (bench figure 6b)
        codeSplitting: {
          groups: [{ name: 'shared', test: /[\\/](renderer|shared|node_modules)[\\/]/, minShareCount: 2 }],
        },
      },
    },
  },
});
