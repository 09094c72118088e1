import type { BackendName } from '../backend/decide';
import type { TrainConfig } from '../config';
import { jigsawLayout } from '../data/transforms';
import { abBins } from '../data/lab';
import { catalog, type MethodId } from '../methods/catalog';
import { cpcGeometry } from '../methods/cpc';
import { param } from '../methods/types';
import { encoderSizes } from '../models/shapes';

/**
 * How much memory one training step needs, estimated from the settings before a run starts, so a run that cannot
 * fit the backend is refused with the setting to lower instead of crashing it. The counts of live tensors below
 * were fitted to tf.profile peaks of real steps of every method (tfjs' CPU backend, 16 and 32 px, batch 4–16,
 * width 4–8, depth 2–3: the estimate came out 1.11–1.40× the measured peak; memory.test.ts keeps it in 1–1.6×).
 */

const F32 = 4; // bytes per float32
/** Float tensors the size of an encoder activation alive at a step's peak, per stage: forward values kept for the gradient, and the gradients. */
const PER_ACTIVATION = 13;
/** Per image and channel of every stage: the group norm's statistics and their gradients ([B, 1, 1, C] each; they count at small sides). */
const PER_CHANNEL = 12;
/** The same for the encoder's input (normalised, augmented copies and their gradients). */
const PER_INPUT = 6;
/** Floats per trainable weight at the peak: its gradient, Adam's moments and their updated values, the decayed weight. */
const PER_WEIGHT = 6;
/** Jigsaw's tiles: cut, jittered, standardised per tile, and their gradients. */
const PER_TILE = 22;
/** SimCLR's views: cropped, then each colour change (brightness, contrast, saturation, hue, grey) makes a copy. */
const PER_VIEW = 14;
/** CPC's patches: gathered, normalised, and their gradients. */
const PER_PATCH = 16;
/** CPC: copies of the context and the K predictions per patch code (context network, predictor, gradients). */
const PER_PREDICTION = 32;
/** The autoencoder's upsampled code: resized, convolved, and its gradient. */
const PER_CODE = 3;
/** Colorization: tensors of [cells, bins] alive at the peak (distances to the bins, soft targets, logits, softmax, their gradients). */
const PER_COLOUR_CELL_BIN = 30;
/** CPC: copies of the InfoNCE score table at the peak (scores, softmax, their gradients). */
const PER_SCORE = 5;

/** One step's memory: its peak and its largest single tensor (a GPU buffer must hold it), in bytes. */
export interface StepMemory {
  bytes: number;
  largest: number;
}

/** Images through the encoder in one step: how many, their side, their channels, and the copies of them alive at the peak. */
interface Pass {
  images: number;
  side: number;
  channels: number;
  copies: number;
}

/** Tensors of a method's own head and loss: floats each, and how many of that size are alive at the peak. */
interface Extra {
  floats: number;
  copies: number;
}

/** What a method's step puts through the encoder (beyond the batch itself), and the tensors of its own head and loss. */
interface Load {
  encoded: Pass[];
  extra: Extra[];
}

const rgb = (images: number, side: number, copies = PER_INPUT): Pass => ({ images, side, channels: 3, copies });

/** Every method's expansion of a batch of B images at R px. Record<MethodId, …>: a new method needs its entry. */
const loads: Record<MethodId, (cfg: TrainConfig) => Load> = {
  rotation: (c) => ({ encoded: [rgb(4 * c.batchSize, c.resolution)], extra: [] }), // the 4 turns
  jigsaw: (c) => {
    const grid = param<number>(catalog.jigsaw, c, 'grid');
    const { tile } = jigsawLayout(c.resolution, param<number>(catalog.jigsaw, c, 'gap'), grid);
    return { encoded: [rgb(c.batchSize * grid * grid, tile, PER_TILE)], extra: [] }; // grid² tiles
  },
  colorization: (c) => {
    const map = encoderSizes(c.resolution, c.depth).at(-1)!; // it predicts per cell of the last feature map
    const bins = abBins(10).length / 2;
    const cells = c.batchSize * map * map;
    return { encoded: [{ images: c.batchSize, side: c.resolution, channels: 1, copies: PER_INPUT }], extra: [{ floats: cells * bins, copies: PER_COLOUR_CELL_BIN }] };
  },
  cpc: (c) => {
    const { grid, patch, maxOffset } = cpcGeometry(c);
    let rows = 0; // predictions: every context cell with a row k below it, k = 1…K
    for (let k = 1; k <= maxOffset; k++) rows += (grid - k) * grid;
    const patches = c.batchSize * grid * grid; // G² patches per image
    const codes = c.width * 2 ** (c.depth - 1); // D, the encoder's output channels
    const scores = { floats: c.batchSize * rows * patches, copies: PER_SCORE };
    return { encoded: [rgb(patches, patch, PER_PATCH)], extra: [scores, { floats: patches * maxOffset * codes, copies: PER_PREDICTION }] };
  },
  simclr: (c) => {
    const view = Math.round((param<number>(catalog.simclr, c, 'viewSize') * c.resolution) / 32);
    return { encoded: [rgb(2 * c.batchSize, view, PER_VIEW)], extra: [{ floats: 4 * c.batchSize * c.batchSize, copies: PER_SCORE }] }; // 2 views
  },
  autoencoder: (c) => {
    // the decoder's last upsampling: the code (depth 2) or the stage above (2·width channels), at full size
    const code = c.batchSize * c.resolution * c.resolution * Math.max(param<number>(catalog.autoencoder, c, 'bottleneck'), c.depth > 2 ? 2 * c.width : 0);
    return { encoded: [rgb(c.batchSize, c.resolution), rgb(c.batchSize, c.resolution)], extra: [{ floats: code, copies: PER_CODE }] }; // the decoder mirrors the encoder
  },
  supervised: (c) => ({ encoded: [rgb(c.batchSize, c.resolution)], extra: [] }),
  random: () => ({ encoded: [], extra: [] }),
};

