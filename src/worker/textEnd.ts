import * as tf from '@tensorflow/tfjs';
import { recipeConfig } from '../core/methods/catalog';
import { getTextMethod } from '../core/methods/registry';
import type { TextMethodModel } from '../core/methods/types';
import { errorMessage } from '../core/errors';
import { textAttention } from '../core/text/attention';
import { nextWordGuesses } from '../core/text/nextWord';
import { prepareText, type TextData } from '../core/text/textData';
import { bigramItemNll, evaluateText, modelItemNll, perplexityEstimate, type PerplexityEstimate } from '../core/text/textEval';
import { textSettingsProblem } from '../core/text/textLimits';
import { textDataRefusal, textMemoryRefusal } from '../core/text/textMemory';
import { textScratch } from '../core/text/textScratch';
import type { TextSet } from '../core/text/textSet';
import { createTextModel, trainText } from '../core/text/textTrain';
import type { SweepPoint } from '../core/eval/evaluate';
import type { MemoryBudget } from '../core/train/memory';
import { assignWeights, snapshot } from '../core/train/run';
import type { Checkpoint } from '../core/train/types';
import { TEXT_LABEL_BUDGETS } from './textContract';
import type { TextAccuracy, TextBudget, TextCommands, TextEvent, TextRunResult, TextRunStatus, TextScratchLength } from './textContract';

/** How the page prepares text: the tokenizer card's 2,000-word vocabulary, windows of 32 words, 30 % of each author's books held out. */
export const TEXT_PREPARE = { vocabSize: 2000, seqLen: 32, testFraction: 0.3, seed: 1 };
/** Guesses shown per blank. */
const TOP_K = 5;
/** Steps between progress events. */
const REPORT_EVERY = 10;

/** Windows per second since the first report past step 10 (earlier steps compile kernels); null until two such reports. */
function windowsPerSec(batchSize: number): (step: number) => number | null {
  let from: { step: number; t: number } | null = null;
  return (step) => {
    const t = performance.now();
    if (step < 10 || !from) {
      if (step >= 10) from = { step, t };
      return null;
    }
    return ((step - from.step) * batchSize * 1000) / Math.max(1, t - from.t);
  };
}

type NextWordModel = Required<Pick<TextMethodModel, 'nextWordLogits' | 'encoder'>>;
const predictsNextWord = (m: TextMethodModel): m is TextMethodModel & NextWordModel => Boolean(m.nextWordLogits);
const accuracyOf = (r: { accuracy: number; correct: Uint8Array } | null): TextAccuracy | null =>
  r && { accuracy: r.accuracy, correct: r.correct };

/** The worker's text side: one prepared text dataset and the models of its finished runs (kept for typed sentences). */
class TextEnd {
  private data: TextData | null = null;
  private sentence = ''; // the held-out text the stepper shows
  private bigram: PerplexityEstimate | null = null; // the bigram's held-out perplexity
  private training: string | null = null;
  private stopping: string | null = null; // the training run asked to stop
  private readonly models = new Map<string, TextMethodModel>();

  constructor(
    private readonly emit: (e: TextEvent) => void,
    private readonly budget: () => MemoryBudget | null,
  ) {}

  readonly commands: TextCommands = {
    setTextDataset: async (set) => this.setDataset(set),
    startText: async (method, budget, id) => this.start(method, budget, id),
    startTextScratch: async (length) => this.scratch(length),
    stopText: async (id) => {
      if (this.training !== id) throw new Error(`Text run ${id} is not training.`);
      this.stopping = id;
    },
    restoreText: async (id, method, cp) => this.restore(id, method, cp),
    forgetText: async (id) => {
      this.models.get(id)?.dispose();
      this.models.delete(id);
    },
    textGuesses: async (id, text) => {
      const model = this.finished(id);
      if (!predictsNextWord(model)) throw new Error('This method does not predict the next word.');
      return nextWordGuesses(model, this.need().vocab, text, TOP_K);
    },
    textAttention: async (id, text) => textAttention(this.finished(id), this.need().vocab, text),
  };

  private finished(id: string): TextMethodModel {
    const model = this.models.get(id);
    if (!model) throw new Error(`Text run ${id} is not finished or no longer held by the worker.`);
    return model;
  }

  dispose(): void {
    this.models.forEach((m) => m.dispose());
    this.models.clear();
  }

  runs(): number {
    return this.models.size;
  }

  private need(): TextData {
    if (!this.data) throw new Error('No text dataset is loaded in the training worker.');
    return this.data;
  }

  private setDataset(set: TextSet) {
    if (this.training) throw new Error('A text run is training: wait for it to end before changing the text dataset.');
    const refusal = textSettingsProblem(TEXT_PREPARE) ?? textDataRefusal(set.texts.reduce((n, t) => n + t.length, 0));
    if (refusal) throw new Error(refusal);
    this.dispose();
    this.data = null;
    const d = prepareText(set, TEXT_PREPARE);
    if (d.test.length === 0) throw new Error('No texts are held out: a class needs at least two books (file name before “__”) to test on.');
    this.sentence = set.texts[d.test[0]];
    this.bigram = perplexityEstimate(bigramItemNll(d, d.test));
    this.data = d;
    return { train: d.train.length, test: d.test.length, vocabulary: d.vocab.words.length };
  }

