import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSimdKernelsEnabled } from './simdKernels';
import { broadcastBlock } from './wasmBinaryKernels';
import { avgPoolGrad, conv2DBackpropFilter, conv2DBackpropInput, maxPoolGrad, resizeNearestNeighborGrad } from './wasmConvKernels';
import {
  batchMatMul,
  exp,
  gatherV2,
  identity,
  registerWasmTrainingKernels,
  reverse,
  topK,
  unsortedSegmentSum,
  wasmTrainingKernelNames,
} from './wasmKernels';
import { argMax, max, sum } from './wasmReduceKernels';
import { allGrads, expectWasmMatchesCpu, useWasmWithOurKernels, values, weighted } from './wasmCompare';

beforeAll(useWasmWithOurKernels);

describe('registerWasmTrainingKernels', () => {
  it('registers our kernels for wasm, once', () => {
    registerWasmTrainingKernels();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')?.kernelFunc).toBe(conv2DBackpropFilter);
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')?.kernelFunc).toBe(unsortedSegmentSum);
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).toBe(maxPoolGrad);
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(conv2DBackpropInput);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(batchMatMul);
    expect(tf.getKernel(tf.GatherV2, 'wasm')?.kernelFunc).toBe(gatherV2);
    expect(tf.getKernel(tf.AvgPoolGrad, 'wasm')?.kernelFunc).toBe(avgPoolGrad);
    expect(tf.getKernel(tf.Reverse, 'wasm')?.kernelFunc).toBe(reverse);
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).toBe(identity);
    expect(tf.getKernel(tf.Exp, 'wasm')?.kernelFunc).toBe(exp);
    expect(tf.getKernel(tf.ResizeNearestNeighborGrad, 'wasm')?.kernelFunc).toBe(resizeNearestNeighborGrad);
    expect(tf.getKernel(tf.TopK, 'wasm')?.kernelFunc).toBe(topK);
    expect(tf.getKernel(tf.Sum, 'wasm')?.kernelFunc).toBe(sum);
    expect(tf.getKernel(tf.Max, 'wasm')?.kernelFunc).toBe(max);
    expect(tf.getKernel(tf.ArgMax, 'wasm')?.kernelFunc).toBe(argMax);
    expect(wasmTrainingKernelNames).toEqual([
      tf.Conv2DBackpropFilter,
      tf.UnsortedSegmentSum,
      tf.MaxPoolGrad,
      tf.Conv2DBackpropInput,
      tf.BatchMatMul,
      tf.GatherV2,
      tf.AvgPoolGrad,
      tf.Reverse,
      tf.Identity,
      tf.Add,
      tf.Sub,
      tf.Multiply,
      tf.Exp,
      tf.ResizeNearestNeighborGrad,
      tf.TopK,
      tf.Sum,
      tf.Max,
      tf.ArgMax,
    ]);
  });
});

describe.each([
  ['our SIMD kernel', true],
  ['the fallback', false],
])('Reverse on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  it.each([
    { shape: [2, 5, 4, 3], dims: [1, 2] },
    { shape: [2, 5, 4, 3], dims: [1] },
    { shape: [2, 5, 4, 3], dims: [2] },
    { shape: [2, 5, 4, 3], dims: [0, 2, 3] },
    { shape: [3, 1, 6], dims: [1, 2] },
    { shape: [7], dims: [0] },
    { shape: [4, 5], dims: [-1] },
    { shape: [4, 1], dims: [1] },
  ])('matches cpu: $shape reversed along $dims', async ({ shape, dims }) => {
    await expectWasmMatchesCpu(() => tf.tidy(() => tf.reverse(tf.tensor(values(shape, 16), shape), dims)));
  });

  it('reverses int32 and bool, and frees its passes', async () => {
    await tf.setBackend('wasm');
    const ints = tf.tensor2d(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [2, 3],
      'int32',
    );
    const bools = tf.tensor1d([true, false, false], 'bool');
    const before = tf.engine().backend.numDataIds();
    const [ri, rb] = [tf.reverse(ints, [0, 1]), tf.reverse(bools)];
    expect(tf.engine().backend.numDataIds()).toBe(before + 2);
    expect(Array.from(await ri.data())).toEqual([6, 5, 4, 3, 2, 1]);
    expect(Array.from(await rb.data())).toEqual([0, 0, 1]);
    tf.dispose([ints, bools, ri, rb]);
  });
});

