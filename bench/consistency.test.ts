import { describe, expect, it } from 'vitest';
import { benchFlags, fastest, stretchFlags, threadFlag, verdict, type Stretch } from './consistency';
import type { QualityPerMinute } from './quality/report';
import { renderRecord } from './render';
import type { SuiteRecord } from './results';

const stretch = (imagesPerSec: number, loadBefore = 1, loadAfter = loadBefore): Stretch => ({
  steps: 10,
  seconds: 1,
  imagesPerSec,
  loadBefore,
  loadAfter,
});

/** A 2-core run of the reference network: PyTorch at 2 and 1 threads, tfjs-wasm at 2 threads and held to 1, ConvNetJS. */
function run(torch2: Stretch[], torch1: Stretch[], wasm: Stretch[] = [stretch(539)]): SuiteRecord {
  const best = (s: Stretch[]) => ({ ...fastest(s)!, stretches: s });
  const torch = (threads: number, s: Stretch[]) => ({ threads, version: '1.13.0', ...best(s) });
  return {
    part: 'suite',
    when: '2026-12-01T00:00:00.000Z',
    quick: false,
    machine: { cpu: 'test', nproc: 2, chromium: 'test', node: 'v20', loadavg: { start: [1, 1, 1], end: [1, 1, 1] } },
    config: { resolution: 32, batchSize: 64, width: 16, depth: 3, budgetMinutes: 14 },
    backends: [
      {
        requested: 'wasm',
        name: 'wasm',
        adapter: 'WebAssembly',
        reason: 'WASM (SIMD, 2 threads; 8 asked for, 2 can run here)',
        wasmThreads: 2,
        available: true,
        matmul: { n: 1024, gflops: 35 },
        budget: { trainer: '', bare: '' },
      },
    ],
    rows: [],
    reference: {
      pytorch_cpu: fastest(torch2)!.imagesPerSec,
      convnetjs: 22,
      wasm: fastest(wasm)!.imagesPerSec,
      webgl: null,
      webgpu: null,
      cpu: null,
    },
    referenceDetails: {
      flopsPerStep: { counted: 1, analytic: 1 },
      tfjs: { wasm: best(wasm) },
      wasmOneThread: best([stretch(530)]),
      convnetjs: best([stretch(22)]),
      pytorch: [torch(2, torch2), torch(1, torch1)],
      pytorchUnavailable: null,
      wasmThreads: 2,
      rounds: 3,
    },
    app: { firstStep: [], ingest: null },
    profile: null,
    errors: [],
  };
}

const targetRow = (md: string, target: string) => md.split('\n').find((l) => l.startsWith(`| ${target}`)) ?? '';

describe('stretchFlags', () => {
  it('flags a figure whose own stretch ran with the load average above the core count', () => {
    expect(stretchFlags([stretch(100, 1.2, 3.1), stretch(90, 1, 1)], 2)).toEqual([
      'load average 3.10 above the 2 cores during its stretch',
    ]);
    expect(stretchFlags([stretch(100, 2, 1.9)], 2)).toEqual([]); // at the core count: the bench's own threads
    expect(stretchFlags([stretch(100, 1, 1), stretch(95, 5, 5)], 2)).toEqual([]); // a loaded stretch that was not kept
  });

  it('flags a figure whose stretch shared the machine with other processes, where that was measured, whatever the load average', () => {
    const measured = (imagesPerSec: number, otherCores: number, load = 1): Stretch => ({ ...stretch(imagesPerSec, load), otherCores });
    expect(stretchFlags([measured(100, 0.6), measured(90, 0)], 2)).toEqual(['other processes kept 0.60 of a core busy during its stretch']);
    // the contender's own threads raise the load average (and it lags the stretches before); only other processes count
    expect(stretchFlags([measured(100, 0.05, 2.7)], 2)).toEqual([]);
    expect(stretchFlags([measured(100, 0.25)], 2)).toEqual([]); // at the limit
  });

  it('flags stretches that differ by more than 2×', () => {
    expect(stretchFlags([stretch(2978), stretch(99), stretch(2950)], 2)).toEqual(['its 3 stretches vary 30.1× (99.0–2,978.0 images/s)']);
    expect(stretchFlags([stretch(100), stretch(51)], 2)).toEqual([]);
    expect(stretchFlags([], 2)).toEqual([]);
  });
});

describe('threadFlag', () => {
  it('flags PyTorch at 2 threads when it runs at 99 images/s against 2,978 on 1 thread', () => {
    expect(threadFlag({ threads: 1, imagesPerSec: 2978 }, { threads: 2, imagesPerSec: 99 })).toBe(
      'slower on 2 threads than on 1 thread (99.0 vs 2,978.0 images/s)',
    );
  });

  it('lets more threads tie with fewer, within the noise, and never flags the figure on fewer threads', () => {
    expect(threadFlag({ threads: 1, imagesPerSec: 487.3 }, { threads: 2, imagesPerSec: 482.9 })).toBeNull(); // tfjs-wasm's small kernels
    expect(threadFlag({ threads: 1, imagesPerSec: 100 }, { threads: 2, imagesPerSec: 81 })).toBeNull();
    expect(threadFlag({ threads: 1, imagesPerSec: 100 }, { threads: 2, imagesPerSec: 79 })).not.toBeNull();
    expect(threadFlag({ threads: 2, imagesPerSec: 2978 }, { threads: 1, imagesPerSec: 99 })).toBeNull();
  });
});

