import { describe, expect, it } from 'vitest';
import type { TextMethodId } from '../../../core/methods/textCatalog';
import type { TextRunStatus } from '../../../worker/textContract';
import { textComparison } from './textComparison';

const N = 60;
/** `right` of N held-out texts correct (the first ones). */
const correct = (right: number) => Uint8Array.from({ length: N }, (_, i) => (i < right ? 1 : 0));
const acc = (right: number) => ({ accuracy: right / N, correct: correct(right) });
const ppl = (perplexity: number) => ({ perplexity, low: perplexity - 5, high: perplexity + 5, items: N });

function run(id: string, method: TextMethodId, right: number, state: TextRunStatus['state'] = 'done'): TextRunStatus {
  return {
    id,
    method,
    state,
    step: 10,
    steps: 10,
    batchSize: 16,
    windowsPerSec: null,
    loss: 1,
    perplexity: null,
    bigramPerplexity: 80,
    error: null,
    result: {
      perplexity: method === 'nextword' ? 70 : null,
      bigramPerplexity: 80,
      probe: acc(right),
      knn: acc(right),
      reason: null,
      sentence: '',
      guesses: [],
      sweep: [
        { perClass: 1, ...acc(right) },
        { perClass: 'all', ...acc(right) },
      ],
      perplexityEstimate: method === 'nextword' ? ppl(70) : null,
      bigramEstimate: ppl(80),
    },
  };
}

const points = (right: number) => [1, 4, 10, 'all' as const].map((perClass) => ({ perClass, ...acc(right) }));

describe('textComparison', () => {
  it('rows carry Wilson intervals, the sweep and both perplexities; unfinished runs are left out', () => {
    const comp = textComparison({ runs: [run('a', 'nextword', 30), run('b', 'random', 20, 'training')], scratch: null });
    expect(comp.runIds).toEqual(['a']);
    const [row] = comp.rows;
    expect(row).toMatchObject({ runId: 'a', method: 'Next word', steps: 10, perplexity: ppl(70), bigram: ppl(80) });
    expect(row.probe!.n).toBe(N);
    expect(row.probe!.low).toBeLessThan(0.5);
    expect(row.probe!.high).toBeGreaterThan(0.5);
    expect(row.sweep.map((p) => p.perClass)).toEqual([1, 'all']);
  });

  it('says "no clear difference" on a small gap and "beats" only where McNemar is significant', () => {
    const close = textComparison({ runs: [run('a', 'nextword', 31), run('b', 'random', 29)], scratch: null });
    expect(close.verdict[0]).toMatch(/^No clear difference from random init \(48\.3 %\) on the same 60 held-out texts: Next word/);
    expect(close.verdict[0]).toContain('60 texts resolve about');
    expect(close.verdict[1]).toMatch(/Train the supervised baseline/);

    const far = textComparison({
      runs: [run('a', 'nextword', 50), run('b', 'random', 20)],
      scratch: { points: points(50), running: false, error: null },
    });
    expect(far.verdict[0]).toMatch(/^Next word \(\+50\.0 points, p < 0\.001\) beats random init/);
    expect(far.verdict).toContain('No clear difference from training from scratch at 1 per class, all labels.');
  });

  it('a running baseline does not count yet; one that scratch beats is named', () => {
    const running = textComparison({ runs: [run('a', 'nextword', 30)], scratch: { points: points(60), running: true, error: null } });
    expect(running.scratch).toBeNull();
    const lost = textComparison({
      runs: [run('a', 'nextword', 20), run('b', 'random', 20)],
      scratch: { points: points(55), running: false, error: null },
    });
    expect(lost.scratch).toHaveLength(4);
    expect(lost.verdict.some((l) => l.startsWith('Training from scratch wins at 1 per class Next word'))).toBe(true);
  });
});
