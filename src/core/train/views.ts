import * as tf from '@tensorflow/tfjs';
import { filterImages } from '../data/images';
import type { Visualization } from '../methods/visualization';
import type { TrainingData } from './trainingData';
import type { Run } from './run';

/** Held-out images drawn by the visualizations. */
const VIZ_IMAGES = 8;

/** The method's view and the encoder's first-layer filters, from the run's current weights on held-out images. */
export async function visualizeRun(run: Run, data: TrainingData): Promise<Visualization> {
  const pool = data.test.length > 0 ? data.test : data.train;
  // Spread across the pool (sorted by image index, so across classes for class-ordered data).
  const idx = Int32Array.from({ length: VIZ_IMAGES }, (_, k) => pool[Math.floor((k * pool.length) / VIZ_IMAGES) % pool.length]);
  const batch = run.gatherBatch(idx);
  try {
    const view = await run.model.visualize(batch);
    const filters = await filterImages(run.model.encoder.firstLayer as tf.Tensor as tf.Tensor4D);
    return { view, filters };
  } finally {
    tf.dispose([batch.images, batch.labels]);
  }
}
