import { describe, expect, it } from 'vitest';
import { wilson } from '../../../core/eval/stats';
import { clearlyAhead, verdict, type VerdictRun } from './verdict';

const enc = 'width 16 · depth 3';
const N = 400;
const ON = 'on the same 400 test images';

/** Right on images [from, from + count) of n. */
const right = (count: number, from = 0, n = N) => Uint8Array.from({ length: n }, (_, i) => (i >= from && i < from + count ? 1 : 0));
const scored = (correct: Uint8Array) => ({ accuracy: correct.reduce((a, b) => a + b, 0) / correct.length, correct });

const run = (
  label: string,
  correct: Uint8Array,
  kind: 'ssl' | 'random' = 'ssl',
  sweep: [number | 'all', Uint8Array][] = [],
  seed = 1,
): VerdictRun => ({
  label,
  encoder: enc,
  seed,
  selfSupervised: kind === 'ssl',
  random: kind === 'random',
  probe: scored(correct),
  sweep: sweep.map(([perClass, c]) => ({ perClass, ...scored(c) })),
  finetuned: { finetune: null, semi: null },
});

describe('verdict', () => {
  it('claims a win only where the paired test is significant, and names a loss as one', () => {
    const lines = verdict(
      [
        run('Rotation', right(190)), // 30 images more than random init, none fewer: p < 0.001
        run('Jigsaw', right(165)), // 5 more: p = 0.06 alone, Holm-adjusted over three claims: no clear difference
        run('Colorization', right(130)), // 30 fewer: a loss
        run('Random init', right(160), 'random'),
      ],
      null,
      ON,
    );
    expect(lines[0]).toBe('Rotation (+7.5 points, p < 0.001) beats random init (40.0 %) on the linear probe, on the same 400 test images.');
    expect(lines[1]).toBe(
      'Colorization (−7.5 points, p < 0.001) is below random init (40.0 %) on the linear probe, on the same 400 test images.',
    );
    expect(lines[2]).toMatch(
      /^No clear difference from random init \(40\.0 %\) on the same 400 test images: Jigsaw \(\+1\.3 points, p = 0\.06\)\. 400 images resolve about ±5 points/,
    );
    expect(lines[2]).toContain('more seeds');
    expect(lines[3]).toContain('Train the supervised baseline');
  });

  it('calls a few images on a small test split noise, saying how much the split can resolve', () => {
    const lines = verdict(
      [run('Rotation', right(37, 0, 49)), run('Random init', right(33, 0, 49), 'random')],
      null,
      'on the same 49 test images',
    );
    expect(lines[0]).toContain(
      'No clear difference from random init (67.3 %) on the same 49 test images: Rotation (+8.2 points, p = 0.13)',
    );
    expect(lines[0]).toContain('49 images resolve about ±13 points');
  });

  it('pools seeds: differences too small for one seed add up over three', () => {
    const seeds = [1, 2, 3];
    // each seed: 20 images only Rotation gets right, 12 only random init (p = 0.22); three seeds: 60 against 36
    const one = verdict([run('Rotation', right(168)), run('Random init', right(160, 20), 'random')], null, ON);
    expect(one[0]).toContain('No clear difference from random init (40.0 %) on the same 400 test images: Rotation (+2.0 points, p = 0.22)');
    const three = verdict(
      [
        ...seeds.map((s) => run('Rotation', right(168), 'ssl', [], s)),
        ...seeds.map((s) => run('Random init', right(160, 20), 'random', [], s)),
      ],
      null,
      ON,
    );
    expect(three[0]).toBe(
      'Rotation (+2.0 points, p = 0.02, 3 seeds) beats random init (40.0 %) on the linear probe, on the same 400 test images.',
    );
  });

  it('names the budgets where pre-training wins, where scratch wins, and where neither is clear', () => {
    const scratch = [
      { perClass: 1, ...scored(right(60)) },
      { perClass: 4, ...scored(right(80)) },
      { perClass: 10, ...scored(right(120)) },
      { perClass: 40, ...scored(right(160)) },
      { perClass: 'all' as const, ...scored(right(220)) },
    ];
    const sweep: [number | 'all', Uint8Array][] = [
      [1, right(90)],
      [4, right(110)],
      [10, right(124)],
      [40, right(156, 20)],
      ['all', right(180)],
    ];
    const lines = verdict([run('Rotation', right(180), 'ssl', sweep), run('Random init', right(150), 'random')], scratch, ON);
    expect(lines).toContain(
      'Pre-training beats training from scratch at 1 per class Rotation 22.5 % vs 15.0 % (p < 0.001); 4 per class Rotation 27.5 % vs 20.0 % (p < 0.001).',
    );
    expect(lines).toContain('Training from scratch wins at all labels Rotation 45.0 % vs 55.0 % (p < 0.001).');
    expect(lines).toContain('No clear difference from training from scratch at 10 per class, 40 per class.');
  });

  it('weighs the fine-tuned classifier against scratch beside the probe, as a method of its own', () => {
    const scratch = [
      { perClass: 1, ...scored(right(60)) },
      { perClass: 'all' as const, ...scored(right(220)) },
    ];
    const probe = run('Rotation', right(180), 'ssl', [
      [1, right(61)],
      ['all', right(180)],
    ]);
    const tuned = {
      ...probe,
      finetuned: {
        finetune: [
          { perClass: 1, ...scored(right(90)) },
          { perClass: 'all' as const, ...scored(right(240)) },
        ],
        semi: null,
      },
    };
    const lines = verdict([tuned, run('Random init', right(150), 'random')], scratch, ON);
    expect(lines[1]).toMatch(
      /^Pre-training beats training from scratch at 1 per class Rotation fine-tuned 22\.5 % vs 15\.0 % \(p < 0\.001\); all labels Rotation fine-tuned 60\.0 % vs 55\.0 %/,
    );
    expect(lines.join(' ')).not.toContain('semi-supervised');
  });

  it('says honestly when pre-training does not beat scratch, and asks for what is missing', () => {
    const scratch = [{ perClass: 1, ...scored(right(60)) }];
    const lines = verdict([run('Rotation', right(161), 'ssl', [[1, right(61)]]), run('Random init', right(160), 'random')], scratch, ON);
    expect(lines.at(-1)).toContain('does not beat training from scratch here yet');
    const other = { ...run('Random init', right(100), 'random'), encoder: 'width 32 · depth 3' };
    expect(verdict([run('Rotation', right(180)), other], null, ON)[0]).toContain('Train the Random init baseline (width 16 · depth 3)');
    expect(verdict([run('Random init', right(100), 'random')], null, ON)[0]).toContain('Train a self-supervised method');
    const old = { ...run('Rotation', right(180)), probe: { accuracy: 0.45 } };
    expect(verdict([old, run('Random init', right(100), 'random')], null, ON)[0]).toContain('Probe now');
  });
});

