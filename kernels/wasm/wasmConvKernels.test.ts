import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiateSimdKernels, setSimdKernelsEnabled, simdKernels } from './simdKernels';
import { registerWasmTrainingKernels } from './wasmKernels';
import { allGrads, expectWasmMatchesCpu, on, relativeError, values, weighted } from './wasmCompare';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(() => setSimdKernelsEnabled(true));

describe('our SIMD kernels', () => {
  it('load over the wasm backend’s heap, and can be turned off', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    expect(simdKernels(backend)).not.toBeNull();
    setSimdKernelsEnabled(false);
    expect(simdKernels(backend)).toBeNull();
    setSimdKernelsEnabled(true);
  });

  it.each([false, true])('link to a plain or a shared memory (shared %s) and compute in place', (shared) => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared });
    const kernels = instantiateSimdKernels(memory);
    // A 1×2×2×4 input whose channels peak at different taps (and tie in channel 3), pooled 2×2 into one pixel.
    const heap = new Float32Array(memory.buffer);
    heap.set([1, 0, 0, 5, 2, 0, 0, 5, 0, 3, 0, 1, 0, 0, -1, 1], 0);
    heap.set([10, 20, 30, 40], 16);
    kernels.max_pool_grad(0, 16 * 4, 32 * 4, 1, 2, 2, 4, 1, 1, 2, 2, 2, 2, 0, 0);
    expect(Array.from(heap.subarray(32, 48))).toEqual([0, 0, 30, 40, 10, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0]);
  });
});

/** The kernel itself (tfjs exports no op for it). */
const backpropFilter = (x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], stride: number, pad: 'same' | 'valid') =>
  tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: stride, pad, filterShape, dataFormat: 'NHWC' }) as tf.Tensor4D;

/**
 * Convolutions of every shape the backprop kernels must handle: odd sizes, 1×1 to 5×5 filters, strides 1 and 2,
 * channels below, at and past multiples of 4 and 8 (the SIMD tiles), and batches of several image groups.
 */
const convCases: { b: number; h: number; w: number; k: number; cin: number; cout: number; stride: number; pad: 'same' | 'valid' }[] = [];
for (const stride of [1, 2])
  for (const pad of ['same', 'valid'] as const) {
    for (const [h, w, k, cin, cout] of [
      [8, 8, 3, 3, 4],
      [7, 9, 3, 2, 5],
      [9, 6, 2, 4, 1],
      [5, 5, 1, 1, 3],
      [6, 7, 5, 3, 2],
      [16, 16, 3, 8, 16],
      [10, 11, 3, 6, 12],
    ])
      convCases.push({ b: 1 + ((h + cin) % 3), h, w, k, cin, cout, stride, pad });
    convCases.push({ b: 13, h: 16, w: 16, k: 3, cin: 5, cout: 20, stride, pad });
  }

const convOutShape = (xShape: number[], k: number, cin: number, cout: number, stride: number, pad: 'same' | 'valid') =>
  tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], [k, k, cin, cout], stride, 1, pad).outShape;

/** The max-pool gradient's inputs: plain, tied (values rounded to a few levels), all negative, with −∞ and NaN windows. */
const poolInputs: Record<string, (x: tf.Tensor4D) => tf.Tensor> = {
  plain: (x) => x,
  ties: (x) => tf.round(tf.mul(x, 1.5)),
  negative: (x) => tf.sub(x, 2),
  'non-finite': (x) => {
    const [b, h, w, c] = x.shape;
    const pattern = tf.tensor4d(
      Array.from({ length: b * h * w * c }, (_, i) => (i % 7 === 0 ? NaN : i % 5 === 0 ? -Infinity : 0)),
      [b, h, w, c],
    );
    return tf.add(x, pattern);
  },
};