describe('broadcastBlock', () => {
  it('finds the one block of axes the smaller operand repeats along', () => {
    expect(broadcastBlock([2, 3, 4, 5], [2, 3, 4, 5])).toEqual([1, 1, 120]);
    expect(broadcastBlock([2, 3, 4, 5], [5])).toEqual([1, 24, 5]);
    expect(broadcastBlock([2, 3, 4, 5], [2, 1, 1, 5])).toEqual([2, 12, 5]);
    expect(broadcastBlock([2, 3, 4, 5], [2, 3, 1, 1])).toEqual([6, 20, 1]);
    expect(broadcastBlock([2, 3, 4, 5], [])).toEqual([1, 120, 1]);
    expect(broadcastBlock([2, 1, 4, 5], [1, 1, 1, 5])).toEqual([1, 8, 5]); // the output's own size-1 axes do not split a block
    expect(broadcastBlock([2, 3, 4, 5], [1, 3, 1, 5])).toBeNull();
  });
});

describe.each([
  ['our SIMD kernel', true],
  ['the native kernels', false],
])('Add, Sub, Multiply on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  const ops = { add: tf.add, sub: tf.sub, mul: tf.mul };
  it.each([
    [
      [2, 3, 4, 6],
      [2, 3, 4, 6],
    ],
    [[2, 3, 4, 6], [6]],
    [
      [2, 3, 4, 6],
      [2, 1, 1, 6],
    ],
    [
      [2, 1, 1, 7],
      [2, 3, 4, 7],
    ],
    [
      [3, 5, 5, 1],
      [3, 1, 1, 1],
    ],
    [[2, 5], []],
    [[], [4, 3]],
    [
      [2, 1, 5],
      [1, 3, 1],
    ],
  ])('match cpu: %j ∘ %j', async (aShape, bShape) => {
    for (const op of Object.values(ops))
      await expectWasmMatchesCpu(
        () => tf.tidy(() => op(tf.tensor(values(aShape, 17), aShape), tf.tensor(values(bShape, 18), bShape))),
        1e-6,
      );
  });

  it('keep int32 exact and free nothing but their inputs', async () => {
    await tf.setBackend('wasm');
    const [a, b] = [
      tf.tensor2d(
        [
          [1, 2],
          [3, 4],
        ],
        [2, 2],
        'int32',
      ),
      tf.tensor1d([10, 20], 'int32'),
    ];
    const before = tf.engine().backend.numDataIds();
    const out = tf.sub(a, b);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(out.dtype).toBe('int32');
    expect(Array.from(await out.data())).toEqual([-9, -18, -7, -16]);
    tf.dispose([a, b, out]);
  });
});

describe.each([
  ['our SIMD kernel', true],
  ['the native kernel', false],
])('Exp on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  it('matches Math.exp to float precision from underflow to overflow, odd lengths included', async () => {
    await tf.setBackend('wasm');
    const x = Float32Array.from({ length: 4003 }, (_, i) => -110 + (200 * i) / 4002);
    x.set([NaN, Infinity, -Infinity, 0, 88.72, 88.73], 0);
    const t = tf.exp(tf.tensor1d(x));
    const got = (await t.data()) as Float32Array;
    t.dispose();
    for (let i = 0; i < x.length; i++) {
      const want = Math.fround(Math.exp(x[i]));
      if (!Number.isFinite(want) || want < 1e-37) expect(Math.abs(got[i] - want) < 1e-37 || Object.is(got[i], want)).toBe(true);
      else expect(Math.abs(got[i] - want) / want).toBeLessThan(1e-6);
    }
  });

  it('gives softmax its gradient', async () => {
    await expectWasmMatchesCpu(allGrads([[5, 7]], (a) => weighted(tf.softmax(tf.mul(a, 9)))));
  });
});