describe('verdict', () => {
  const flagged = [{ figure: 'PyTorch, 2 threads', flags: ['slower on 2 threads than on 1 thread'] }];
  it('reads "unreliable (why)" whenever a figure it is computed from is flagged, met or not', () => {
    expect(verdict(true, flagged)).toBe('**unreliable** (PyTorch, 2 threads: slower on 2 threads than on 1 thread)');
    expect(verdict(false, flagged)).toContain('unreliable');
    const many = ['a', 'b', 'c', 'd', 'e'].map((figure) => ({ figure, flags: ['loaded'] }));
    expect(verdict(true, many)).toBe('**unreliable** (a: loaded; b: loaded; c: loaded; 2 more flagged figure(s))');
  });
  it('reads met / not met on unflagged figures, and not measured without a figure', () => {
    expect(verdict(true, [{ figure: 'x', flags: [] }])).toBe('**met**');
    expect(verdict(false, [])).toBe('**not met**');
    expect(verdict(null, flagged)).toBe('not measured');
  });
});

describe('suite.md', () => {
  it('marks the target unreliable, never met, when PyTorch on 2 threads fell to 99 images/s against 2,978 on 1 (load below the cores)', () => {
    const res = run([stretch(99), stretch(97), stretch(95)], [stretch(2978), stretch(2901)]);
    expect(benchFlags(res).pytorch.get(2)).toEqual(['slower on 2 threads than on 1 thread (99.0 vs 2,978.0 images/s)']);
    expect(benchFlags(res).pytorch.get(1)).toEqual([]);
    const md = renderRecord(res);
    const row = targetRow(md, 'tfjs-wasm ≥ 0.5× PyTorch');
    expect(row).toContain('5.44'); // the contradicted figure still shows…
    expect(row).toContain('**unreliable** (PyTorch, 2 threads: slower on 2 threads than on 1 thread (99.0 vs 2,978.0 images/s))');
    expect(row).not.toContain('**met**');
    expect(md).toContain('| PyTorch 1.13.0 CPU, 2 threads | 99.0 ⚠ slower on 2 threads than on 1 thread (99.0 vs 2,978.0 images/s) |');
    expect(targetRow(md, 'tfjs-wasm ≥ 10× ConvNetJS')).toContain('**met**'); // computed from unflagged figures only
  });

  it('marks the targets from a figure measured under load unreliable too', () => {
    const md = renderRecord(run([stretch(2777)], [stretch(2091)], [stretch(539, 3.4, 3.6)]));
    expect(targetRow(md, 'tfjs-wasm ≥ 0.5× PyTorch')).toContain(
      '**unreliable** (tfjs-wasm, 2 threads: load average 3.60 above the 2 cores during its stretch)',
    );
    expect(targetRow(md, 'tfjs-wasm ≥ 10× ConvNetJS')).toContain('**unreliable**');
  });

  it('judges a quiet, consistent run as usual', () => {
    const md = renderRecord(run([stretch(2777), stretch(2700)], [stretch(2091)], [stretch(483), stretch(470)]));
    expect(targetRow(md, 'tfjs-wasm ≥ 0.5× PyTorch')).toContain('**not met**');
    expect(targetRow(md, 'tfjs-wasm ≥ 10× ConvNetJS')).toContain('**met**');
    expect(md).not.toContain('⚠ ');
  });

  it('shows quality per minute from bench/results/quality.json, or says it was not measured', () => {
    const res = run([stretch(2777)], [stretch(2091)]);
    expect(renderRecord(res)).toMatch(/## Quality per minute\n\nNot measured/);
    const quality: QualityPerMinute = {
      when: '2026-12-02T10:00:00.000Z',
      machine: { cpu: 'test', nproc: 2, node: 'v20', loadavg: { start: [], end: [] }, backend: 'wasm', threads: 1 },
      budget: '10 min of training per run',
      seeds: [1, 2],
      minutes: [1, 3],
      methods: [
        {
          label: 'Rotation',
          atMark: [
            { mean: 0.31, sd: 0.01, min: 0.3, max: 0.32 },
            { mean: 0.35, sd: 0, min: 0.35, max: 0.35 },
          ],
          end: { mean: 0.4, sd: 0.02, min: 0.38, max: 0.42 },
          endMinutes: { mean: 10, sd: 0, min: 10, max: 10 },
        },
      ],
    };
    const md = renderRecord({ ...res, quality });
    expect(md).toContain('| method | 1 min | 3 min | end |');
    expect(md).toContain('| Rotation | 31.0 ± 1.0 % | 35.0 ± 0.0 % | 40.0 ± 2.0 % at 10.0 min |');
    expect(md).toContain('measured 2026-12-02');
  });
});
