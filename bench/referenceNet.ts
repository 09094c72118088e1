import * as tf from '@tensorflow/tfjs';
import { BatchSampler } from '../src/core/data/sampler';
import { crossEntropy } from '../src/core/losses/crossEntropy';
import type { TrainingData } from '../src/core/train/trainingData';
import { REFERENCE } from './protocol';

export interface ReferenceModel {
  variables: tf.Variable[];
  /** Mean cross-entropy of a batch: images [B, 32, 32, 3] in [0, 1], labels [B] int32 in [0, 4). */
  loss(images: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar;
  dispose(): void;
}

/** conv3×3 16 ReLU → maxpool 2 → conv 32 ReLU → maxpool 2 → conv 64 ReLU → global average pool → dense 4. */
export function referenceModel(seed: number): ReferenceModel {
  // tidy frees each initial value once the variable holds it.
  const param = <T extends tf.Tensor>(init: () => T) => tf.tidy(() => tf.variable(init())) as tf.Variable & T;
  let cin = 3;
  const convs = REFERENCE.convs.map((cout, i) => {
    const kernel = param(() => tf.randomNormal([3, 3, cin, cout], 0, Math.sqrt(2 / (9 * cin)), 'float32', seed + i) as tf.Tensor4D);
    cin = cout;
    return { kernel, bias: param(() => tf.zeros([cout]) as tf.Tensor1D) };
  });
  const dense = {
    kernel: param(() => tf.randomNormal([cin, REFERENCE.classes], 0, Math.sqrt(1 / cin), 'float32', seed + 9) as tf.Tensor2D),
    bias: param(() => tf.zeros([REFERENCE.classes])),
  };
  const variables = [...convs.flatMap((c) => [c.kernel, c.bias]), dense.kernel, dense.bias];
  return {
    variables,
    loss(images, labels) {
      let h: tf.Tensor4D = images;
      convs.forEach((c, i) => {
        if (i > 0) h = tf.maxPool(h, 2, 2, 'valid');
        // conv + bias + ReLU in one fused kernel, as tfjs offers (its gradient handles bias and ReLU).
        h = tf.fused.conv2d({ x: h, filter: c.kernel, strides: 1, pad: 'same', bias: c.bias, activation: 'relu' });
      });
      const logits = tf.add(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, dense.kernel), dense.bias) as tf.Tensor2D;
      return crossEntropy(logits, labels);
    },
    dispose: () => tf.dispose(variables),
  };
}

/**
 * The reference network trained with plain SGD on the device dataset: `step` enqueues one step and returns its loss
 * (for timeLoop to read back). Labels are folded into the network's 4 classes; unlabelled (-1) images count as 0.
 */
export function referenceTrainer(data: TrainingData, seed: number): { step: () => tf.Scalar; dispose: () => void } {
  const model = referenceModel(seed);
  const labels = tf.tidy(() => tf.cast(tf.mod(tf.relu(data.labels), REFERENCE.classes), 'int32') as tf.Tensor1D);
  const sampler = new BatchSampler(data.train, REFERENCE.batch, seed);
  const optimizer = tf.train.sgd(REFERENCE.learningRate);
  const step = () =>
    tf.tidy(() => {
      const idx = sampler.next();
      const images = data.images.gather(idx);
      return optimizer.minimize(
        () => model.loss(images, tf.gather(labels, tf.tensor1d(idx, 'int32')) as tf.Tensor1D),
        true,
        model.variables,
      )!;
    });
  return { step, dispose: () => (tf.dispose([labels, ...model.variables]), optimizer.dispose()) };
}