describe('clearlyAhead', () => {
  const ranked = (correct: Uint8Array, keep = true) => ({
    ...scored(correct),
    ...wilson(
      correct.reduce((a, b) => a + b, 0),
      correct.length,
    ),
    ...(keep ? {} : { correct: undefined }),
  });

  it('holds only where the paired test on the same images beats every rival, Holm-adjusted', () => {
    expect(clearlyAhead(ranked(right(190)), [ranked(right(160)), ranked(right(150))])).toBe(true); // 30 and 40 images ahead, none behind
    expect(clearlyAhead(ranked(right(165)), [ranked(right(160))])).toBe(false); // 5 images: p = 0.06
    expect(clearlyAhead(ranked(right(190)), [ranked(right(160)), ranked(right(185))])).toBe(false); // the runner-up is within the noise
    expect(clearlyAhead(ranked(right(160)), [ranked(right(160, 20))])).toBe(false); // as many images each way
  });

  it('without per-image results, asks for 95 % intervals that do not overlap', () => {
    expect(clearlyAhead(ranked(right(190), false), [ranked(right(160), false)])).toBe(false); // 47.5 % vs 40.0 %: the intervals overlap
    expect(clearlyAhead(ranked(right(240), false), [ranked(right(160), false)])).toBe(true); // 60 % vs 40 % on 400 images
  });
});
