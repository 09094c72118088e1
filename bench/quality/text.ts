// `npm run quality -- --text DIR`: the learning-quality benchmark on a labelled text folder (see docs/text.md). Books
// (file name before "__") are split whole: the report's test books are never trained or tuned on; --tune re-splits the
// remaining books into train and dev, for choosing a recipe without looking at the test books.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelSubset } from '../../src/core/data/split';
import { recipeConfig } from '../../src/core/methods/catalog';
import { getTextMethod } from '../../src/core/methods/registry';
import type { TextMethodModel } from '../../src/core/methods/types';
import { bigramPerplexity, evaluateText, modelPerplexity } from '../../src/core/text/textEval';
import { groupSplit, prepareText, type TextData } from '../../src/core/text/textData';
import { textScratch } from '../../src/core/text/textScratch';
import { trainText } from '../../src/core/text/textTrain';
import type { TextSet } from '../../src/core/text/textSet';
import { loadTextFolder } from './textFolder';

export interface TextQualityOptions {
  folder: string;
  methods: string[]; // text registry ids
  seeds: number[];
  seconds: number; // training time per run (and over all scratch budgets), in this process's CPU seconds
  budgets: number[]; // labels per class of the sweep and of supervised from scratch
  scratch: boolean; // also train supervised from scratch at each budget
  tune: boolean; // dev books instead of the test books
  vocabSize: number;
  seqLen: number;
  probeTrain: number; // labelled train items per class the probes see ('all' of the sweep)
  probeTest: number; // held-out items per class they are scored on
  outDir: string;
}

/** This process's CPU time in ms: tfjs-wasm in Node computes on one thread, so a run's budget in CPU time is what it
 * trains in that wall time on an idle core, however busy the machine is. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Held-out share of each class's books, and the seed of the report's book split (fixed: the test books never change). */
const TEST_FRACTION = 0.3;
const SPLIT_SEED = 1;

/** The books the report is measured on are dropped with --tune, and the rest split again into train and dev books. */
function loadSplit(opts: TextQualityOptions): TextData {
  let set = loadTextFolder(opts.folder);
  if (opts.tune) {
    const { train } = groupSplit(set.labels, set.groups, TEST_FRACTION, SPLIT_SEED);
    set = subset(set, train);
  }
  return prepareText(set, {
    vocabSize: opts.vocabSize,
    seqLen: opts.seqLen,
    testFraction: TEST_FRACTION,
    seed: opts.tune ? SPLIT_SEED + 1 : SPLIT_SEED,
  });
}

function subset(set: TextSet, keep: Int32Array): TextSet {
  const pick = <T>(a: T[]) => Array.from(keep, (i) => a[i]);
  return {
    texts: pick(set.texts),
    names: pick(set.names),
    labels: keep.map((i) => set.labels[i]),
    classNames: set.classNames,
    groups: pick(set.groups),
  };
}

/** The probes' items: a fixed per-class subset of the train and test splits (features of every item would take longer than training). */
function probeView(data: TextData, opts: TextQualityOptions): TextData {
  return {
    ...data,
    train: labelSubset(data.labels, data.train, opts.probeTrain, SPLIT_SEED),
    test: labelSubset(data.labels, data.test, opts.probeTest, SPLIT_SEED),
  };
}

export interface TextRunResult {
  method: string;
  seed: number;
  steps: number;
  trainSeconds: number;
  probe: number | null;
  knn: number | null;
  sweep: { perClass: number | 'all'; accuracy: number }[];
  perplexity?: number; // next-word models, on every word of the held-out books' probe items
}

async function measure(id: string, data: TextData, view: TextData, seed: number, opts: TextQualityOptions): Promise<TextRunResult> {
  const method = getTextMethod(id);
  const cfg = { ...recipeConfig(method), seed };
  const t0 = cpuMs();
  const { model, steps } = await trainText(method, data, cfg, {
    seconds: opts.seconds,
    clock: cpuMs,
    reportEvery: 25,
    onStep: (s, loss) => s % 100 === 0 && console.log(`  ${id} ${s}: ${loss.toFixed(3)}`),
  });
  const trainSeconds = (cpuMs() - t0) / 1000; // CPU seconds
  try {
    const ev = await evaluateText(model, view, seed, opts.budgets);
    const perplexity = model.nextWordLogits ? await modelPerplexity(model as Required<TextMethodModel>, view, view.test) : undefined;
    const sweep = (ev.sweep ?? []).map(({ perClass, accuracy }) => ({ perClass, accuracy }));
    return {
      method: id,
      seed,
      steps,
      trainSeconds,
      probe: ev.probe?.accuracy ?? null,
      knn: ev.knn?.accuracy ?? null,
      sweep,
      ...(perplexity && { perplexity }),
    };
  } finally {
    model.dispose();
  }
}

export async function textQuality(opts: TextQualityOptions): Promise<void> {
  const data = loadSplit(opts);
  const view = probeView(data, opts);
  const bigram = bigramPerplexity(data, view.test);
  console.log(
    `${opts.tune ? 'dev' : 'test'} books: ${data.test.length} items held out, ${data.train.length} train; probes on ${view.train.length}/${view.test.length}; bigram perplexity ${bigram.toFixed(1)}`,
  );
  const runs: TextRunResult[] = [];
  for (const id of opts.methods) {
    for (const seed of opts.seeds) {
      const r = await measure(id, data, view, seed, opts);
      runs.push(r);
      const sweep = r.sweep.map((p) => `${p.perClass}: ${p.accuracy.toFixed(3)}`).join(', ');
      console.log(
        `${id} seed ${seed}: ${r.steps} steps in ${r.trainSeconds.toFixed(0)} s, probe ${r.probe?.toFixed(3)} knn ${r.knn?.toFixed(3)} sweep ${sweep}${r.perplexity ? ` perplexity ${r.perplexity.toFixed(1)}` : ''}`,
      );
    }
  }
  const scratchRuns = [];
  for (const seed of opts.scratch ? opts.seeds : []) {
    const length = { seconds: opts.seconds / opts.budgets.length, clock: cpuMs };
    const points = (await textScratch({ data, view, seed, budgets: opts.budgets, length })).map(({ perClass, accuracy }) => ({
      perClass,
      accuracy,
    }));
    scratchRuns.push({ seed, points });
    console.log(`supervised from scratch seed ${seed}: ${points.map((p) => `${p.perClass}: ${p.accuracy.toFixed(3)}`).join(', ')}`);
  }
  const { outDir, folder, ...settings } = opts;
  const report = {
    date: new Date().toISOString(),
    backend: tf.getBackend(),
    folder,
    settings,
    items: { train: data.train.length, test: data.test.length, probeTrain: view.train.length, probeTest: view.test.length },
    bigramPerplexity: bigram,
    runs,
    scratch: scratchRuns,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'quality-text.json'), JSON.stringify(report, null, 1) + '\n');
  console.log(`wrote ${join(outDir, 'quality-text.json')}`);
}
