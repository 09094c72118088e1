import type { TrainConfig } from '../config';
import type { EncoderEvaluation, SweepPoint } from '../eval/evaluate';
import type { ClassificationResult } from '../eval/metrics';
import type { MethodId } from '../methods/catalog';

import type { RunState } from './runState';

export type { RunState } from './runState';

/** One point of a run's curves, read back asynchronously a few steps after it was computed. */
export interface CurvePoint {
  step: number;
  loss: number;
  lr: number;
  metrics: Record<string, number>;
}

/** A curve point with its loss only: what a text run's status gives at each read-back (no learning rate). */
export type LossPoint = Pick<CurvePoint, 'step' | 'loss'>;

export interface ProbeResult {
  accuracy: number | null; // linear probe test accuracy, null when the dataset has no labels
  knn: number | null; // cosine kNN test accuracy
  step: number; // training step the encoder was probed at
  sweep?: StatusSweepPoint[]; // the probe re-trained on 1, 4, 10, 40 labels per class and all (end-of-run evaluations)
}

/** A label budget's accuracies as the status reports them: the probe's, and the fine-tuned classifiers' where they ran. */
export interface StatusSweepPoint {
  perClass: number | 'all';
  accuracy: number; // the linear probe
  finetune?: number; // the encoder fine-tuned with a fresh head on these labels
  semi?: number; // fine-tuned on these labels and every train image without its label (FixMatch-style)
}

/** The classifiers a run can have: its frozen encoder with a linear head, fine-tuned, fine-tuned semi-supervised. */
export type ClassifierKind = 'probe' | 'finetune' | 'semi';

/** The classifiers fine-tuning builds. */
export type FinetuneKind = Exclude<ClassifierKind, 'probe'>;

/** A classifier's predictions on images the user brought: class probabilities [images][classes]. */
export interface Classification {
  classNames: string[];
  probabilities: number[][];
  accuracy: number; // the classifier on the test split
  confusion: number[][]; // on the test split: rows true class, columns predicted
}

/** What the UI and window.pretext.status() know about a run. Plain JSON. */
export interface RunStatus {
  id: string;
  method: MethodId;
  config: TrainConfig;
  state: RunState;
  step: number;
  steps: number;
  loss: number | null;
  metrics: Record<string, number>;
  imagesPerSec: number;
  startedAt: number | null; // epoch ms of the first step
  elapsedMs: number; // training time, pauses excluded
  probe?: ProbeResult;
  error?: string;
  interrupted?: boolean; // set on reload for a run that was live when the page closed or the worker died
}

/** A snapshot of every trainable weight, keyed by its position in the model's variable list. */
export interface Checkpoint {
  runId: string;
  step: number;
  // name: the stable parameter name ("encoder/conv0/kernel"; head weights "head/<position>")
  weights: Record<string, { shape: number[]; values: Float32Array; name?: string }>;
}

/** A frozen-feature evaluation of a run's encoder at some step (probe, kNN, projection, label sweep). */
export interface RunEvaluation extends EncoderEvaluation {
  runId: string;
  step: number;
}

/** What the Trainer announces; the worker forwards each to the page. */
export type TrainerEvent =
  | { type: 'run'; status: RunStatus; points: CurvePoint[] } // a status delta with the curve points since the last one
  | { type: 'checkpoint'; checkpoint: Checkpoint }
  | { type: 'evaluation'; evaluation: RunEvaluation }
  | { type: 'baseline'; points: SweepPoint[]; done: boolean } // supervised-from-scratch per label budget
  // a run fine-tuned at each label budget so far; when `done`, the all-labels classifier's test result
  | {
      type: 'finetune';
      runId: string;
      kind: Exclude<ClassifierKind, 'probe'>;
      points: SweepPoint[];
      done: boolean;
      result?: ClassificationResult;
    }
  | { type: 'backendFailed'; message: string }; // the backend is unusable (see isBackendFailure): replace it
