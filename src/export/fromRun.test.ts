import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyConfig, tinySet, useCpuBackend } from '../core/testUtils';
import { Trainer } from '../core/train/trainer';
import { exportedNetwork } from './network';
import { toOnnx } from './onnx';

beforeAll(async () => {
  await useCpuBackend();
  ort.env.wasm.numThreads = 1;
});

describe('a trained run as an exported classifier', () => {
  it("keeps the evaluation's probe: its ONNX classifier scores the test split as the probe did", async () => {
    const trainer = new Trainer(() => {});
    const set = await tinySet();
    trainer.setDataset(set);
    const cfg = tinyConfig({ steps: 4 });
    const { id } = trainer.start('rotation', cfg);
    await trainer.idle();
    const probe = trainer.statuses().find((s) => s.id === id)!.probe!;
    const { checkpoint, classifier } = await trainer.exportable(id, true);
    expect(checkpoint.step).toBe(4);
    expect(classifier?.classNames).toEqual(set.classNames);
    const data = trainer.trainingData!;
    const test = data.test.filter((i) => data.labelsCpu[i] >= 0);
    const r = cfg.resolution;
    const pixels = new Uint8Array(test.length * r * r * 3);
    test.forEach((img, k) => pixels.set(set.pixels.subarray(img * r * r * 3, (img + 1) * r * r * 3), k * r * r * 3));
    const session = await ort.InferenceSession.create(toOnnx(exportedNetwork(id, 'rotation', cfg, checkpoint, classifier)));
    const out = await session.run({ image: new ort.Tensor('uint8', pixels, [test.length, r, r, 3]) });
    const predicted = tf.tidy(() =>
      tf.argMax(tf.tensor2d(out.probabilities.data as Float32Array, out.probabilities.dims as [number, number]), 1).dataSync(),
    );
    const hits = test.filter((img, k) => predicted[k] === data.labelsCpu[img]).length;
    expect(hits / test.length).toBeCloseTo(probe.accuracy!, 6);
    trainer.dispose();
  });
});