describe.each([
  ['our SIMD kernel', true],
  ['the native kernel', false],
])('TopK on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  /** Values and indices of tf.topk on one backend. */
  const topkOn = async (backend: 'cpu' | 'wasm', x: () => tf.Tensor, k: number) => {
    await tf.setBackend(backend);
    const input = x();
    const { values: v, indices: i } = tf.topk(input, k);
    const out = { values: Array.from(await v.data()), indices: Array.from(await i.data()), shape: v.shape };
    tf.dispose([input, v, i]);
    return out;
  };

  it.each([
    { what: 'float rows with ties, k = 5', x: () => tf.round(tf.mul(tf.tensor(values([37, 261], 3), [37, 261]), 4)), k: 5 },
    { what: 'a 3-D float tensor, k = 1', x: () => tf.tensor(values([2, 3, 40], 4), [2, 3, 40]), k: 1 },
    {
      what: 'k = the row length, ties, rows shorter than 4',
      x: () =>
        tf.tensor2d([
          [3, 1, 3],
          [0, 0, 0],
          [-5, 7, 7],
        ]),
      k: 3,
    },
    { what: 'a large k and a row tail', x: () => tf.tensor(values([4, 83], 5), [4, 83]), k: 40 },
    {
      what: 'int32 (the native kernel)',
      x: () =>
        tf.tensor2d(
          [
            [3, 1, 3, 2],
            [-5, 7, 7, -5],
          ],
          undefined,
          'int32',
        ),
      k: 2,
    },
    {
      what: 'a NaN (the native kernel)',
      x: () =>
        tf.tensor2d([
          [1, 2, 3, 4, 5, 6, 7, 8],
          [1, 2, 3, 4, 5, NaN, 0, 9],
        ]),
      k: 2,
    },
  ])('matches the CPU backend on $what', async ({ x, k }) => {
    expect(await topkOn('wasm', x, k)).toEqual(await topkOn('cpu', x, k));
  });

  it('frees nothing it keeps', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(values([8, 50], 6), [8, 50]);
    const before = tf.memory().numTensors;
    tf.dispose(Object.values(tf.topk(x, 3)));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('Identity on wasm', () => {
  it('shares the data, which outlives either tensor alone', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.engine().backend.numDataIds();
    const y = tf.clone(x);
    expect(tf.engine().backend.numDataIds()).toBe(before);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before - 1);
  });
});

describe.each([
  ['our SIMD transpose', true],
  ['the fallback', false],
])('BatchMatMul on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));
  // [a shape, b shape, transposeA, transposeB]: every transpose combination, matrices wider than one 32×32 tile
  // with ragged edges, leading axes of size 1, and batched products (left to the native kernel).
  const cases: [number[], number[], boolean, boolean][] = [
    [[6, 5], [5, 4], false, false],
    [[6, 5], [4, 5], false, true],
    [[5, 6], [5, 4], true, false],
    [[5, 6], [4, 5], true, true],
    [[70, 33], [70, 3], true, false],
    [[3, 70], [45, 3], true, true],
    [[50, 2], [65, 2], false, true],
    [[1, 7, 5], [1, 3, 5], false, true],
    [[5, 7], [1, 5, 3], true, false],
    [[2, 5, 4], [2, 3, 5], true, true],
    [[2, 4, 5], [5, 3], false, false],
  ];

  it.each(cases)('matches cpu: %j · %j, transposeA %s, transposeB %s', async (aShape, bShape, transposeA, transposeB) => {
    await expectWasmMatchesCpu(() =>
      tf.tidy(() => tf.matMul(tf.tensor(values(aShape, 12), aShape), tf.tensor(values(bShape, 13), bShape), transposeA, transposeB)),
    );
  });

  it('keeps leading axes of size 1 in the output shape', async () => {
    await tf.setBackend('wasm');
    const out = tf.tidy(() => tf.matMul(tf.ones([1, 5, 7]), tf.ones([3, 5]), true, true));
    expect(out.shape).toEqual([1, 7, 3]);
    out.dispose();
  });

  it('runs on the wasm backend and frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor(values([40, 30], 14), [40, 30]),
      b = tf.tensor(values([20, 40], 15), [20, 40]);
    const before = tf.engine().backend.numDataIds();
    const out = tf.matMul(a, b, true, true);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(out.shape).toEqual([30, 20]);
    tf.dispose([a, b, out]);
  });

  it('still rejects mismatched inner sizes', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.tidy(() => tf.matMul(tf.ones([4, 5]), tf.ones([4, 5]), false, false))).toThrow(/inner shapes/);
    expect(() => tf.tidy(() => tf.matMul(tf.ones([4, 5]), tf.ones([4, 6]), true, true))).toThrow(/inner shapes/);
  });
});

