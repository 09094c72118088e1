import { afterEach, describe, expect, it } from 'vitest';
import { BUDGET_SECONDS } from '../../core/budget';
import { measuredSpeed, measuredTextSpeed } from '../../core/estimate';
import { recipeConfig, catalog } from '../../core/methods/catalog';
import type { RunStatus } from '../../core/train/types';
import type { TextRunStatus } from '../../worker/textContract';
import { planRun, planTextRun, useSpeeds, watchSpeeds } from './estimates';
import { useTextRuns } from './textRuns';
import { resetStore, setBackend, useStore, type DatasetInfo } from './store';

const dataset: DatasetInfo = {
  name: 'f',
  images: 20_000,
  classes: ['a'],
  counts: [20_000],
  resolution: 32,
  fingerprint: '0000abcd',
  split: { train: 16_000, test: 4_000 },
  rejected: [],
};
const machine = { backend: 'wasm', threads: 1 };
const cfg = recipeConfig(catalog.rotation);

afterEach(() => {
  resetStore();
  useTextRuns.setState({ runs: [] });
  useSpeeds.setState({}, true);
});

describe('a card’s plan', () => {
  it('needs a dataset and a backend, and a trainable method', () => {
    expect(planRun('rotation', cfg, { kind: 'standard' }, null, machine, {})).toBeNull();
    expect(planRun('rotation', cfg, { kind: 'standard' }, dataset, null, {})).toBeNull();
    expect(planRun('random', cfg, { kind: 'standard' }, dataset, machine, {})).toBeNull();
  });

  it("fills the time budget by the prior, then by this browser's measured speed", () => {
    const prior = planRun('rotation', cfg, { kind: 'standard' }, dataset, machine, {})!;
    expect(prior.source).toBe('prior');
    expect(prior.seconds).toBeLessThanOrEqual(BUDGET_SECONDS.standard);
    expect(prior.seconds).toBeGreaterThan(BUDGET_SECONDS.standard * 0.95);
    const slower = planRun('rotation', cfg, { kind: 'standard' }, dataset, machine, { wasm: { rotation: 2 } })!;
    expect(slower.source).toBe('method');
    expect(slower.steps).toBeLessThan(prior.steps / 1.9);
    expect(planRun('rotation', cfg, { kind: 'standard' }, dataset, machine, { wasm: { cpc: 2 } })!.source).toBe('backend');
    expect(planRun('rotation', cfg, { kind: 'standard' }, dataset, machine, { webgpu: { rotation: 2 } })!.source).toBe('prior');
  });
});

describe('a text card’s plan', () => {
  const texts = { all: 3_000, train: 2_400 };
  it('needs texts, a backend and a method that trains', () => {
    expect(planTextRun('nextword', { kind: 'quick' }, 32, { all: 0, train: 0 }, machine, {})).toBeNull();
    expect(planTextRun('nextword', { kind: 'quick' }, 32, texts, null, {})).toBeNull();
    expect(planTextRun('random', { kind: 'quick' }, 32, texts, machine, {})).toBeNull();
  });

  it('fills the budget by the prior, then by the text speed this browser measured; image speeds are a fallback', () => {
    const prior = planTextRun('nextword', { kind: 'standard' }, 32, texts, machine, {})!;
    expect(prior.source).toBe('prior');
    expect(prior.seconds).toBeLessThanOrEqual(BUDGET_SECONDS.standard);
    expect(prior.seconds).toBeGreaterThan(BUDGET_SECONDS.standard * 0.95);
    const measured = planTextRun('nextword', { kind: 'standard' }, 32, texts, machine, { wasm: { 'text:nextword': 2 } })!;
    expect(measured.source).toBe('method');
    expect(measured.steps).toBeLessThan(prior.steps / 1.9);
    expect(planTextRun('nextword', { kind: 'standard' }, 32, texts, machine, { wasm: { rotation: 2 } })!.source).toBe('backend');
    // an explicit step count is left alone, and its seconds follow from it
    const steps = planTextRun('maskedword', { kind: 'steps', steps: 40, from: 'edited' }, 32, texts, machine, {})!;
    expect(steps.steps).toBe(40);
    expect(steps.epochs).toBeCloseTo((40 * 32) / texts.train, 9);
  });
});

describe('the speeds runs measure', () => {
  const run = (step: number, imagesPerSec: number): RunStatus =>
    ({
      id: 'r1',
      method: 'rotation',
      config: cfg,
      state: 'running',
      step,
      steps: 1000,
      loss: 1,
      metrics: {},
      imagesPerSec,
      startedAt: 1,
      elapsedMs: 1,
    }) as RunStatus;

  it('count once a run is past its first steps, per backend and method', () => {
    const stop = watchSpeeds();
    setBackend({ name: 'wasm', adapter: '', reason: '', threads: { requested: 'auto', used: 1, available: 2 } });
    useStore.setState({ runs: [run(20, 100)] });
    expect(useSpeeds.getState()).toEqual({});
    useStore.setState({ runs: [run(120, 100)] });
    expect(useSpeeds.getState().wasm.rotation).toBeCloseTo(measuredSpeed('rotation', cfg, machine, 100)!, 9);
    stop();
  });

  it("count a text run's windows/s under its own key, once it has measured them", () => {
    const stop = watchSpeeds();
    setBackend({ name: 'wasm', adapter: '', reason: '', threads: { requested: 'auto', used: 1, available: 2 } });
    const text = (windowsPerSec: number | null) =>
      ({ id: 't1', method: 'maskedword', state: 'training', step: 30, steps: 100, batchSize: 32, windowsPerSec }) as TextRunStatus;
    useTextRuns.setState({ runs: [text(null)] });
    expect(useSpeeds.getState()).toEqual({});
    useTextRuns.setState({ runs: [text(40)] });
    expect(useSpeeds.getState().wasm['text:maskedword']).toBeCloseTo(measuredTextSpeed('maskedword', 32, machine, 40)!, 9);
    stop();
  });
});
