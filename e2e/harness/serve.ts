// Builds a harness page with the app's Vite config (same plugins, CSP and headers) into a temporary
// folder and serves it with `vite preview`; public/ (the packed sample) comes along as in the app's build.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Harness {
  /** The page served. */
  url: string;
  /** The origin's root ('http://localhost:PORT/'). */
  origin: string;
  close(): Promise<void>;
}

const shared = { configFile: path.join(root, 'vite.config.ts'), root, logLevel: 'warn' as const };

/** Builds and serves one harness page: e2e/harness/ingest.html (the ingest layer) or kernels.html (the threaded kernels). */
export async function serveHarness(page = 'e2e/harness/ingest.html'): Promise<Harness> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'pretext-harness-'));
  await build({ ...shared, build: { outDir, emptyOutDir: true, rolldownOptions: { input: path.join(root, page) } } });
  const served = await serveBuild(outDir, page);
  return { ...served, close: () => served.close().finally(() => rmSync(outDir, { recursive: true, force: true })) };
}

/** `vite preview` of a build folder (the app's dist/ by default) on a free port from 4190 up. */
export async function serveBuild(outDir = path.join(root, 'dist'), page = ''): Promise<Harness> {
  const server = await preview({ ...shared, build: { outDir }, preview: { port: 4190, strictPort: false, open: false } });
  const origin = server.resolvedUrls!.local[0];
  return { url: `${origin}${page}`, origin, close: () => server.close() };
}
