import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { tinyTextSet } from '../../worker/tinyTextSet';
import { bootWith, closePage, freshPage, pagePerTest } from './testApp';
import { useTextRuns } from './textRuns';

/** Wait until the text runs' store satisfies `ok`. */
async function until(ok: (s: ReturnType<typeof useTextRuns.getState>) => boolean, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!ok(useTextRuns.getState())) {
    if (Date.now() > end) throw new Error('Timed out waiting for the text runs');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('text runs on the page', () => {
  const page = pagePerTest(true);

  it('sends the text dataset once, shows the run to its end, keeps typed guesses, and forgets the runs of another dataset', async () => {
    const set = tinyTextSet();
    const id = await page.app.text.start(set, 'nextword', { steps: 2, batchSize: 2 });
    expect(id).toBe('text-nextword-1');
    expect(useTextRuns.getState().split).toMatchObject({ train: 4, test: 4 });
    await until((s) => s.runs.some((r) => r.state === 'done' || r.state === 'error'));
    const [run] = useTextRuns.getState().runs;
    expect(run).toMatchObject({ id, state: 'done', step: 2, error: null });
    expect(run.result!.guesses.length).toBeGreaterThan(0);

    await page.app.text.guess(id, 'sea wave');
    expect(useTextRuns.getState().typed[id].map((g) => g.truth)).toEqual(['sea', 'wave']);

    const other = { ...set, texts: [...set.texts] }; // another dataset: the runs start over
    await expect(page.app.text.start(other, 'random', { steps: 1 })).resolves.toBe('text-random-2'); // ids are never reused
    expect(useTextRuns.getState().runs.map((r) => r.id)).toEqual(['text-random-2']);
    await until((s) => s.runs[0].state === 'done');
  });

  it('a worker crash ends a training text run with a message, and the next start sends the dataset to the new worker', async () => {
    const set = tinyTextSet();
    const id = await page.app.text.start(set, 'nextword', { steps: 30, batchSize: 2 });
    await page.app.debug.crashWorker();
    expect(useTextRuns.getState().runs.find((r) => r.id === id)).toMatchObject({
      state: 'error',
      error: expect.stringMatching(/worker stopped/),
    });
    const again = await page.app.text.start(set, 'random', { steps: 1 });
    await until((s) => s.runs.some((r) => r.id === again && r.state === 'done'));
  });

  it('keeps an ended run: a reload lists it again for the same text (by fingerprint), typed sentences load its weights, delete removes it', async () => {
    const set = tinyTextSet();
    const id = await page.app.text.start(set, 'nextword', { steps: 2, batchSize: 2 });
    await until((s) => s.runs.some((r) => r.id === id && r.state !== 'training' && r.state !== 'evaluating'));
    const [ended] = useTextRuns.getState().runs;
    expect(ended.state).toBe('done');
    expect(useTextRuns.getState().curves[id]).toEqual([{ step: 2, loss: ended.loss }]); // its one read-back
    await closePage(page.app);
    page.app = freshPage(true); // a reload: the same storage
    await bootWith(page.app);
    await page.app.text.shown('Text sample', tinyTextSet()); // a fresh copy of the same texts
    expect(useTextRuns.getState().runs).toEqual([ended]);
    expect(useTextRuns.getState().curves[id]).toEqual([{ step: 2, loss: ended.loss }]); // the curve was saved with it
    await page.app.text.guess(id, 'sea wave'); // the worker holds no model: the saved weights are loaded
    expect(useTextRuns.getState().typed[id].map((g) => g.truth)).toEqual(['sea', 'wave']);

    await page.app.text.shown('changed', { ...set, texts: set.texts.map((t) => `${t} sea`) });
    expect(useTextRuns.getState().runs).toEqual([]); // another text: not its runs
    await page.app.text.shown('Text sample', set);
    await page.app.text.remove(id);
    expect(useTextRuns.getState()).toMatchObject({ runs: [], curves: {} });
    await page.app.text.shown('Text sample', set);
    expect(useTextRuns.getState().runs).toEqual([]);
  });

  it('Stop ends a training run at the step it reached: evaluated there, kept as stopped', async () => {
    const set = tinyTextSet();
    const id = await page.app.text.start(set, 'nextword', { steps: 100_000, batchSize: 2 });
    await until((s) => s.runs.some((r) => r.id === id && r.step >= 10));
    await page.app.text.stop(id);
    await until((s) => s.runs.some((r) => r.id === id && (r.state === 'stopped' || r.state === 'error')));
    const run = useTextRuns.getState().runs[0];
    expect(run).toMatchObject({ state: 'stopped', steps: 100_000, error: null });
    expect(run.step).toBeLessThan(100_000);
    expect(run.result!.probe!.correct).toHaveLength(4);
    const steps = useTextRuns.getState().curves[id].map((p) => p.step); // a point per read-back (every 10 steps)
    expect(steps.length).toBeGreaterThan(0);
    expect(steps).toEqual(steps.map((_, i) => 10 * (i + 1)));
    expect(steps.at(-1)).toBeLessThanOrEqual(run.step);
    await page.app.persistence.flush();
    const [saved] = await page.app.persistence.listTextRuns();
    expect([saved.id, saved.status.state, saved.checkpointStep]).toEqual([id, 'stopped', run.step]);
    expect(saved.curve).toEqual(useTextRuns.getState().curves[id]);
  });
});
