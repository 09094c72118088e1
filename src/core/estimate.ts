import type { TrainConfig } from './config';
import type { MethodId } from './methods/catalog';
import type { TextMethodId } from './methods/textCatalog';

/**
 * How long a run will take, before it starts. A run's wall time is linear in its steps:
 *   seconds = fixedSeconds + steps × stepSeconds
 * where stepSeconds is the step itself plus its share of the periodic checkpoints, and fixedSeconds the first step's
 * kernel compilation and the end-of-run evaluation (embedding every image, probe, kNN, label sweep).
 */
export interface RunCost {
  stepSeconds: number;
  fixedSeconds: number;
}

/** The config the prior throughputs were measured at (bench/results/suite.json, `npm run bench`, WASM with 2 threads). */
export const PRIOR_CONFIG = { resolution: 32, width: 16, depth: 3, threads: 2, batchSize: 64 } as const;

/**
 * Images per second of each method's training step on WASM at PRIOR_CONFIG (batch 64, its default params), from the
 * bench (bench/results/suite.json, rows[backend=wasm].trainer.imagesPerSec). Only their ratios matter once this browser
 * has measured a run: the speed factor below takes over the absolute level.
 */
export const PRIOR_IMAGES_PER_SEC: Record<Exclude<MethodId, 'random'>, number> = {
  rotation: 521,
  jigsaw: 2031,
  colorization: 820,
  cpc: 154,
  simclr: 1332,
  autoencoder: 662,
  supervised: 1782,
};

/**
 * Share of each method's step time at 32 px that grows with the pixel count; the rest (kernel dispatch, the optimizer,
 * fixed-size heads) does not. From the estimates bench's images/s at 32 and 64 px (bench/results/estimates.md): a ratio
 * r between them gives (r − 1) / 3; rotation 4.0, colorization 3.5, autoencoder 3.6, jigsaw, SimCLR and supervised 2.9,
 * CPC 2.1 (its 7×7 patch grid and predictions do not grow).
 */
export const PIXEL_SHARE: Record<Exclude<MethodId, 'random'>, number> = {
  rotation: 1,
  jigsaw: 0.65,
  colorization: 0.84,
  cpc: 0.38,
  simclr: 0.64,
  autoencoder: 0.88,
  supervised: 0.64,
};

/**
 * Share of each method's step time at the prior's batch (64) that grows with the batch per image: CPC scores every
 * prediction against every patch of the batch (InfoNCE), so that part costs ∝ batch² per step. In the estimates bench
 * CPC at batch 32 took 0.65× (32 px) and 0.73× (64 px) of the time its batch-64 prior gave, against the other methods:
 * a share s halves to s ÷ 2 at batch 32, so 1 − s ÷ 2 = 0.69 gives 0.62. SimCLR's 2B × 2B scores are small next to
 * its encoder.
 */
export const BATCH_SHARE: Partial<Record<Exclude<MethodId, 'random'>, number>> = { cpc: 0.62 };

/**
 * Fixed costs and scalings on WASM (docs/estimates.md):
 * - APP: the app's runs against the bench's trainer rows, before any run has measured this browser: rotation, the
 *   estimates bench's first run at each resolution, took 1.44× and 1.53× the prior's time in one bench, 1.90× and
 *   1.52× (32 / 64 px) in the next; 1.6 puts all four within 20 %.
 * - THREAD_EXPONENT: throughput ∝ threads^0.35. On one thread against the bench's two: the app's rotation ran 0.70×,
 *   tfjs-wasm on the reference network 0.73×, `npm run quality`'s six methods (Node) 0.70–1.0×; 0.35 (0.78×) keeps
 *   every one of them within 30 %.
 * - START: the first step's kernel compilation and the run's set-up (0.6–0.7 s to step 1 in the estimates bench).
 * - CHECKPOINT: reading the weights back and handing them to the page, per checkpoint (a guess: small next to a step).
 * - EVAL_BASE + EVAL_PER_IMAGE: the end-of-run evaluation, at 32 px and the default encoder (0.9–1.1 s on 245
 *   images in the estimates bench; the per-image share is a guess until estimates.md (bench/results/) measures a large folder).
 */
export const COSTS = {
  APP: 1.6,
  THREAD_EXPONENT: 0.35,
  START: 1.0,
  CHECKPOINT: 0.05,
  EVAL_BASE: 1.0,
  EVAL_PER_IMAGE: 0.0004,
};

/** The machine a run will train on, as far as its speed goes. */
export interface Machine {
  backend: string; // the backend's name ('wasm', 'webgpu', …)
  threads: number | null; // WASM's threads (null on the other backends)
}

/** How much one image costs the encoder relative to PRIOR_CONFIG: pixels × (width² per stage) × stages. */
export function encoderScale(cfg: Pick<TrainConfig, 'resolution' | 'width' | 'depth'>): number {
  const p = PRIOR_CONFIG;
  return (cfg.resolution / p.resolution) ** 2 * (cfg.width / p.width) ** 2 * (cfg.depth / p.depth);
}

/**
 * How much slower than the prior's WASM a backend is before any run has measured it. The CPU backend (plain
 * JavaScript) trained the bench's reference network 242× slower than tfjs-wasm at 2 threads (bench/results/suite.json
 * `reference`); a GPU's speed depends on the GPU (SwiftShader's says nothing about a real one), so it starts at 1.
 */
const BACKEND_SCALE: Record<string, number> = { cpu: 240 };

/** The machine's step time relative to the prior's (WASM at 2 threads): >1 is slower. */
function machineScale(m: Machine): number {
  if (m.threads === null) return BACKEND_SCALE[m.backend] ?? 1;
  return (PRIOR_CONFIG.threads / m.threads) ** COSTS.THREAD_EXPONENT;
}

