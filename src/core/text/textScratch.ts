import type { SweepPoint } from '../eval/evaluate';
import { labelSubset } from '../data/split';
import { recipeConfig } from '../methods/catalog';
import { getTextMethod } from '../methods/registry';
import type { TextData } from './textData';
import { evaluateText } from './textEval';
import { trainText } from './textTrain';

export interface TextScratchOptions {
  data: TextData; // what the windows come from
  view?: TextData; // whose train split the labelled items are drawn from and whose test split scores them; default `data`
  seed: number;
  budgets: (number | 'all')[]; // labels per class; 'all': every labelled train item
  length: { seconds: number; clock?: () => number } | { steps: number }; // per budget (seconds on `clock`, default wall time: see trainText)
  onPoint?(point: SweepPoint, done: number): void; // after each budget
}

/**
 * Supervised from scratch at each label budget, the reference pre-training must beat with few labels: for each
 * budget a fresh supervised model (its catalog recipe) trained on windows of only those labelled items, then probed
 * with the same labels on the test split. The page's text baseline and `npm run quality -- --text` both run this.
 */
export async function textScratch(opts: TextScratchOptions): Promise<SweepPoint[]> {
  const { data, view = data, seed } = opts;
  const method = getTextMethod('supervised');
  const points: SweepPoint[] = [];
  for (const perClass of opts.budgets) {
    const labelled =
      perClass === 'all' ? view.train.filter((i) => view.labels[i] >= 0) : labelSubset(view.labels, view.train, perClass, seed);
    const { model } = await trainText(
      method,
      data,
      { ...recipeConfig(method), seed, ...('steps' in opts.length && { steps: opts.length.steps }) },
      { pool: labelled, reportEvery: 25, ...('seconds' in opts.length && { seconds: opts.length.seconds, clock: opts.length.clock }) },
    );
    try {
      const ev = await evaluateText(model, view, seed, undefined, labelled);
      points.push({ perClass, accuracy: ev.probe?.accuracy ?? NaN, ...(ev.probe && { correct: ev.probe.correct }) });
      opts.onPoint?.(points.at(-1)!, points.length);
    } finally {
      model.dispose();
    }
  }
  return points;
}
