import { describe, expect, it } from 'vitest';
import { BUDGET_SECONDS, MAX_EPOCHS, resolveBudget } from './budget';
import { runSeconds } from './estimate';

const cost = { stepSeconds: 0.1, fixedSeconds: 10 }; // 10 steps a second after 10 s of fixed costs

describe('a budget resolved to steps', () => {
  it('fits a time budget: (budget − fixed costs) ÷ step time', () => {
    const r = resolveBudget({ kind: 'standard' }, cost, 100_000, 32);
    expect(r).toEqual({
      steps: (BUDGET_SECONDS.standard - 10) / 0.1,
      epochs: (2900 * 32) / 100_000,
      seconds: runSeconds(cost, 2900),
      capped: false,
    });
    expect(r.seconds).toBeCloseTo(BUDGET_SECONDS.standard, 6);
    expect(resolveBudget({ kind: 'long' }, cost, 1_000_000, 32).steps).toBe((BUDGET_SECONDS.long - 10) / 0.1);
  });

  it(`caps a small folder at ${MAX_EPOCHS} passes`, () => {
    const r = resolveBudget({ kind: 'standard' }, cost, 245, 32);
    expect(r.steps).toBe(Math.ceil((MAX_EPOCHS * 245) / 32));
    expect(r.capped).toBe(true);
    expect(r.epochs).toBeGreaterThanOrEqual(MAX_EPOCHS);
    expect(r.epochs).toBeLessThan(MAX_EPOCHS + 1);
    expect(r.seconds).toBeLessThan(BUDGET_SECONDS.standard);
  });

  it('trains the asked epochs uncapped, and at least one step', () => {
    expect(resolveBudget({ kind: 'epochs', epochs: 300 }, cost, 245, 32).steps).toBe(Math.ceil((300 * 245) / 32));
    expect(resolveBudget({ kind: 'epochs', epochs: 300 }, cost, 245, 32).capped).toBe(false);
    expect(resolveBudget({ kind: 'quick' }, { stepSeconds: 1, fixedSeconds: 500 }, 1000, 32).steps).toBe(1);
  });

  it("keeps explicit steps (the link's or the card's) whatever the time", () => {
    const r = resolveBudget({ kind: 'steps', steps: 2000, from: 'link' }, cost, 245, 32);
    expect(r.steps).toBe(2000);
    expect(r.capped).toBe(false);
    expect(r.seconds).toBeCloseTo(210, 6);
  });
});
