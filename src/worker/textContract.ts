import type { SweepPoint } from '../core/eval/evaluate';
import type { TextMethodId } from '../core/methods/textCatalog';
import type { PerplexityEstimate } from '../core/text/textEval';
import type { TextAttention } from '../core/text/attention';
import type { NextWordGuess } from '../core/text/nextWord';
import type { TextSet } from '../core/text/textSet';
import type { Checkpoint } from '../core/train/types';

/** How long a text run trains: seconds (the step count follows the measured step time) or a fixed number of steps. */
export type TextBudget = ({ seconds: number } | { steps: number }) & { batchSize?: number };

/** Labels per class of a text run's label sweep and of the scratch baseline (then 'all'): the benchmark's budgets. */
export const TEXT_LABEL_BUDGETS = [1, 4, 10];

/** How long the scratch baseline trains at each budget. */
export type TextScratchLength = { seconds: number } | { steps: number };

/** A probe's or kNN's held-out accuracy and, per held-out text, whether it was right (what a Wilson interval reads). */
export interface TextAccuracy {
  accuracy: number;
  correct: Uint8Array;
}

/** What a finished text run measured on the held-out texts. */
export interface TextRunResult {
  perplexity: number | null; // next-word perplexity on every held-out word (null: the method predicts no next word)
  bigramPerplexity: number; // the bigram model's (fitted on the train split) on the same words
  probe: TextAccuracy | null; // linear probe on frozen pooled features
  knn: TextAccuracy | null;
  reason: string | null; // why probe and knn are null
  sentence: string; // the held-out text the guesses step through
  guesses: NextWordGuess[]; // empty when the method predicts no next word
  sweep: SweepPoint[] | null; // the probe at TEXT_LABEL_BUDGETS labels per class, then 'all' (null with probe)
  perplexityEstimate: PerplexityEstimate | null; // perplexity with its 95 % bootstrap interval over the held-out texts
  bigramEstimate: PerplexityEstimate; // the bigram's, on the same words and resamples
}

/** A text run as the page sees it; perplexity while training is on the training batches, the result's on held-out words. */
export interface TextRunStatus {
  id: string;
  method: TextMethodId;
  state: 'training' | 'evaluating' | 'done' | 'stopped' | 'error'; // stopped: ended early by the user, evaluated at `step`
  step: number;
  steps: number | null; // null: a time budget (the count follows the measured speed)
  batchSize: number; // windows per step
  loss: number | null;
  perplexity: number | null;
  windowsPerSec: number | null; // training speed since step 10 (the first steps compile kernels); null before
  bigramPerplexity: number; // on the held-out words, known from the start
  result: TextRunResult | null;
  error: string | null;
}

/** The scratch baseline's points so far (one per budget, each with its per-text results); `done` once all are in or it failed. */
export type TextScratchEvent = { type: 'textScratch'; points: SweepPoint[]; done: boolean; error: string | null };

/** A text run's new status; the one that ends it (done or stopped) carries its encoder weights, for the page to save. */
export type TextEvent = { type: 'textRun'; status: TextRunStatus; checkpoint?: Checkpoint } | TextScratchEvent;

/** The split the worker made of a text dataset, and its vocabulary size (learned on the train split). */
export interface TextSplit {
  train: number;
  test: number;
  vocabulary: number;
}

/** The text commands: one text dataset and its runs live in the worker beside the image trainer. */
export interface TextCommands {
  /** Tokenize and split `set` in the worker; the runs of the previous text dataset are dropped (their weights freed). */
  setTextDataset(set: TextSet): Promise<TextSplit>;
  /** Train `method` on the text dataset for `budget`; progress and the result come as 'textRun' events. One run at a time. */
  startText(method: TextMethodId, budget: TextBudget, id: string): Promise<void>;
  /** Supervised from scratch at each budget on the text dataset (textScratch); its points come as 'textScratch' events. */
  startTextScratch(length: TextScratchLength): Promise<void>;
  /** End the training of run `id` at the step it reached: it is then evaluated there and reported as stopped. */
  stopText(id: string): Promise<void>;
  /** Hold a saved run's encoder weights again (for typed sentences), on the text dataset it trained on. */
  restoreText(id: string, method: TextMethodId, checkpoint: Checkpoint): Promise<void>;
  /** Free a finished run's weights (the run was deleted). */
  forgetText(id: string): Promise<void>;
  /** A finished next-word run's guesses for each word of `sentence` (its first 32 words). */
  textGuesses(id: string, sentence: string): Promise<NextWordGuess[]>;
  /** A finished run's attention on `sentence` (its first T − 1 words after `<bos>`): per block and head, words × words. */
  textAttention(id: string, sentence: string): Promise<TextAttention>;
}
