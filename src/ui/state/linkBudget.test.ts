import { describe, expect, it } from 'vitest';
import { MAX_EPOCHS } from '../../core/budget';
import { catalog, methodIds, recipeConfig } from '../../core/methods/catalog';
import { closePage, freshPage, tinySet } from './testApp';
import { useStore } from './store';
import { parseExperiment } from './urlParams';

// What an autostart link's runs get: without steps= the Standard budget's steps, resolved on the loaded data (here:
// at most MAX_EPOCHS over a 24-image set), not the recipe's; with steps= exactly those.
describe("a link's run length", () => {
  const planned = async (query: string) => {
    const app = freshPage();
    try {
      await app.boot(parseExperiment(`?backend=cpu&dataset=none${query}`, methodIds).experiment);
      const before = app.linkRunConfig('autoencoder').steps;
      await app.datasets.use(await tinySet(), []);
      return { before, steps: app.linkRunConfig('autoencoder').steps, train: useStore.getState().dataset!.split.train };
    } finally {
      await closePage(app);
    }
  };

  it('is the budget resolved on the data, at most MAX_EPOCHS over a small set', async () => {
    const { before, steps, train } = await planned('');
    expect(before).toBe(recipeConfig(catalog.autoencoder).steps); // no data yet: the recipe's
    expect(steps).toBeLessThanOrEqual(Math.ceil((MAX_EPOCHS * train) / recipeConfig(catalog.autoencoder).batchSize));
    expect(steps).toBeLessThan(before); // the Standard budget on CPU, not the recipe's
    expect(steps).toBeGreaterThan(1);
  });

  it("is the link's steps= when it has one", async () => {
    const { before, steps } = await planned('&steps=7');
    expect([before, steps]).toEqual([7, 7]);
  });
});