const poolCases: { shape: [number, number, number, number]; size: number; stride: number; pad: 'same' | 'valid' }[] = [
  { shape: [2, 8, 8, 4], size: 2, stride: 2, pad: 'valid' },
  { shape: [2, 6, 4, 7], size: 2, stride: 2, pad: 'same' }, // tiles the image too, with channels past the last 4
  { shape: [1, 9, 6, 5], size: 3, stride: 3, pad: 'valid' }, // 3×3 windows that tile: the general path, not the 2×2 one
  { shape: [3, 7, 9, 6], size: 2, stride: 2, pad: 'valid' },
  { shape: [2, 7, 7, 8], size: 2, stride: 2, pad: 'same' },
  { shape: [2, 7, 6, 5], size: 3, stride: 2, pad: 'same' },
  { shape: [1, 6, 6, 12], size: 3, stride: 1, pad: 'same' },
  { shape: [2, 5, 5, 3], size: 3, stride: 1, pad: 'valid' },
];

describe.each([
  ['our SIMD kernels', true],
  ['the fallbacks', false],
])('on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));

  describe('Conv2DBackpropFilter', () => {
    it.each(convCases)('matches cpu: b$b $h×$w k$k $cin→$cout stride $stride $pad', async ({ b, h, w, k, cin, cout, stride, pad }) => {
      const xShape = [b, h, w, cin];
      const outShape = convOutShape(xShape, k, cin, cout, stride, pad);
      await expectWasmMatchesCpu(() =>
        tf.tidy(() => {
          const x = tf.tensor4d(values(xShape, 1), xShape as [number, number, number, number]);
          const dy = tf.tensor4d(values(outShape, 2), outShape);
          return backpropFilter(x, dy, [k, k, cin, cout], stride, pad);
        }),
      );
    });

    it('runs on the wasm backend and frees its intermediates', async () => {
      await tf.setBackend('wasm');
      const x = tf.tensor4d(values([2, 9, 9, 3], 3), [2, 9, 9, 3]);
      const dy = tf.tensor4d(values([2, 4, 4, 5], 4), [2, 4, 4, 5]);
      const before = tf.engine().backend.numDataIds();
      const dW = backpropFilter(x, dy, [3, 3, 3, 5], 2, 'valid');
      expect(tf.engine().backend.numDataIds()).toBe(before + 1);
      expect(dW.shape).toEqual([3, 3, 3, 5]);
      tf.dispose([x, dy, dW]);
    });
  });

  describe('Conv2DBackpropInput', () => {
    it.each(convCases)('matches cpu: b$b $h×$w k$k $cin→$cout stride $stride $pad', async ({ b, h, w, k, cin, cout, stride, pad }) => {
      const xShape = [b, h, w, cin] as [number, number, number, number];
      const outShape = convOutShape(xShape, k, cin, cout, stride, pad);
      await expectWasmMatchesCpu(() =>
        tf.tidy(() => {
          const dy = tf.tensor4d(values(outShape, 6), outShape);
          const filter = tf.tensor4d(values([k, k, cin, cout], 7), [k, k, cin, cout]);
          return tf.conv2dTranspose(dy, filter, xShape, stride, pad);
        }),
      );
    });

    it('is right for padding wider than the filter', async () => {
      const outShape = convOutShape([2, 6, 6, 3], 3, 3, 4, 1, 'valid').map((d, i) => (i === 1 || i === 2 ? d + 6 : d)) as [
        number,
        number,
        number,
        number,
      ];
      await expectWasmMatchesCpu(() =>
        tf.tidy(() => {
          const dy = tf.tensor4d(values(outShape, 10), outShape);
          return tf.conv2dTranspose(dy, tf.tensor4d(values([3, 3, 3, 4], 11), [3, 3, 3, 4]), [2, 6, 6, 3], 1, 3);
        }),
      );
    });

    it('runs on the wasm backend and frees its intermediates', async () => {
      await tf.setBackend('wasm');
      const dy = tf.tensor4d(values([2, 4, 4, 5], 8), [2, 4, 4, 5]);
      const filter = tf.tensor4d(values([3, 3, 3, 5], 9), [3, 3, 3, 5]);
      const before = tf.engine().backend.numDataIds();
      const dx = tf.conv2dTranspose(dy, filter, [2, 9, 9, 3], 2, 'valid');
      expect(tf.engine().backend.numDataIds()).toBe(before + 1);
      expect(dx.shape).toEqual([2, 9, 9, 3]);
      tf.dispose([dy, filter, dx]);
    });
  });

  describe('AvgPoolGrad', () => {
    it.each([
      { shape: [3, 8, 8, 8], size: 8, stride: 1, pad: 'valid' }, // a global average pool
      { shape: [2, 7, 7, 6], size: 2, stride: 2, pad: 'same' },
      { shape: [2, 7, 6, 5], size: 3, stride: 1, pad: 'same' },
      { shape: [1, 9, 9, 3], size: 3, stride: 2, pad: 'valid' },
    ] as const)('matches cpu: $shape, $size×$size stride $stride $pad', async ({ shape, size, stride, pad }) => {
      await expectWasmMatchesCpu(allGrads([[...shape]], (x) => weighted(tf.avgPool(x as tf.Tensor4D, size, stride, pad))));
    });
  });

  describe('MaxPoolGrad', () => {
    const cases = poolCases.flatMap((c) => Object.keys(poolInputs).map((input) => ({ ...c, input })));
    it.each(cases)('matches cpu: $input $shape, $size×$size stride $stride $pad', async ({ shape, size, stride, pad, input }) => {
      await expectWasmMatchesCpu(
        allGrads([shape], (x) => weighted(tf.maxPool(poolInputs[input](x as tf.Tensor4D) as tf.Tensor4D, size, stride, pad))),
      );
    });

    it('runs on the wasm backend and keeps no temporaries', async () => {
      await tf.setBackend('wasm');
      const input = tf.tensor4d(values([2, 8, 8, 6], 12), [2, 8, 8, 6]);
      const output = tf.maxPool(input, 2, 2, 'valid');
      const dy = tf.onesLike(output);
      const before = tf.engine().backend.numDataIds();
      const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input, output }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
      expect(tf.engine().backend.numDataIds()).toBe(before + 1);
      const total = tf.sum(dx);
      expect((await total.data())[0]).toBe(2 * 4 * 4 * 6); // every window's gradient lands once
      tf.dispose([input, output, dy, dx, total]);
    });
  });
});

