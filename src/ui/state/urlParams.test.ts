import { describe, expect, it } from 'vitest';
import { experimentQuery, parseExperiment } from './urlParams';

const known = ['rotation', 'jigsaw', 'cpc'];

describe('parseExperiment', () => {
  it('reads every parameter, with nothing to report', () => {
    const { experiment, problems } = parseExperiment(
      '?backend=wasm&threads=2&res=48&methods=cpc,rotation&steps=20&batch=8&seed=7&autostart=1&finetune=semi&ftsteps=40&dataset=none&pool=none&debug=1',
      known,
    );
    expect(experiment).toEqual({
      backend: 'wasm',
      threads: 2,
      resolution: 48,
      methods: ['cpc', 'rotation'],
      textMethods: [],
      steps: 20,
      batchSize: 8,
      seed: 7,
      autostart: true,
      finetune: ['finetune', 'semi'],
      finetuneSteps: 40,
      dataset: 'none',
      pool: false,
    });
    expect(problems).toEqual([]);
  });

  it('leaves steps and batch to each method when the link does not set them', () => {
    const { experiment, problems } = parseExperiment('?methods=rotation', known);
    expect(experiment.steps).toBeUndefined();
    expect(experiment.batchSize).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('reports every value it ignores or corrects, and says what it uses instead', () => {
    const { experiment: e, problems } = parseExperiment(
      '?backend=quantum&threads=many&res=33&methods=foo,rotation,rotation&steps=-5&batch=100000&seed=abc&autostart=maybe&dataset=mine&pool=big&stesp=3',
      known,
    );
    expect(e).toEqual({
      backend: 'auto',
      threads: 'auto',
      resolution: 32,
      methods: ['rotation'],
      textMethods: [],
      steps: 1,
      batchSize: 1024,
      seed: 1,
      autostart: false,
      finetune: [],
      finetuneSteps: undefined,
      dataset: 'sample',
      pool: true,
    });
    expect(problems).toEqual([
      '"stesp" is not a link parameter (backend, threads, res, methods, steps, batch, seed, autostart, finetune, ftsteps, dataset, pool, debug): ignored.',
      'backend=quantum is not one of auto, webgpu, webgl, wasm, cpu: using auto.',
      'threads=many is not a whole number: using every core but one.',
      'res=33 is not a working resolution (32, 48, 64, 96): using 32 px.',
      'dataset=mine is not one of sample, none, text: using the sample.',
      'methods=foo,rotation,rotation: "foo" is not a method (rotation, jigsaw, cpc): ignored.',
      'methods=foo,rotation,rotation lists a method twice: it trains once.',
      'autostart=maybe is not 1 or 0: nothing starts by itself.',
      'steps=-5 is below the smallest allowed (a whole number from 1 to 1,000,000): using 1.',
      'batch=100000 is above the largest allowed (a whole number from 1 to 1,024): using 1,024.',
      'seed=abc is not a whole number: using 1.',
      "pool=big is not one of sample, none: using the sample's pool.",
    ]);
  });

  it('takes the nearest resolution, refuses fractions and blanks, and notices autostart without methods', () => {
    const r = parseExperiment('?threads=12&res=200&steps=12.5&batch=&autostart=1', known);
    expect(r.experiment).toMatchObject({
      threads: 8,
      resolution: 96,
      steps: undefined,
      batchSize: undefined,
      autostart: true,
      methods: [],
    });
    expect(r.problems).toEqual([
      'threads=12 is above the largest allowed (a whole number from 1 to 8): using 8.',
      'res=200 is above the largest allowed (a whole number from 32 to 96): using 96.',
      'autostart=1 has no methods to start: add methods=… to the link.',
      'steps=12.5 is not a whole number: using the time budget (Standard).',
      "batch= is not a whole number: using each method's own batch size.",
    ]);
  });

  it('fine-tunes the runs of an autostart link with finetune=1, and says when it cannot', () => {
    expect(parseExperiment('?methods=jigsaw&autostart=1&finetune=1', known)).toMatchObject({
      experiment: { finetune: ['finetune'] },
      problems: [],
    });
    expect(parseExperiment('?methods=jigsaw&autostart=1&finetune=0', known)).toMatchObject({ experiment: { finetune: [] }, problems: [] });
    expect(parseExperiment('?methods=jigsaw&autostart=1&finetune=yes', known).problems).toEqual([
      'finetune=yes is not 1, semi or 0: nothing is fine-tuned by itself.',
    ]);
    expect(parseExperiment('?methods=jigsaw&finetune=1', known).problems).toEqual([
      'finetune=1 fine-tunes the runs an autostart link trains: add autostart=1 and methods=… to the link.',
    ]);
  });

  it('dataset=text reads methods as text methods (on the text sample), names the unknown ones, and round-trips', () => {
    const { experiment: e, problems } = parseExperiment('?dataset=text&methods=nextword,rotation,maskedword&autostart=1&steps=6', known);
    expect(e).toMatchObject({ dataset: 'text', methods: [], textMethods: ['nextword', 'maskedword'], autostart: true, steps: 6 });
    expect(problems).toEqual([
      'methods=nextword,rotation,maskedword: "rotation" is not a method (nextword, maskedword, prevword, supervised, random): ignored.',
    ]);
    expect(parseExperiment(experimentQuery(e), known).experiment).toEqual(e);
  });

  it('round-trips through experimentQuery', () => {
    const { experiment: e } = parseExperiment(
      '?backend=webgpu&threads=3&methods=jigsaw&steps=99&autostart=1&finetune=semi&ftsteps=7&pool=none',
      known,
    );
    expect(parseExperiment('?threads=auto', known)).toMatchObject({ experiment: { threads: 'auto' }, problems: [] });
    expect(parseExperiment(experimentQuery(e), known).experiment).toEqual(e);
    expect(experimentQuery(parseExperiment('', known).experiment)).toBe('');
  });
});
