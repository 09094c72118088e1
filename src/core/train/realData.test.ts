import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../../kernels/wasm/wasmKernels';
import { defaultConfig } from '../config';
import type { ImageSet } from '../data/imageSet';
import { Trainer } from './trainer';

/** The first `perClass` images of each class of the shipped sample (public/sample), 2×2-averaged to 16 px. */
function sampleSubset(perClass: number): ImageSet {
  const meta = JSON.parse(readFileSync('public/sample/meta.json', 'utf8')) as { classNames: string[]; count: number; resolution: number };
  const all = readFileSync('public/sample/pixels.bin');
  const per = meta.count / meta.classNames.length;
  const size = meta.resolution * meta.resolution * 3;
  const pixels = new Uint8Array(perClass * meta.classNames.length * size);
  const labels = new Int32Array(perClass * meta.classNames.length);
  meta.classNames.forEach((_, c) => {
    for (let k = 0; k < perClass; k++) {
      const dst = c * perClass + k;
      pixels.set(all.subarray((c * per + k) * size, (c * per + k + 1) * size), dst * size);
      labels[dst] = c;
    }
  });
  return {
    name: 'sample subset',
    resolution: meta.resolution / 2,
    pixels: halve(pixels, labels.length, meta.resolution),
    labels,
    classNames: meta.classNames,
  };
}

function halve(pixels: Uint8Array, n: number, r: number): Uint8Array {
  const h = r / 2;
  const out = new Uint8Array(n * h * h * 3);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < h; x++)
        for (let c = 0; c < 3; c++) {
          const at = (yy: number, xx: number) => pixels[((b * r + yy) * r + xx) * 3 + c];
          out[((b * h + y) * h + x) * 3 + c] =
            (at(2 * y, 2 * x) + at(2 * y + 1, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x + 1)) >> 2;
        }
  return out;
}

describe('on real images (the shipped CIFAR-10 sample, WASM backend)', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });

  it('a trained supervised encoder beats the random-init encoder on the linear probe', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(sampleSubset(60));
    const cfg = { ...defaultConfig, width: 16, depth: 3, batchSize: 32, steps: 200, learningRate: 5e-3, warmupSteps: 10 };
    const supervised = trainer.start('supervised', cfg);
    const random = trainer.start('random', cfg);
    await trainer.idle();
    const [s, r] = [supervised.id, random.id].map((id) => trainer.statuses().find((x) => x.id === id)!);
    expect(s.state).toBe('done');
    expect(r.state).toBe('done');
    console.info(
      `supervised train accuracy ${s.metrics.accuracy}; probe accuracy: supervised ${s.probe!.accuracy}, random ${r.probe!.accuracy}; kNN ${s.probe!.knn} vs ${r.probe!.knn}`,
    );
    expect(s.probe!.accuracy!).toBeGreaterThan(r.probe!.accuracy! + 0.03);
    trainer.dispose();
  }, 400_000);
});
