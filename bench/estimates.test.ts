import { describe, expect, it } from 'vitest';
import { withinTolerance, type EstimateRow } from './estimatesReport';
import { machine } from './record';
import { renderRecord } from './render';

const row = (measured: number | null, estimate: number | null, extra: Partial<EstimateRow> = {}): EstimateRow => ({
  resolution: 32,
  method: 'rotation',
  budget: 'quick',
  defaultSeconds: 300,
  steps: 600,
  estimateSeconds: estimate,
  firstGuess: true,
  measuredSeconds: measured,
  firstStepSeconds: 1,
  trainSeconds: 50,
  evalSeconds: 1,
  imagesPerSec: 400,
  threads: 1,
  ratio: measured !== null && estimate ? measured / estimate : null,
  ...extra,
});

describe('estimates.md', () => {
  it('counts a run within ±30 % only when both figures are there', () => {
    expect(withinTolerance(row(77, 60))).toBe(true);
    expect(withinTolerance(row(43, 60))).toBe(true);
    expect(withinTolerance(row(79, 60))).toBe(false);
    expect(withinTolerance(row(null, 60, { error: 'no answer' }))).toBe(false);
  });

  it('tables every run with its verdict, the default length projected, and the tally', () => {
    const rows = [row(77, 60), row(120, 60, { method: 'cpc', firstGuess: false })];
    const md = renderRecord({ part: 'estimates', when: 'd', quick: false, machine: machine(), images: 245, budget: 'quick', rows });
    expect(md).toContain('Measured by `npm run bench -- estimates` on d: ');
    expect(md).toContain('1 of 2 runs within ±30 %.');
    expect(md).toMatch(/\| 32 \| rotation \| quick \| 600 \| 60 \(first guess\) \| 77 \| 1\.28 \| yes \|.* \| 300 \| 385 \|/);
    expect(md).toMatch(/\| 32 \| cpc \| quick \| 600 \| 60 \| 120 \| 2\.00 \| no \|/);
  });
});
