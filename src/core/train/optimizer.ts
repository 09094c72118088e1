import * as tf from '@tensorflow/tfjs';

/** tfjs Adam with a settable learning rate, for warm-up + cosine schedules (tfjs keeps it protected). */
export class ScheduledAdam extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8) {
    super(learningRate, beta1, beta2, epsilon);
  }

  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }
}
