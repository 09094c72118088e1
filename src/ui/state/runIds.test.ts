import { describe, expect, it } from 'vitest';
import { uniqueId } from './runIds';

describe('uniqueId', () => {
  it('numbers runs past every saved id, like the worker did within one session', () => {
    expect(uniqueId('rotation', [])).toBe('rotation-1');
    expect(uniqueId('cpc', ['rotation-1'])).toBe('cpc-2');
    expect(uniqueId('rotation-1', ['rotation-1', 'cpc-7', 'mine'])).toBe('rotation-8'); // an imported id that collides
  });
});