describe('GatherV2 on wasm', () => {
  it.each([
    { what: 'images [5, 3, 2, 2], repeated ids', shape: [5, 3, 2, 2], ids: [4, 0, 4, 2], idShape: [4], axis: 0 },
    { what: 'a vector', shape: [6], ids: [5, 1, 1], idShape: [3], axis: 0 },
    { what: '2-D ids', shape: [4, 3], ids: [3, 0, 1, 1], idShape: [2, 2], axis: 0 },
    { what: 'axis 1', shape: [3, 5, 2], ids: [4, 0], idShape: [2], axis: 1 },
    { what: "axis 1, rows of 3 colours (CPC's patches)", shape: [2, 16, 3], ids: [15, 0, 5, 6, 5], idShape: [5], axis: 1 },
    { what: 'axis 2 of 4, 2-D ids', shape: [2, 3, 4, 2], ids: [3, 0, 1, 3], idShape: [2, 2], axis: 2 },
    { what: 'the last axis', shape: [3, 4], ids: [1, 3, 3], idShape: [3], axis: 1 },
    { what: 'rows of 70, copied whole', shape: [4, 70], ids: [3, 1], idShape: [2], axis: 0 },
  ])('matches cpu: $what', async ({ shape, ids, idShape, axis }) => {
    await expectWasmMatchesCpu(() => tf.tidy(() => tf.gather(tf.tensor(values(shape, 12), shape), tf.tensor(ids, idShape, 'int32'), axis)));
  });

  it('gathers int32 and bool rows, and refuses an index out of range', async () => {
    await tf.setBackend('wasm');
    const ints = tf.gather(
      tf.tensor2d(
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        [3, 2],
        'int32',
      ),
      tf.tensor1d([2, 0], 'int32'),
    );
    const bools = tf.gather(tf.tensor1d([true, false, true], 'bool'), tf.tensor1d([1, 2], 'int32'));
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([5, 6, 1, 2]);
    expect(Array.from(await bools.data())).toEqual([0, 1]);
    expect(() => tf.gather(tf.tensor1d([1, 2]), tf.tensor1d([2], 'int32'))).toThrow(/not in \[0, 1\]/);
    expect(() => tf.gather(tf.ones([2, 3]), tf.tensor1d([-1], 'int32'), 1)).toThrow(/not in \[0, 2\]/);
    tf.dispose([ints, bools]);
  });
});

describe('UnsortedSegmentSum on wasm', () => {
  it.each([
    { ids: [0, 2, 2, 4, 1, 0], rest: [3] },
    { ids: [1, 1, 1, 1], rest: [2, 2] },
    { ids: [3, 0, 2], rest: [] },
  ])('matches cpu: ids $ids, slices $rest', async ({ ids, rest }) => {
    await expectWasmMatchesCpu(() =>
      tf.tidy(() => {
        const shape = [ids.length, ...rest];
        return tf.unsortedSegmentSum(tf.tensor(values(shape, 5), shape), tf.tensor1d(ids, 'int32'), 5);
      }),
    );
  });

  it('drops negative and too-large ids, as TensorFlow does', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(tf.tensor2d([[1], [2], [4], [8]]), tf.tensor1d([-1, 1, 3, 1], 'int32'), 3);
    expect(Array.from(await out.data())).toEqual([0, 10, 0]);
    out.dispose();
  });

  it('gives gather its gradient (2-D indices, axis 1)', async () => {
    await expectWasmMatchesCpu(
      allGrads([[4, 6, 2]], (a) =>
        weighted(
          tf.gather(
            a,
            tf.tensor2d(
              [
                [5, 0],
                [5, 3],
              ],
              [2, 2],
              'int32',
            ),
            1,
          ),
        ),
      ),
    );
  });
});
