import { test, type BrowserContext } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../src/core/rng';
import { readKept, tabProblems, unlistedProblems } from './chaos/checks';
import { Monkey } from './chaos/Monkey';
import { failingStorage } from './chaos/storageFaults';
import { artifacts } from './pages/TrainingUi';

// CI runs a short seed; `npm run chaos -- --actions N --seeds 1,2,3 [--tabs T] [--fail-writes P]` runs longer ones.
const ACTIONS = Number(process.env.CHAOS_ACTIONS ?? 40);
const SEEDS = (process.env.CHAOS_SEEDS ?? '1').split(',').map(Number);
const TABS = Number(process.env.CHAOS_TABS ?? 2); // tabs of one browser, sharing its storage
const FAIL_WRITES = Number(process.env.CHAOS_FAIL_WRITES ?? 0.02); // the chance that an IndexedDB put fails as on a full disk
/** Every this many actions: each tab lists every run kept in storage (within LISTED_MS). */
const LIST_EVERY = 10;
const LISTED_MS = 30_000;

/** The checks across tabs, after each action: no run in two workers (a handover seen half-way is read again). */
async function checkTabs(monkeys: Monkey[], when: string, listed: boolean): Promise<void> {
  const statuses = () => Promise.all(monkeys.map((m) => m.page.evaluate(() => window.pretext.status())));
  let problems: string[] = [];
  for (let k = 0, end = Date.now() + (listed ? LISTED_MS : 3000); k === 0 || (problems.length && Date.now() < end); k++) {
    if (k) await monkeys[0].page.waitForTimeout(500);
    const s = await statuses();
    problems = [...tabProblems(s), ...(listed ? unlistedProblems(await readKept(monkeys[0].page), s) : [])];
  }
  monkeys[0].fail(problems, when);
}

async function openTabs(context: BrowserContext, seed: number, log: string[]): Promise<Monkey[]> {
  const monkeys: Monkey[] = [];
  for (let k = 0; k < TABS; k++) monkeys.push(new Monkey(await context.newPage(), seed * 100 + k, TABS > 1 ? `tab ${k + 1}: ` : '', log));
  for (const m of monkeys) {
    await m.open();
    await m.check('the first load');
  }
  return monkeys;
}

for (const seed of SEEDS) {
  test(`chaos: ${ACTIONS} random user actions in ${TABS} tab(s) of the real app, ${FAIL_WRITES * 100}% of writes failing, keep every invariant (seed ${seed})`, async ({
    context,
  }) => {
    test.setTimeout(120_000 + ACTIONS * 6000);
    await failingStorage(context, FAIL_WRITES, seed);
    const log: string[] = [];
    const rng = new Rng(seed); // which tab acts
    const t0 = Date.now();
    let done = 0;
    let monkeys: Monkey[] = [];
    try {
      monkeys = await openTabs(context, seed, log);
      for (; done < ACTIONS; done++) {
        await monkeys[rng.int(monkeys.length)].step(done);
        await checkTabs(monkeys, `after #${done}`, (done + 1) % LIST_EVERY === 0);
      }
    } finally {
      // the run's record: how far it got, what it did (the failing action is the last one logged)
      mkdirSync(artifacts, { recursive: true });
      const report = {
        seed,
        tabs: TABS,
        failWrites: FAIL_WRITES,
        actions: done,
        of: ACTIONS,
        seconds: Math.round((Date.now() - t0) / 1000),
        counts: monkeys.map((m) => m.counts),
        log,
      };
      writeFileSync(path.join(artifacts, `chaos-seed-${seed}.json`), JSON.stringify(report, null, 1));
    }
  });
}
