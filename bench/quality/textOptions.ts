// The command line of `npm run quality -- --text DIR` as TextQualityOptions (see quality.ts's usage).
import { resolve } from 'node:path';
import { textMethodIds } from '../../src/core/methods/catalog';
import { getTextMethod } from '../../src/core/methods/registry';
import type { TextQualityOptions } from './text';

type Flags = Partial<Record<'text' | 'methods' | 'seeds' | 'minutes' | 'out' | 'vocab' | 'seq-len', string>> & { tune?: boolean };

export function textOptions(opt: Flags, numbers: (s: string, what: string) => number[]): TextQualityOptions {
  const methods = (opt.methods ?? textMethodIds.filter((id) => id !== 'supervised').join(',')).split(',');
  methods.forEach(getTextMethod); // an unknown id fails here, naming the known ones
  const integer = (s: string, what: string) => {
    const v = numbers(s, what)[0];
    if (!Number.isInteger(v)) throw new Error(`--${what}: "${s}" is not a whole number.`);
    return v;
  };
  return {
    folder: resolve(opt.text!),
    methods,
    seeds: numbers(opt.seeds ?? '1,2', 'seeds'),
    seconds: 60 * numbers(opt.minutes ?? '3', 'minutes')[0],
    budgets: [1, 4, 10],
    tune: opt.tune ?? false,
    vocabSize: integer(opt.vocab ?? '2000', 'vocab'),
    seqLen: integer(opt['seq-len'] ?? '32', 'seq-len'),
    probeTrain: 100,
    probeTest: 100,
    outDir: resolve(opt.out ?? 'bench/.tmp/quality-text'),
  };
}