/**
 * The estimated peak and largest tensor of one training step of `method` with `cfg`, for a model whose trainable
 * variables have `weights` floats each (0 for a method that never steps).
 */
export function stepMemory(method: MethodId, cfg: TrainConfig, weights: readonly number[] = []): StepMemory {
  if (!catalog[method].trainable) return { bytes: 0, largest: 0 };
  const { encoded, extra } = loads[method](cfg);
  const batch = cfg.batchSize * cfg.resolution * cfg.resolution * 3; // the gathered batch and its augmented copies
  let floats = PER_INPUT * batch + PER_WEIGHT * weights.reduce((a, b) => a + b, 0);
  let largest = Math.max(batch, ...weights);
  for (const e of extra) {
    floats += e.copies * e.floats;
    largest = Math.max(largest, e.floats);
  }
  for (const p of encoded) {
    const sizes = encoderSizes(p.side, cfg.depth);
    const activations = sizes.reduce((sum, s, stage) => sum + s * s * cfg.width * 2 ** stage, 0);
    const channels = cfg.width * (2 ** cfg.depth - 1);
    floats += p.images * (p.copies * p.side * p.side * p.channels + PER_ACTIVATION * activations + PER_CHANNEL * channels);
    largest = Math.max(largest, p.images * sizes[0] * sizes[0] * cfg.width); // the first stage's output
  }
  return { bytes: F32 * floats, largest: F32 * largest };
}

/** What a backend can hold: all its tensors together, and one tensor (a GPU buffer must hold it whole). */
export interface MemoryBudget {
  backend: BackendName;
  bytes: number;
  largest: number;
}

/**
 * Per backend, the memory a step may use with everything already allocated. WASM: tfjs-wasm's heap is one 32-bit
 * WebAssembly memory, at most 4 GiB, and growing it beyond about 2 GB fails on many systems (then the module
 * aborts); WebGPU and WebGL: browsers do not say how much GPU memory there is; CPU: plain typed arrays in the worker.
 */
export const BUDGETS: Record<BackendName, number> = { wasm: 2e9, webgpu: 2e9, webgl: 1e9, cpu: 1e9 };

/** The budget of a backend; `maxBuffer` is WebGPU's largest storage buffer (the adapter's limits). */
export function memoryBudget(backend: BackendName, maxBuffer = Infinity): MemoryBudget {
  return { backend, bytes: BUDGETS[backend], largest: maxBuffer };
}

/** WebGPU's largest tensor: a buffer bound whole to one storage binding, within both of the device's limits. */
export const largestGpuBuffer = (limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }) => Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);

/** 1.3 GB, 240 MB. */
export const formatBytes = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(b / 1e6))} MB`);

/**
 * Why a step of `method` with `cfg` (and a model of `weights`, see stepMemory) cannot fit the backend with `inUse` bytes already
 * allocated, naming the settings to lower and the largest batch that fits; null when it fits.
 */
export function memoryRefusal(method: MethodId, cfg: TrainConfig, weights: readonly number[], budget: MemoryBudget, inUse: number): string | null {
  const fits = (batchSize: number) => {
    const m = stepMemory(method, { ...cfg, batchSize }, weights);
    return inUse + m.bytes <= budget.bytes && m.largest <= budget.largest;
  };
  if (fits(cfg.batchSize)) return null;
  let lo = 0; // the largest batch known to fit (0: none)
  for (let hi = cfg.batchSize; hi - lo > 1; ) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  const need = stepMemory(method, cfg, weights);
  const name = budget.backend.toUpperCase();
  const what =
    need.largest > budget.largest
      ? `its largest tensor (${formatBytes(need.largest)}) is more than one ${name} buffer can hold (${formatBytes(budget.largest)})`
      : `more than the ${name} backend can hold (${formatBytes(budget.bytes)}, ${formatBytes(inUse)} of it in use)`;
  const batch = lo > 0 ? `now ${cfg.batchSize}; at most about ${lo.toLocaleString('en-US')} fit` : `now ${cfg.batchSize}; even 1 does not fit`;
  return (
    `${catalog[method].label} needs about ${formatBytes(need.bytes)} per step at batch ${cfg.batchSize}, ${cfg.resolution} px, width ${cfg.width} and depth ${cfg.depth}: ${what}. ` +
    `Lower the batch size (${batch}), the encoder width (now ${cfg.width}) or the resolution (now ${cfg.resolution} px).`
  );
}
