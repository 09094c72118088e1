// Test page for our SIMD kernels on tfjs-wasm's threads (not the app): window.kernelHarness() runs
// kernels.worker.ts in the production build (e2e/harness/serve.ts) and resolves to its report.
import type { KernelReport } from './kernels.worker';

declare global {
  interface Window {
    kernelHarness: () => Promise<KernelReport>;
  }
}

window.kernelHarness = () =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./kernels.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<KernelReport | { error: string }>) => {
      worker.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    worker.onerror = (e) => reject(new Error(e.message));
  });
