import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { machine } from './record';
import { renderRecord } from './render';

// The one entry point: `npm run bench -- <part>` (bench/run.mjs). Only the answers that run nothing are checked here.
const bench = (...args: string[]) => spawnSync('node', ['bench/run.mjs', ...args], { encoding: 'utf8' });

describe('npm run bench', () => {
  it('lists every part with --help', () => {
    const r = bench('--help');
    expect(r.status).toBe(0);
    for (const part of ['suite', 'estimates', 'quality', 'kernels', 'methods', 'gpu', 'gpu-pack'])
      expect(r.stdout).toMatch(new RegExp(`^  ${part} `, 'm'));
  });

  it("gives one part's options with --help after it", () => {
    const r = bench('methods', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('npm run bench -- methods [--methods a,b] [--profile] [--before DIR] [--quick]');
  });

  it('names an unknown part or option instead of running something else', () => {
    const part = bench('kernel');
    expect(part.status).toBe(2);
    expect(part.stderr).toContain('Unknown part "kernel"');
    const option = bench('--quik');
    expect(option.status).toBe(2);
    expect(option.stderr).toContain('Unknown option(s): --quik');
  });
});

describe('renderRecord', () => {
  it('renders a part of flat rows as one table under the common head', () => {
    const rows = [{ 'kernel / step': 'MaxPoolGrad b8 32px ×16', 'before ms': 4.5, 'after ms': 1.5, ratio: 3 }];
    const md = renderRecord({
      part: 'kernels',
      when: '2026-12-07T00:00:00.000Z',
      quick: true,
      machine: machine({ backend: 'wasm', threads: 1 }),
      rows,
    });
    expect(md).toContain('# Our WASM kernels against the formulations they replaced (quick smoke run)');
    expect(md).toContain('Measured by `npm run bench -- kernels --quick` on 2026-12-07T00:00:00.000Z: ');
    expect(md).toContain('TensorFlow.js wasm on 1 thread(s)');
    expect(md).toContain(
      '| kernel / step | before ms | after ms | ratio |\n|---|---|---|---|\n| MaxPoolGrad b8 32px ×16 | 4.50 | 1.50 | 3.00 |',
    );
  });
});
