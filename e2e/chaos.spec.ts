import { test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Monkey } from './chaos/Monkey';
import { artifacts } from './pages/TrainingUi';

// CI runs a short seed; `npm run chaos -- --actions N --seed S` (or --seeds 1,2,3) runs longer ones.
const ACTIONS = Number(process.env.CHAOS_ACTIONS ?? 40);
const SEEDS = (process.env.CHAOS_SEEDS ?? '1').split(',').map(Number);

for (const seed of SEEDS) {
  test(`chaos: ${ACTIONS} random user actions on the real app keep every invariant (seed ${seed})`, async ({ page }) => {
    test.setTimeout(120_000 + ACTIONS * 6000);
    const monkey = new Monkey(page, seed);
    const t0 = Date.now();
    let done = 0;
    try {
      await monkey.open();
      await monkey.check('the first load');
      for (; done < ACTIONS; done++) await monkey.step(done);
    } finally {
      // the run's record: how far it got, what it did (the failing action is the last one logged)
      mkdirSync(artifacts, { recursive: true });
      const report = { seed, actions: done, of: ACTIONS, seconds: Math.round((Date.now() - t0) / 1000), counts: monkey.counts, log: monkey.log };
      writeFileSync(path.join(artifacts, `chaos-seed-${seed}.json`), JSON.stringify(report, null, 1));
    }
  });
}