  private start(method: TextRunStatus['method'], budget: TextBudget, id: string): void {
    const d = this.need();
    if (this.training) throw new Error(`A text run (${this.training}) is already training: one text run at a time.`);
    const refusal = this.refusal(method, budget, d);
    if (refusal) throw new Error(refusal);
    const status: TextRunStatus = {
      id,
      method,
      state: 'training',
      step: 0,
      steps: 'steps' in budget ? budget.steps : null,
      batchSize: budget.batchSize ?? recipeConfig(getTextMethod(method)).batchSize,
      loss: null,
      perplexity: null,
      windowsPerSec: null,
      bigramPerplexity: this.bigram!.perplexity,
      result: null,
      error: null,
    };
    const report = (change: Partial<TextRunStatus>, checkpoint?: Checkpoint) =>
      this.emit({ type: 'textRun', status: { ...Object.assign(status, change) }, ...(checkpoint && { checkpoint }) });
    report({});
    this.training = id;
    void this.run(status, budget, report)
      .catch((e: unknown) => report({ state: 'error', error: errorMessage(e) }))
      .finally(() => {
        this.training = null;
        this.stopping = null;
      });
  }

  /** Why `budget` cannot train `method` on `d`: a setting out of range, or a step too large for the backend; null when it can. */
  private refusal(method: TextRunStatus['method'], budget: TextBudget, d: TextData): string | null {
    const cfg = recipeConfig(getTextMethod(method));
    const settings = { vocabSize: d.vocab.words.length, seqLen: d.seqLen, batchSize: budget.batchSize ?? cfg.batchSize };
    const problem = textSettingsProblem({ ...settings, ...('steps' in budget && { steps: budget.steps }) });
    const memory = this.budget();
    return problem ?? (memory && textMemoryRefusal(settings, cfg.width, cfg.depth, memory, tf.memory().numBytes));
  }

  private async run(
    status: TextRunStatus,
    budget: TextBudget,
    report: (change: Partial<TextRunStatus>, cp?: Checkpoint) => void,
  ): Promise<void> {
    const d = this.need();
    const method = getTextMethod(status.method);
    const recipe = recipeConfig(method);
    const cfg = { ...recipe, ...('steps' in budget && { steps: budget.steps }), batchSize: status.batchSize };
    const speed = windowsPerSec(cfg.batchSize);
    const { model, steps } = await trainText(method, d, cfg, {
      reportEvery: Math.min(REPORT_EVERY, cfg.steps),
      ...('seconds' in budget && { seconds: budget.seconds }),
      onStep: (step, loss, metrics) => report({ step, loss, perplexity: metrics.perplexity ?? null, windowsPerSec: speed(step) }),
      shouldStop: () => this.stopping === status.id,
    });
    try {
      if (this.data !== d) throw new Error('The text dataset changed while the run trained.');
      const stopped = this.stopping === status.id;
      report({ state: 'evaluating', step: steps, ...(!stopped && { steps }) });
      const result = await this.evaluate(model, d, cfg.seed);
      const weights = await snapshot({ encoder: model.encoder, variables: model.encoder.variables }, status.id, steps);
      this.models.set(status.id, model);
      report({ state: stopped ? 'stopped' : 'done', result }, weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
  }

  /** A saved run's model again: its method's recipe on this dataset, the encoder's weights by position. */
  private restore(id: string, method: TextRunStatus['method'], cp: Checkpoint): void {
    const m = getTextMethod(method);
    const model = createTextModel(m, this.need(), recipeConfig(m));
    try {
      assignWeights(model.encoder.variables, cp, (i) => `The saved weights of ${id} do not match this text dataset's model (weight ${i}).`);
    } catch (e) {
      model.dispose();
      throw e;
    }
    this.models.get(id)?.dispose();
    this.models.set(id, model);
  }

  private async evaluate(model: TextMethodModel, d: TextData, seed: number): Promise<TextRunResult> {
    const ev = await evaluateText(model, d, seed, TEXT_LABEL_BUDGETS);
    const nextWord = predictsNextWord(model);
    const own = nextWord ? perplexityEstimate(await modelItemNll(model, d, d.test)) : null;
    return {
      perplexity: own?.perplexity ?? null,
      bigramPerplexity: this.bigram!.perplexity,
      probe: accuracyOf(ev.probe),
      knn: accuracyOf(ev.knn),
      reason: ev.reason,
      sentence: this.sentence,
      guesses: nextWord ? await nextWordGuesses(model, d.vocab, this.sentence, TOP_K) : [],
      sweep: ev.sweep ?? null,
      perplexityEstimate: own,
      bigramEstimate: this.bigram!,
    };
  }

  /** Supervised from scratch at each budget (the benchmark's recipe), a point per budget as it ends; one job at a time with the runs. */
  private scratch(length: TextScratchLength): void {
    const data = this.need();
    if (this.training) throw new Error('A text run is training: one text run at a time.');
    const points: SweepPoint[] = [];
    const report = (done: boolean, error: string | null = null) => this.emit({ type: 'textScratch', points: [...points], done, error });
    report(false);
    this.training = 'scratch';
    const seed = recipeConfig(getTextMethod('supervised')).seed;
    void textScratch({ data, seed, budgets: [...TEXT_LABEL_BUDGETS, 'all'], length, onPoint: (p) => (points.push(p), report(false)) })
      .then(() => report(true))
      .catch((e: unknown) => report(true, errorMessage(e)))
      .finally(() => (this.training = null));
  }
}

/** The worker's text side, for trainerEnd: its commands, the weights it holds, and freeing them. */
export function createTextEnd(emit: (e: TextEvent) => void, budget: () => MemoryBudget | null = () => null) {
  const end = new TextEnd(emit, budget);
  return { commands: end.commands, dispose: () => end.dispose(), runs: () => end.runs() };
}
