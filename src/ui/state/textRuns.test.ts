import { describe, expect, it } from 'vitest';
import { tinyTextSet } from '../../worker/tinyTextSet';
import { pagePerTest } from './testApp';
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
    await expect(page.app.text.start(other, 'random', { steps: 1 })).resolves.toBe('text-random-1');
    expect(useTextRuns.getState().runs.map((r) => r.id)).toEqual(['text-random-1']);
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
});
