import { describe, expect, it } from 'vitest';
import { verdict, type VerdictRun } from './verdict';

const enc = 'width 16 · depth 3';
const run = (label: string, probe: number, kind: 'ssl' | 'random' | 'supervised', sweep: [number, number][] = []): VerdictRun => ({
  label, probe, encoder: enc, selfSupervised: kind === 'ssl', random: kind === 'random',
  sweep: sweep.map(([perClass, accuracy]) => ({ perClass, accuracy })),
});
const scratch = [{ perClass: 1, accuracy: 0.15 }, { perClass: 4, accuracy: 0.2 }, { perClass: 10, accuracy: 0.3 }];

describe('verdict', () => {
  it('names the methods that beat random init and by how much, and where few labels go further', () => {
    const lines = verdict([
      run('Rotation', 0.47, 'ssl', [[1, 0.19], [4, 0.25], [10, 0.29]]),
      run('Jigsaw', 0.405, 'ssl'),
      run('Random init', 0.4, 'random'),
    ], scratch);
    expect(lines[0]).toBe('Rotation (+7.0) beats random init (40.0 %) on the linear probe; the best, Rotation, by 7.0 points (47.0 %).');
    expect(lines[1]).toBe('With few labels pre-training pays off: 1 per class 19.0 % vs 15.0 % from scratch; 4 per class 25.0 % vs 20.0 % from scratch.');
  });

  it('says honestly when nothing beats random init or training from scratch, with what to try', () => {
    const lines = verdict([run('Rotation', 0.401, 'ssl', [[1, 0.1], [4, 0.2], [10, 0.3]]), run('Random init', 0.4, 'random')], scratch);
    expect(lines[0]).toContain('No self-supervised run beats random init yet');
    expect(lines[0]).toContain('more unlabelled images');
    expect(lines[1]).toContain('does not beat training from scratch yet');
  });

  it('asks for the missing baselines, and compares only runs with the same encoder', () => {
    const other = { ...run('Random init', 0.3, 'random'), encoder: 'width 32 · depth 3' };
    const lines = verdict([run('Rotation', 0.45, 'ssl'), other], null);
    expect(lines[0]).toContain('Train the Random init baseline (width 16 · depth 3)');
    expect(lines[1]).toContain('Train the supervised baseline');
    expect(verdict([run('Random init', 0.4, 'random')], null)[0]).toContain('Train a self-supervised method');
  });
});
