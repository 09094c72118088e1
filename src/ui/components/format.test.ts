import { describe, expect, it } from 'vitest';
import { etaMs, formatDuration, formatMetric, metricLabel, suggestionFor } from './format';

describe('format', () => {
  it('formats durations', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });

  it('estimates the time left from the average pace', () => {
    expect(etaMs({ step: 25, steps: 100, elapsedMs: 5000 })).toBe(15_000);
    expect(etaMs({ step: 0, steps: 100, elapsedMs: 0 })).toBeNull();
    expect(etaMs({ step: 100, steps: 100, elapsedMs: 9000 })).toBeNull();
  });

  it('formats metrics by kind', () => {
    expect(formatMetric('accuracy', 0.4567)).toBe('45.7%');
    expect(formatMetric('psnr', 21.04)).toBe('21.0 dB');
    expect(formatMetric('abError', 0.012345)).toBe('0.0123');
    expect(formatMetric('accuracy', undefined)).toBe('—');
    expect(metricLabel('abError')).toBe('ab error');
  });

  it('suggests a fix from the error', () => {
    expect(suggestionFor('The loss became NaN at step 3. Training diverged')).toMatch(/learning rate/);
    expect(suggestionFor('Failed to allocate memory')).toMatch(/batch size/);
    expect(
      suggestionFor('Rotation needs about 5.9 GB per step …: more than the WASM backend can hold (2.0 GB, 30 MB of it in use).'),
    ).toMatch(/batch size/);
  });
});
