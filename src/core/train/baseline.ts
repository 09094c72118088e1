import type { TrainConfig } from '../config';
import { evalDefaults } from '../config';
import { labelSubset } from '../data/split';
import type { SweepPoint } from '../eval/evaluate';
import { getMethod } from '../methods/registry';
import { probeEncoder } from './probe';
import type { DeviceData } from './deviceData';
import { Run } from './run';

/**
 * The label-efficiency reference: for each budget (k labels per class, then all), train the supervised method
 * from scratch on just those labels, then probe its encoder with the same labels. `onPoint` gets the points so far
 * after each budget (`done` after the last).
 */
export async function scratchBaseline(data: DeviceData, cfg: TrainConfig, onPoint: (points: SweepPoint[], done: boolean) => void): Promise<SweepPoint[]> {
  if (data.numClasses < 2) throw new Error('The supervised baseline needs labels: put images in one sub-folder per class.');
  const method = getMethod('supervised');
  const points: SweepPoint[] = [];
  const labelled = data.train.filter((i) => data.labelsCpu[i] >= 0);
  for (const perClass of [...evalDefaults.labelBudgets, 'all' as const]) {
    const subset = perClass === 'all' ? labelled : labelSubset(data.labelsCpu, data.train, perClass, evalDefaults.splitSeed);
    const run = new Run(method, cfg, { ...data, train: subset });
    try {
      while (!run.done) await run.advance();
      const ev = await probeEncoder(run.model, data, subset);
      points.push({ perClass, accuracy: ev.probe?.accuracy ?? 0, ...(ev.probe && { correct: ev.probe.correct }) });
    } finally {
      run.dispose();
    }
    onPoint([...points], perClass === 'all');
  }
  return points;
}
