import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinReports } from './jobs';
import { machine } from '../record';
import { renderRecord } from '../render';
import { finetuneVerdicts, type QualityRecord } from './report';

// The CI-sized run of `npm run quality` (tiny model, a few steps): the benchmark cannot rot. It checks that the
// report is produced and complete, not its figures.
describe('npm run quality -- --quick', () => {
  it('trains, probes and writes quality.json and quality.md', () => {
    const out = mkdtempSync(join(tmpdir(), 'pretext-quality-'));
    const log = execFileSync(
      'npx',
      ['tsx', 'bench/quality/quality.ts', '--quick', '--marks', '0.001', '--finetune', 'semi', '--finetune-steps', '2', '--out', out],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expect(log).toContain('wrote');
    const report = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as QualityRecord;
    expect(report.seeds).toEqual([1, 2]);
    expect([report.part, report.quick]).toEqual(['quality', true]);
    expect(report.rows.map((m) => m.id)).toEqual(['rotation', 'random']);
    for (const m of report.rows) {
      expect(m.seeds).toHaveLength(2);
      for (const s of m.seeds) {
        expect(s.error).toBeUndefined();
        expect(s.probe).toBeGreaterThanOrEqual(0);
        expect(s.sweep.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
        expect(s.finetune!.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
        expect(s.semi!.every((p) => p.accuracy >= 0 && p.accuracy <= 1)).toBe(true);
      }
    }
    expect(report.rows[0].seeds[0].marks.length).toBe(1); // probed once mid-run
    expect(report.scratch.map((s) => s.points.length)).toEqual([5, 5]);
    const md = readFileSync(join(out, 'quality.md'), 'utf8');
    for (const heading of ['## Targets', '## Methods', '## Quality per minute', '## Recipes']) expect(md).toContain(heading);
    expect(md).toMatch(/\| Rotation \| accuracy [\d.]+ ± [\d.]+ \| [\d.]+ ± [\d.]+ \|/);
    expect(md).toContain('| Supervised from scratch at each budget |');
    expect(md).toMatch(/\| Rotation fine-tuned \| – \| – \| – \| [\d.]+ ± [\d.]+ \|/);
    expect(md).toContain('| Random init semi-supervised |');
    expect(md).toContain('40 labels per class, best fine-tuned ≥ supervised from scratch on all labels');
    expect(report.finetuneSteps).toBe(2);
  }, 300_000);

  it('names a bad option instead of guessing', () => {
    const run = (args: string[]) => {
      try {
        execFileSync('npx', ['tsx', 'bench/quality/quality.ts', ...args], { encoding: 'utf8', stdio: 'pipe' });
        return '';
      } catch (e) {
        return String((e as { stderr: string }).stderr);
      }
    };
    expect(run(['--quick', '--methods', 'rotation,nope'])).toContain('Unknown method "nope"');
    expect(run(['--quick', '--seeds', 'x'])).toContain('--seeds: "x" is not a positive number');
    expect(run(['--steps', '5', '--minutes', '1'])).toContain('Give one of --steps, --minutes and --budget');
    expect(run(['--budget', 'medium'])).toContain('--budget: "medium" is not quick, standard or long');
  }, 120_000);
});

describe('joinReports (--jobs)', () => {
  it('joins one report per seed into one, seeds in order, every method and scratch baseline kept', () => {
    const seed = (n: number) => ({
      seed: n,
      steps: 10,
      trainSeconds: n,
      imagesPerSec: 1,
      pretext: {},
      loss: 1,
      probe: n / 10,
      knn: null,
      sweep: [],
      marks: [],
    });
    const report = (n: number): QualityRecord => ({
      part: 'quality',
      when: 'then',
      quick: false,
      machine: machine({ backend: 'wasm', threads: 1 }),
      dataset: { folder: 'f', pool: null, labelled: 10, unlabelled: 0, train: 8, test: 2, testFraction: 0.2 },
      budget: 'recipe',
      seeds: [n],
      rows: [
        { id: 'rotation', label: 'Rotation', selfSupervised: true, config: {}, seeds: [seed(n)] },
        { id: 'random', label: 'Random init', selfSupervised: false, config: {}, seeds: [seed(n)] },
      ],
      scratch: [{ seed: n, points: [{ perClass: 1, accuracy: n / 10 }] }],
    });
    const joined = joinReports([report(1), report(2)]);
    expect(joined.seeds).toEqual([1, 2]);
    expect(joined.rows.map((m) => [m.id, m.seeds.map((s) => s.seed)])).toEqual([
      ['rotation', [1, 2]],
      ['random', [1, 2]],
    ]);
    expect(joined.scratch.map((s) => s.seed)).toEqual([1, 2]);
    expect(joined.when).not.toBe('then');
  });
});

describe('finetuneVerdicts', () => {
  it('checks issue 27: 40 per class against scratch on all labels, +5 points at 1, 4 and 10, fine-tuned ≥ its probe', () => {
    const sweep = (xs: number[]) => xs.map((accuracy, i) => ({ perClass: ([1, 4, 10, 40, 'all'] as const)[i], accuracy }));
    const seed = {
      seed: 1,
      steps: 10,
      trainSeconds: 1,
      imagesPerSec: 1,
      pretext: {},
      loss: 1,
      probe: 0.5,
      knn: 0.4,
      sweep: sweep([0.2, 0.25, 0.3, 0.4, 0.5]),
      marks: [],
      finetune: sweep([0.22, 0.3, 0.3, 0.5, 0.55]),
    };
    const v = finetuneVerdicts({
      part: 'quality',
      when: 'now',
      quick: false,
      machine: machine({ backend: 'wasm', threads: 1 }),
      dataset: { folder: 'f', pool: null, labelled: 10, unlabelled: 0, train: 8, test: 2, testFraction: 0.2 },
      budget: 'recipe',
      seeds: [1],
      rows: [{ id: 'rotation', label: 'Rotation', selfSupervised: true, config: {}, seeds: [seed] }],
      scratch: [{ seed: 1, points: sweep([0.15, 0.2, 0.27, 0.4, 0.48]) }],
    });
    expect(v.map((x) => [x.value, x.met])).toEqual([
      ['Rotation fine-tuned 50.0 vs 48.0 (+2.0 points)', true],
      ['Rotation fine-tuned 22.0 vs 15.0 (+7.0 points)', true],
      ['Rotation fine-tuned 30.0 vs 20.0 (+10.0 points)', true],
      ['Rotation fine-tuned 30.0 vs 27.0 (+3.0 points)', false],
      ['+10.0 points', true],
      ['+5.0 points', true],
    ]);
  });
});

describe('markdown', () => {
  it('writes accuracies as % and other pretext metrics (PSNR) as measured', () => {
    const seed = (n: number, pretext: Record<string, number>) => ({
      seed: n,
      steps: 10,
      trainSeconds: 1,
      imagesPerSec: 1,
      pretext,
      loss: 1,
      probe: 0.5,
      knn: 0.4,
      sweep: [],
      marks: [],
    });
    const md = renderRecord({
      part: 'quality',
      when: 'now',
      quick: false,
      machine: machine({ backend: 'wasm', threads: 1 }),
      dataset: { folder: 'f', pool: null, labelled: 10, unlabelled: 0, train: 8, test: 2, testFraction: 0.2 },
      budget: 'recipe',
      seeds: [1, 2],
      rows: [
        {
          id: 'rotation',
          label: 'Rotation',
          selfSupervised: true,
          config: {},
          seeds: [seed(1, { accuracy: 0.6 }), seed(2, { accuracy: 0.7 })],
        },
        {
          id: 'autoencoder',
          label: 'Autoencoder',
          selfSupervised: true,
          config: {},
          seeds: [seed(1, { psnr: 22 }), seed(2, { psnr: 23 })],
        },
      ],
      scratch: [],
    });
    expect(md).toContain('| Rotation | accuracy 65.0 ± 7.1 |');
    expect(md).toContain('| Autoencoder | psnr 22.5 ± 0.7 |');
  });
});
