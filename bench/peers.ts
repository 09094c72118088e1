import type { Browser } from '@playwright/test';
import { describe, log, quick, within } from './harness';
import { ensureTorch, torchImagesPerSec } from './pytorch';
import type { BenchResults } from './results';

type Details = BenchResults['referenceDetails'];

export type PeerResults = Pick<Details, 'convnetjs' | 'pytorch' | 'pytorchUnavailable'> & {
  pytorchAtWasmThreads: number | null; // images/s at tfjs-wasm's thread count: the headline comparison
  errors: string[];
};

/** The reference network on the peers: ConvNetJS in the bench page, PyTorch on the CPU (at tfjs-wasm's thread count, and 1). */
export async function peers(browser: Browser, wasmThreads: number): Promise<PeerResults> {
  const out: PeerResults = { convnetjs: null, pytorch: [], pytorchUnavailable: null, pytorchAtWasmThreads: null, errors: [] };
  const page = await browser.newPage();
  try {
    await page.goto('/bench/');
    await page.waitForFunction(() => 'bench' in window);
    const opts = quick ? { warmupImages: 32, minImages: 32, seconds: 0 } : { warmupImages: 64, minImages: 128, seconds: 5 };
    const c = await within(page.evaluate((o) => window.bench.convnet(o), opts), 5 * 60_000, 'convnetjs');
    out.convnetjs = { steps: c.result.images / 32, seconds: c.result.seconds, imagesPerSec: c.result.imagesPerSec };
    log(`ConvNetJS: ${c.result.imagesPerSec.toFixed(1)} images/s`);
  } catch (e) {
    out.convnetjs = { steps: 0, seconds: 0, imagesPerSec: 0, error: describe(e) };
  } finally {
    await page.close();
  }
  const torch = ensureTorch(!quick);
  if (!torch.available) {
    out.pytorchUnavailable = torch.reason;
    log(`PyTorch: unavailable (${torch.reason})`);
    return out;
  }
  for (const threads of quick ? [wasmThreads] : [...new Set([wasmThreads, 1])]) {
    try {
      const r = torchImagesPerSec(threads, quick ? 1 : 5);
      out.pytorch.push({ threads: r.threads, imagesPerSec: r.images_per_sec, steps: r.steps, seconds: r.seconds, version: r.torch });
      if (threads === wasmThreads) out.pytorchAtWasmThreads = r.images_per_sec;
      log(`PyTorch ${r.torch}, ${r.threads} thread(s): ${r.images_per_sec.toFixed(1)} images/s`);
    } catch (e) {
      out.errors.push(`pytorch (${threads} threads): ${describe(e)}`);
    }
  }
  return out;
}
