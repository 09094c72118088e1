import * as tf from '@tensorflow/tfjs';
import { evalDefaults } from '../config';
import { crossEntropy } from '../losses/crossEntropy';
import { classificationReport, type ClassificationResult } from './metrics';

export interface ProbeInput {
  trainX: tf.Tensor2D; // [n, d] standardized features (not owned)
  trainY: Int32Array; // [n] class per train row, 0..numClasses-1
  testX: tf.Tensor2D; // [m, d] (not owned)
  testY: Int32Array; // [m]
  numClasses: number;
  seed: number; // seeds the weight init: same inputs and seed → same result
  epochs?: number; // full-batch Adam steps, default evalDefaults.probeEpochs
  weightDecay?: number; // L2 coefficient λ in CE + λ/2·‖W‖², default evalDefaults.probeWeightDecay
  learningRate?: number; // Adam step size, default PROBE_LEARNING_RATE
}

/** Adam step size for standardized features: converges within ~100 full-batch steps. */
export const PROBE_LEARNING_RATE = 0.05;

/** The probe's trained weights, [d, classes] and [classes] (the caller owns them). */
export interface ProbeWeights {
  weights: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** Softmax regression on `trainX`, full-batch Adam on the device: what linearProbe scores (and an exported classifier keeps). */
export function trainProbe(input: Omit<ProbeInput, 'testX' | 'testY'>): ProbeWeights {
  const { trainX, numClasses } = input;
  const epochs = input.epochs ?? evalDefaults.probeEpochs;
  const weightDecay = input.weightDecay ?? evalDefaults.probeWeightDecay;
  const d = trainX.shape[1];
  const weights = tf.tidy(() => tf.variable(tf.randomNormal([d, numClasses], 0, 0.01, 'float32', input.seed))) as tf.Variable<tf.Rank.R2>;
  const bias = tf.tidy(() => tf.variable(tf.zeros([numClasses]))) as tf.Variable<tf.Rank.R1>;
  const trainY = tf.tensor1d(input.trainY, 'int32');
  const optimizer = tf.train.adam(input.learningRate ?? PROBE_LEARNING_RATE); // fresh: Adam state is per variable list
  try {
    for (let e = 0; e < epochs; e++) {
      optimizer.minimize(
        () =>
          tf.add(
            crossEntropy(probeLogits({ weights, bias }, trainX), trainY),
            tf.mul(0.5 * weightDecay, tf.sum(tf.square(weights))),
          ) as tf.Scalar,
        false,
        [weights, bias],
      );
    }
    return { weights, bias };
  } finally {
    optimizer.dispose();
    trainY.dispose();
  }
}

function probeLogits(p: ProbeWeights, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, p.weights), p.bias) as tf.Tensor2D;
}

/** Softmax regression on frozen features, trained full-batch on the device; scored on the test rows. */
export async function linearProbe(input: ProbeInput): Promise<ClassificationResult> {
  const probe = trainProbe(input);
  const testY = tf.tensor1d(input.testY, 'int32');
  try {
    const predicted = tf.tidy(() => tf.argMax(probeLogits(probe, input.testX), -1) as tf.Tensor1D);
    const report = await classificationReport(predicted, testY, input.numClasses);
    predicted.dispose();
    return report;
  } finally {
    tf.dispose([probe.weights, probe.bias, testY]);
  }
}
