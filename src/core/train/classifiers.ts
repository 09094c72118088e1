import * as tf from '@tensorflow/tfjs';
import type { SweepPoint } from '../eval/evaluate';
import type { ClassificationResult } from '../eval/metrics';
import type { Classifier } from './classifier';
import type { TrainingData } from './trainingData';
import { finetuneDefaults, type FinetuneSettings } from '../config';
import { finetuneClassifier, finetuneSweep } from './finetune';
import type { Run } from './run';
import { semiDefaults } from './semi';
import type { Classification, ClassifierKind } from './types';

/** The probe as a classifier of images: the frozen encoder and the linear probe's head on every labelled train image, no step after. */
const probeSettings = { ...finetuneDefaults, steps: 0 };

/**
 * The classifiers built from runs, kept (one per run and kind, the all-labels one) so the page can classify new images
 * with them. Fine-tuning a run again replaces its classifier.
 */
export class Classifiers {
  private readonly held = new Map<string, { classifier: Classifier; result: ClassificationResult }>();

  /** Fine-tune (or, `semi`, fine-tune semi-supervised) at every label budget; `onPoints` after each; keeps the all-labels classifier. */
  async sweep(
    id: string,
    run: Run,
    data: TrainingData,
    kind: Exclude<ClassifierKind, 'probe'>,
    settings: FinetuneSettings,
    onPoints: (points: SweepPoint[], done: boolean) => void,
  ): Promise<{ points: SweepPoint[]; result: ClassificationResult }> {
    const input = {
      source: run.model,
      scratch: !run.method.trainable,
      data,
      seed: run.cfg.seed,
      settings,
      ...(kind === 'semi' && { semi: semiDefaults }),
    };
    const { points, classifier, result } = await finetuneSweep(input, onPoints);
    this.keep(id, kind, classifier, result);
    return { points, result };
  }

  /** The run's classifier of this kind (the probe's is trained on first use); throws when it was not fine-tuned yet. */
  async get(
    id: string,
    run: Run,
    data: TrainingData,
    kind: ClassifierKind,
  ): Promise<{ classifier: Classifier; result: ClassificationResult }> {
    const kept = this.held.get(key(id, kind));
    if (kept) return kept;
    if (kind !== 'probe')
      throw new Error(`${id} has no ${kind === 'semi' ? 'semi-supervised' : 'fine-tuned'} classifier yet: fine-tune it first.`);
    const train = data.train.filter((i) => data.labelsCpu[i] >= 0);
    const classifier = await finetuneClassifier({
      source: run.model,
      scratch: false,
      data,
      train,
      settings: probeSettings,
      seed: run.cfg.seed,
    });
    this.keep(id, kind, classifier, await classifier.score(data.images, data.test, data.labelsCpu));
    return this.held.get(key(id, kind))!;
  }

  /** Class probabilities of `count` images (RGB bytes at the dataset's resolution; none: only its test result) from the run's classifier of this kind. */
  async classify(
    id: string,
    run: Run,
    data: TrainingData,
    kind: ClassifierKind,
    pixels: Uint8Array,
    count: number,
  ): Promise<Classification> {
    const r = data.images.resolution;
    if (pixels.length !== count * r * r * 3)
      throw new Error(`Classify takes images of ${r} × ${r} px (RGB): got ${pixels.length} bytes for ${count}.`);
    const { classifier, result } = await this.get(id, run, data, kind);
    const k = data.numClasses;
    const probs =
      count > 0
        ? tf.tidy(() => tf.softmax(classifier.logits(tf.div(tf.tensor4d(pixels, [count, r, r, 3], 'float32'), 255) as tf.Tensor4D)))
        : null;
    const flat = probs ? await probs.data() : new Float32Array(0);
    probs?.dispose();
    return {
      classNames: data.classNames,
      probabilities: Array.from({ length: count }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k))),
      accuracy: result.accuracy,
      confusion: result.confusion,
    };
  }

  /** Forget (and free) every classifier of a run. */
  remove(id: string): void {
    for (const kind of ['probe', 'finetune', 'semi'] as const) {
      this.held.get(key(id, kind))?.classifier.dispose();
      this.held.delete(key(id, kind));
    }
  }

  private keep(id: string, kind: ClassifierKind, classifier: Classifier, result: ClassificationResult): void {
    this.held.get(key(id, kind))?.classifier.dispose();
    this.held.set(key(id, kind), { classifier, result });
  }
}

const key = (id: string, kind: ClassifierKind) => `${id}\n${kind}`;
