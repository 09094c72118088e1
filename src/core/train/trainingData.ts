import * as tf from '@tensorflow/tfjs';
import { evalDefaults } from '../config';
import { isLabelled, type ImageSet } from '../data/imageSet';
import { ImageStore } from '../data/imageStore';
import { stratifiedSplit } from '../data/split';

/** The dataset as training reads it, shared by every run so all see the same images and split. */
export interface TrainingData {
  // images, labels and train grow in place when unlabelled images join (Trainer.extendDataset)
  images: ImageStore; // [N, R, R, 3] in [0, 1]: on the device, or streamed per batch when the set is large
  labels: tf.Tensor1D; // [N] int32, -1 unlabelled
  labelsCpu: Int32Array;
  train: Int32Array; // split indices, shared by every run
  test: Int32Array;
  numClasses: number;
  classNames: string[];
}

/**
 * The dataset for training (pixels scaled to [0, 1]) with the split every run shares (fixed seed, stratified).
 * `testFraction` (of every class) is the app's default; the quality benchmark holds out more of a small set.
 */
export function uploadDataset(set: ImageSet, testFraction = evalDefaults.testFraction): TrainingData {
  const n = set.labels.length;
  const split = stratifiedSplit(set.labels, testFraction, evalDefaults.splitSeed);
  return {
    images: new ImageStore(set.pixels, n, set.resolution),
    labels: tf.tensor1d(set.labels, 'int32'),
    labelsCpu: set.labels.slice(),
    train: split.train,
    test: split.test,
    numClasses: isLabelled(set) ? set.classNames.length : 0,
    classNames: set.classNames,
  };
}

/**
 * Grow `data` in place by unlabelled images: `set` is the current dataset followed by them. They join the train split
 * (the held-out images and the labelled split stay as they are).
 */
export function extendTrainingData(data: TrainingData, set: ImageSet): void {
  const before = data.labelsCpu.length;
  const added = set.labels.subarray(before);
  if (
    set.resolution !== data.images.resolution ||
    set.labels.length < before ||
    added.some((l) => l !== -1) ||
    set.labels.subarray(0, before).some((l, i) => l !== data.labelsCpu[i])
  )
    throw new Error('extendDataset takes the current dataset followed by unlabelled images at its resolution.');
  const old = { ...data }; // its tensors go once the new ones exist
  data.images = new ImageStore(set.pixels, set.labels.length, set.resolution);
  data.labels = tf.tensor1d(set.labels, 'int32');
  data.labelsCpu = set.labels.slice();
  data.train = Int32Array.from([...data.train, ...Array.from(added.keys(), (k) => before + k)]);
  disposeTrainingData(old);
}

export function disposeTrainingData(data: TrainingData): void {
  data.images.dispose();
  data.labels.dispose();
}
