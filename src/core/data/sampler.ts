import { Rng } from '../rng';

/**
 * Seeded epoch sampler: walks a shuffled permutation of `pool` in fixed-size batches,
 * reshuffling each epoch. Every batch has exactly `batchSize` indices (fixed shapes).
 */
export class BatchSampler {
  private order: Int32Array;
  private cursor = 0;
  private readonly rng: Rng;

  constructor(
    private readonly pool: Int32Array,
    private readonly batchSize: number,
    seed: number,
  ) {
    if (pool.length === 0) throw new Error('Cannot sample batches from an empty image pool.');
    this.rng = new Rng(seed);
    this.order = this.reshuffle();
  }

  next(): Int32Array {
    const out = new Int32Array(this.batchSize);
    for (let k = 0; k < this.batchSize; k++) {
      if (this.cursor >= this.order.length) {
        this.order = this.reshuffle();
        this.cursor = 0;
      }
      out[k] = this.order[this.cursor++];
    }
    return out;
  }

  private reshuffle(): Int32Array {
    return this.rng.shuffle(Int32Array.from(this.pool)) as Int32Array;
  }
}