/** How much one training image costs `method` relative to PRIOR_CONFIG: encoderScale for the share that grows with pixels. */
export function stepScale(method: Exclude<MethodId, 'random'>, cfg: Pick<TrainConfig, 'resolution' | 'width' | 'depth'>): number {
  const share = PIXEL_SHARE[method];
  const pixels = (cfg.resolution / PRIOR_CONFIG.resolution) ** 2;
  return (encoderScale(cfg) / pixels) * (1 - share + share * pixels);
}

/** How much one training image costs `method` at `batchSize` relative to the prior's batch: BATCH_SHARE grows with it. */
export function batchScale(method: Exclude<MethodId, 'random'>, batchSize: number): number {
  const share = BATCH_SHARE[method] ?? 0;
  return 1 - share + (share * batchSize) / PRIOR_CONFIG.batchSize;
}

/** A training step's seconds by the prior alone (speed factor 1). */
export function priorStepSeconds(method: Exclude<MethodId, 'random'>, cfg: TrainConfig, m: Machine): number {
  return (
    (cfg.batchSize * stepScale(method, cfg) * batchScale(method, cfg.batchSize) * machineScale(m) * COSTS.APP) /
    PRIOR_IMAGES_PER_SEC[method]
  );
}

/**
 * A run's cost. `speed` is measured step time ÷ prior step time on this browser and backend (1: none measured yet);
 * `images` is the number of images the end-of-run evaluation embeds (the whole dataset).
 */
export function runCost(method: Exclude<MethodId, 'random'>, cfg: TrainConfig, m: Machine, images: number, speed = 1): RunCost {
  const perCheckpoint = cfg.checkpointEvery > 0 ? COSTS.CHECKPOINT / cfg.checkpointEvery : 0;
  const evalSeconds = (COSTS.EVAL_BASE + images * COSTS.EVAL_PER_IMAGE * encoderScale(cfg) * machineScale(m)) * speed;
  return {
    stepSeconds: priorStepSeconds(method, cfg, m) * speed + perCheckpoint,
    fixedSeconds: COSTS.START * speed + evalSeconds,
  };
}

/** Seconds a run of `steps` steps takes. */
export const runSeconds = (cost: RunCost, steps: number) => cost.fixedSeconds + steps * cost.stepSeconds;

/**
 * The speed factor one measured run gives: its step time (batch ÷ the images/s it reported) over the prior's for its
 * config. Null when it has not measured anything yet.
 */
export function measuredSpeed(method: Exclude<MethodId, 'random'>, cfg: TrainConfig, m: Machine, imagesPerSec: number): number | null {
  if (!(imagesPerSec > 0)) return null;
  return cfg.batchSize / imagesPerSec / priorStepSeconds(method, cfg, m);
}

/**
 * The speed factor to use for `method` on a backend: its own measured one, else the median of the backend's other
 * methods' (the prior's ratios between methods hold, the machine's level is what was measured), else 1.
 */
export function speedFor(
  method: string,
  measured: Readonly<Record<string, number>>,
): { speed: number; source: 'method' | 'backend' | 'prior' } {
  if (measured[method] !== undefined) return { speed: measured[method], source: 'method' };
  const others = Object.values(measured).sort((a, b) => a - b);
  if (others.length === 0) return { speed: 1, source: 'prior' };
  const mid = others.length >> 1;
  return { speed: others.length % 2 ? others[mid] : (others[mid - 1] + others[mid]) / 2, source: 'backend' };
}

/** The text methods that train (random init only evaluates). */
export type TrainableTextMethod = Exclude<TextMethodId, 'random'>;

/**
 * Windows per second of each text method's training step on WASM at 2 threads, for the page's one text config (the
 * text recipe: width 64, 2 blocks; T = 32, a 2,000-word vocabulary; batch 32). Level: next word trained 693 steps in
 * 8 minutes in `npm run quality -- --text` (Node, tfjs-wasm on one thread, load average 4–7: 46 windows/s), over the
 * 2-thread factor (0.78, THREAD_EXPONENT). Ratios between methods: 30 steps of each in one Node process on the text
 * sample (next word 16.2, previous word 14.2, masked word 18.8, supervised 28.5 windows/s at load average 12).
 */
export const PRIOR_TEXT_WINDOWS_PER_SEC: Record<TrainableTextMethod, number> = {
  nextword: 59,
  prevword: 52,
  maskedword: 68,
  supervised: 104,
};

/**
 * The end-of-run evaluation of a text run per text: each text's features (FEATURE_CHUNKS windows through the encoder),
 * next-word perplexity on the held-out ones, probe and kNN (a guess: about a third of a training window per chunk).
 */
const TEXT_EVAL_PER_TEXT = 0.01;

/** A text run's cost (see runCost): `texts` is the number of texts the evaluation reads (all of them). */
export function textRunCost(method: TrainableTextMethod, batchSize: number, m: Machine, texts: number, speed = 1): RunCost {
  const scale = machineScale(m);
  return {
    stepSeconds: ((batchSize * scale) / PRIOR_TEXT_WINDOWS_PER_SEC[method]) * speed,
    fixedSeconds: (COSTS.START + COSTS.EVAL_BASE + texts * TEXT_EVAL_PER_TEXT * scale) * speed,
  };
}

/** The speed factor a text run measured (see measuredSpeed): its step time over the prior's. */
export function measuredTextSpeed(method: TrainableTextMethod, batchSize: number, m: Machine, windowsPerSec: number): number | null {
  if (!(windowsPerSec > 0)) return null;
  return batchSize / windowsPerSec / textRunCost(method, batchSize, m, 0).stepSeconds;
}
