import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import app from '../vite.config';

// The app's own build plus the bench page as a second entry, into bench/.tmp/dist: the app's dist/ never
// carries the bench (nor ConvNetJS), and the bench measures exactly the code the app ships.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const benchPort = Number(process.env.PRETEXT_BENCH_PORT ?? 4180); // another port when several checkouts bench at once

export default mergeConfig(
  app,
  defineConfig({
    root,
    build: {
      outDir: path.join(root, 'bench/.tmp/dist'),
      emptyOutDir: true,
      rolldownOptions: { input: { app: path.join(root, 'index.html'), bench: path.join(root, 'bench/index.html') } },
    },
    preview: { port: benchPort, strictPort: true },
  }),
);
