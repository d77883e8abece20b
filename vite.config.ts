import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * root.tsx (React and the views, most of the code) is imported by the entry once the store exists;
 * its files are also asked for from the page itself (preload links), with the entry, so they do not
 * queue behind the backend's first answers (bench figure 6b).
 */
function preloadRoot(): Plugin {
  return {
    name: 'weft-preload-root',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const root = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/renderer/root.tsx'));
        if (!root || root.type !== 'chunk') return [];
        const css = [...(root.viteMetadata?.importedCss ?? [])];
        return [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${root.fileName}` }, injectTo: 'head' },
          ...css.map((href) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${href}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), preloadRoot()],
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
