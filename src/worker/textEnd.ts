import { recipeConfig } from '../core/methods/catalog';
import { getTextMethod } from '../core/methods/registry';
import type { TextMethodModel } from '../core/methods/types';
import { errorMessage } from '../core/errors';
import { nextWordGuesses } from '../core/text/nextWord';
import { prepareText, type TextData } from '../core/text/textData';
import { bigramPerplexity, evaluateText, modelPerplexity } from '../core/text/textEval';
import type { TextSet } from '../core/text/textSet';
import { trainText } from '../core/text/textTrain';
import type { TextAccuracy, TextBudget, TextCommands, TextEvent, TextRunResult, TextRunStatus } from './textContract';

/** How the page prepares text: the tokenizer card's 2,000-word vocabulary, windows of 32 words, 30 % of each author's books held out. */
export const TEXT_PREPARE = { vocabSize: 2000, seqLen: 32, testFraction: 0.3, seed: 1 };
/** Guesses shown per blank. */
const TOP_K = 5;
/** Steps between progress events. */
const REPORT_EVERY = 10;

type NextWordModel = Required<Pick<TextMethodModel, 'nextWordLogits' | 'encoder'>>;
const predictsNextWord = (m: TextMethodModel): m is TextMethodModel & NextWordModel => Boolean(m.nextWordLogits);
const accuracyOf = (r: { accuracy: number; correct: Uint8Array } | null): TextAccuracy | null =>
  r && { accuracy: r.accuracy, correct: r.correct };

/** The worker's text side: one prepared text dataset and the models of its finished runs (kept for typed sentences). */
export function createTextEnd(emit: (e: TextEvent) => void) {
  let data: TextData | null = null;
  let sentence = ''; // the held-out text the stepper shows
  let bigram = NaN; // the bigram's held-out perplexity
  let training: string | null = null;
  const models = new Map<string, TextMethodModel>();

  const dropModels = () => {
    models.forEach((m) => m.dispose());
    models.clear();
  };
  const need = (): TextData => {
    if (!data) throw new Error('No text dataset is loaded in the training worker.');
    return data;
  };

  async function evaluate(model: TextMethodModel, d: TextData, seed: number): Promise<TextRunResult> {
    const ev = await evaluateText(model, d, seed);
    const nextWord = predictsNextWord(model);
    return {
      perplexity: nextWord ? await modelPerplexity(model, d, d.test) : null,
      bigramPerplexity: bigram,
      probe: accuracyOf(ev.probe),
      knn: accuracyOf(ev.knn),
      reason: ev.reason,
      sentence,
      guesses: nextWord ? await nextWordGuesses(model, d.vocab, sentence, TOP_K) : [],
    };
  }

  async function run(status: TextRunStatus, budget: TextBudget, report: (change: Partial<TextRunStatus>) => void): Promise<void> {
    const d = need();
    const method = getTextMethod(status.method);
    const recipe = recipeConfig(method);
    const cfg = { ...recipe, ...('steps' in budget && { steps: budget.steps }), batchSize: budget.batchSize ?? recipe.batchSize };
    const { model, steps } = await trainText(method, d, cfg, {
      reportEvery: Math.min(REPORT_EVERY, cfg.steps),
      ...('seconds' in budget && { seconds: budget.seconds }),
      onStep: (step, loss, metrics) => report({ step, loss, perplexity: metrics.perplexity ?? null }),
    });
    try {
      if (data !== d) throw new Error('The text dataset changed while the run trained.');
      report({ state: 'evaluating', steps });
      const result = await evaluate(model, d, cfg.seed);
      models.set(status.id, model);
      report({ state: 'done', result });
    } catch (e) {
      model.dispose();
      throw e;
    }
  }

  const commands: TextCommands = {
    async setTextDataset(set: TextSet) {
      if (training) throw new Error('A text run is training: wait for it to end before changing the text dataset.');
      dropModels();
      data = null;
      const d = prepareText(set, TEXT_PREPARE);
      if (d.test.length === 0)
        throw new Error('No texts are held out: a class needs at least two books (file name before “__”) to test on.');
      sentence = set.texts[d.test[0]];
      bigram = bigramPerplexity(d, d.test);
      data = d;
      return { train: d.train.length, test: d.test.length, vocabulary: d.vocab.words.length };
    },
    async startText(method, budget, id) {
      need();
      if (training) throw new Error('A text run is already training: one text run at a time.');
      const status: TextRunStatus = {
        id,
        method,
        state: 'training',
        step: 0,
        steps: 'steps' in budget ? budget.steps : null,
        loss: null,
        perplexity: null,
        bigramPerplexity: bigram,
        result: null,
        error: null,
      };
      const report = (change: Partial<TextRunStatus>) => emit({ type: 'textRun', status: { ...Object.assign(status, change) } });
      report({});
      training = id;
      void run(status, budget, report)
        .catch((e: unknown) => report({ state: 'error', error: errorMessage(e) }))
        .finally(() => (training = null));
    },
    async textGuesses(id, text) {
      const model = models.get(id);
      if (!model) throw new Error(`Text run ${id} is not finished or no longer held by the worker.`);
      if (!predictsNextWord(model)) throw new Error('This method does not predict the next word.');
      return nextWordGuesses(model, need().vocab, text, TOP_K);
    },
  };
  return { commands, dispose: dropModels, runs: () => models.size };
}
