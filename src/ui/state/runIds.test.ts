import { describe, expect, it } from 'vitest';
import { uniqueId, uniqueName } from './runIds';

describe('uniqueId', () => {
  it('numbers runs past every saved id, like the worker did within one session', () => {
    expect(uniqueId('rotation', [])).toBe('rotation-1');
    expect(uniqueId('cpc', ['rotation-1'])).toBe('cpc-2');
    expect(uniqueId('rotation-1', ['rotation-1', 'cpc-7', 'mine'])).toBe('rotation-8'); // an imported id that collides
  });
});

describe('uniqueName', () => {
  it('keeps a free name and numbers one a row already shows', () => {
    expect(uniqueName('cpc-4', ['cpc-2'])).toBe('cpc-4');
    expect(uniqueName('my cpc', ['my cpc'])).toBe('my cpc (2)');
    expect(uniqueName('my cpc', ['my cpc', 'my cpc (2)'])).toBe('my cpc (3)');
    expect(uniqueName('my cpc (2)', ['my cpc', 'my cpc (2)'])).toBe('my cpc (3)');
  });
});