describe('ResizeNearestNeighborGrad on wasm', () => {
  // tfjs-cpu's own kernel is wrong past the first image (it offsets later images' dy by one image of dx), so the
  // reference is the forward's own mapping: resize an image of indices, then add each output's weight at its source.
  it.each([
    { shape: [2, 4, 4, 3], size: [8, 8], alignCorners: false }, // the decoder's 2× upsampling
    { shape: [3, 3, 5, 2], size: [9, 10], alignCorners: false }, // 3× by 2×
    { shape: [2, 4, 4, 2], size: [9, 9], alignCorners: false }, // not whole factors: the native kernel
    { shape: [1, 3, 3, 2], size: [6, 6], alignCorners: true }, // the native kernel
  ])('is the transpose of the forward: $shape to $size, alignCorners $alignCorners', async ({ shape, size, alignCorners }) => {
    await tf.setBackend('wasm');
    const resize = (x: tf.Tensor) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, size as [number, number], alignCorners);
    const ids = tf.tensor4d(
      Float32Array.from({ length: tf.util.sizeFromShape(shape) }, (_, i) => i),
      shape as [number, number, number, number],
    );
    const sources = resize(ids);
    const weights = values(sources.shape, 99);
    const expected = new Float32Array(ids.size);
    (await sources.data()).forEach((source, i) => (expected[source] += weights[i]));
    expect(
      relativeError(
        await on(
          'wasm',
          allGrads([shape], (x) => weighted(resize(x))),
        ),
        expected,
      ),
    ).toBeLessThan(1e-6);
    tf.dispose([ids, sources]);
  });
  it('keeps no temporaries', async () => {
    await tf.setBackend('wasm');
    const [images, dy] = [tf.zeros([2, 3, 3, 4]), tf.ones([2, 6, 6, 4])];
    const before = tf.engine().backend.numDataIds();
    const dx = tf
      .engine()
      .runKernel(tf.ResizeNearestNeighborGrad, { images, dy }, { alignCorners: false, halfPixelCenters: false }) as tf.Tensor;
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(Array.from(await dx.data()).every((v) => v === 4)).toBe(true); // each input pixel sums its 2×2 block
    tf.dispose([images, dy, dx]);
  });
});
