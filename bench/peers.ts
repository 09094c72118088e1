import type { Browser, Page } from '@playwright/test';
import { fastest, type Stretch } from './consistency';
import { asStretch, BATCH, benchPage, describe, log, quick, REF, REFERENCE_ROUNDS, stretchStart, within, type Call } from './harness';
import type { Timing } from './protocol';
import { ensureTorch, torchImagesPerSec } from './pytorch';
import type { SuiteRecord, ReferenceTiming } from './results';

type Details = SuiteRecord['referenceDetails'];

export type PeerResults = Pick<Details, 'convnetjs' | 'pytorch' | 'pytorchUnavailable' | 'wasmOneThread'> & {
  wasm: ReferenceTiming | null; // tfjs-wasm at its own thread count
  pytorchAtWasmThreads: number | null; // images/s at tfjs-wasm's thread count: the headline comparison
  errors: string[];
};

/** One contender of the rounds: one stretch of it, and the stretches timed so far. */
interface Contender {
  name: string;
  time: () => Promise<Timing>;
  stretches: Stretch[];
  failed?: string; // the first error: the contender is left out of later rounds
}

/** tfjs-wasm's bench worker in a page of its own, on `threads` threads. */
async function wasmPage(browser: Browser, pages: Page[], threads: number): Promise<Call> {
  const { page, call } = await benchPage(browser);
  pages.push(page);
  const info = await within(
    page.evaluate(([n, t]) => window.bench.open('wasm', n, t), [BATCH, threads] as const),
    120_000,
    'open wasm',
  );
  if (info.wasmThreads !== threads) throw new Error(`asked for ${threads} wasm thread(s), got ${info.wasmThreads}`);
  return call;
}

/** The figure of a contender: its fastest stretch, with every stretch kept; or its error when none succeeded. */
function figure(c: Contender): ReferenceTiming | null {
  const best = fastest(c.stretches);
  if (!best) return c.failed ? { steps: 0, seconds: 0, imagesPerSec: 0, error: c.failed } : null;
  return { steps: best.steps, seconds: best.seconds, imagesPerSec: best.imagesPerSec, stretches: c.stretches };
}

/** REFERENCE_ROUNDS rounds of every contender in `order`, each stretch kept; one that fails sits out the later rounds. */
async function rounds(order: Contender[], errors: string[]): Promise<void> {
  for (let round = 1; round <= REFERENCE_ROUNDS; round++) {
    for (const c of order.filter((x) => !x.failed)) {
      try {
        const before = stretchStart();
        const s = asStretch(await c.time(), before);
        c.stretches.push(s);
        const others = s.otherCores === undefined ? '' : `, other processes ${s.otherCores.toFixed(2)} core`;
        log(
          `reference round ${round}, ${c.name}: ${s.imagesPerSec.toFixed(1)} images/s (load ${s.loadBefore.toFixed(2)} → ${s.loadAfter.toFixed(2)}${others})`,
        );
      } catch (e) {
        c.failed = describe(e);
        errors.push(`${c.name}, round ${round}: ${c.failed}`);
        log(`${c.name}: ${c.failed}`);
      }
    }
  }
}

/**
 * The reference network on every CPU contender, in REFERENCE_ROUNDS alternating rounds: PyTorch then tfjs-wasm at
 * tfjs-wasm's thread count, both again on one thread, then ConvNetJS (in the bench page, a worker of its own). Each
 * figure is its contender's fastest stretch; every stretch is kept with the load average around it, for the
 * consistency checks (bench/consistency.ts). A contender that fails is left out of the later rounds.
 */
export async function peers(browser: Browser, wasmThreads: number): Promise<PeerResults> {
  const out: PeerResults = {
    wasm: null,
    wasmOneThread: null,
    convnetjs: null,
    pytorch: [],
    pytorchUnavailable: null,
    pytorchAtWasmThreads: null,
    errors: [],
  };
  const torch = ensureTorch(!quick);
  if (!torch.available) {
    out.pytorchUnavailable = torch.reason;
    log(`PyTorch: unavailable (${torch.reason})`);
  }
  const torchVersions = new Map<number, string>();
  const pytorchAt = (threads: number): Contender => ({
    name: `PyTorch, ${threads} thread(s)`,
    stretches: [],
    time: async () => {
      const r = torchImagesPerSec(threads, quick ? 1 : 4);
      torchVersions.set(threads, r.torch);
      return { steps: r.steps, seconds: r.seconds, imagesPerSec: r.images_per_sec };
    },
  });
  const pages: Page[] = [];
  try {
    const call = await wasmPage(browser, pages, wasmThreads);
    const tfjsOn =
      (c: Call): Contender['time'] =>
      async () =>
        (await c<Timing>('reference', [REF, false], 5 * 60_000)).result;
    const oneThread = !quick && wasmThreads > 1;
    const torchThreads = quick ? [wasmThreads] : [...new Set([wasmThreads, 1])];
    const torchRuns = torch.available ? new Map(torchThreads.map((t) => [t, pytorchAt(t)])) : new Map<number, Contender>();
    const wasm: Contender = { name: `tfjs-wasm, ${wasmThreads} thread(s)`, time: tfjsOn(call), stretches: [] };
    const wasmOne: Contender | null = oneThread
      ? { name: 'tfjs-wasm, 1 thread', time: tfjsOn(await wasmPage(browser, pages, 1)), stretches: [] }
      : null;
    const convnetOpts = quick ? { warmupImages: 32, minImages: 32, seconds: 0 } : { warmupImages: 64, minImages: 128, seconds: 4 };
    const convnet: Contender = {
      name: 'ConvNetJS',
      stretches: [],
      time: async () => {
        const c = await within(
          pages[0].evaluate((o) => window.bench.convnet(o), convnetOpts),
          5 * 60_000,
          'convnetjs',
        );
        return { steps: c.result.images / 32, seconds: c.result.seconds, imagesPerSec: c.result.imagesPerSec };
      },
    };
    const order = [torchRuns.get(wasmThreads), wasm, ...(wasmThreads > 1 ? [torchRuns.get(1), wasmOne] : []), convnet].filter(
      (c): c is Contender => !!c,
    );
    await rounds(order, out.errors);
    Object.assign(out, { wasm: figure(wasm), wasmOneThread: wasmOne && figure(wasmOne), convnetjs: figure(convnet) });
    for (const [threads, c] of torchRuns) {
      const best = figure(c);
      if (!best || best.error) continue;
      out.pytorch.push({
        threads,
        imagesPerSec: best.imagesPerSec,
        steps: best.steps,
        seconds: best.seconds,
        version: torchVersions.get(threads) ?? '?',
        stretches: best.stretches,
      });
      if (threads === wasmThreads) out.pytorchAtWasmThreads = best.imagesPerSec;
    }
  } catch (e) {
    out.errors.push(`reference rounds: ${describe(e)}`);
  } finally {
    for (const page of pages) await page.close();
  }
  return out;
}
