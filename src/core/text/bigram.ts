import { PAD } from './tokenizer';

/**
 * A bigram language model with absolute discounting (d = 0.75) interpolated with an add-one unigram: the reference
 * the neural model's perplexity is read against. Counts live in a Map keyed prev·V + next.
 */
export class Bigram {
  private readonly pair = new Map<number, number>();
  private readonly prevTotal: Float64Array; // count of each id as a context
  private readonly prevTypes: Float64Array; // distinct followers of each id
  private readonly unigram: Float64Array; // add-one probabilities
  static readonly DISCOUNT = 0.75;

  /** `sequences`: id streams (pads are skipped), `vocabSize`: ids 0…V−1. */
  constructor(
    sequences: Int32Array[],
    readonly vocabSize: number,
  ) {
    this.prevTotal = new Float64Array(vocabSize);
    this.prevTypes = new Float64Array(vocabSize);
    const counts = new Float64Array(vocabSize).fill(1);
    for (const s of sequences) {
      for (let i = 0; i < s.length; i++) {
        if (s[i] === PAD) continue;
        counts[s[i]]++;
        if (i === 0 || s[i - 1] === PAD) continue;
        const key = s[i - 1] * vocabSize + s[i];
        const c = this.pair.get(key) ?? 0;
        if (c === 0) this.prevTypes[s[i - 1]]++;
        this.pair.set(key, c + 1);
        this.prevTotal[s[i - 1]]++;
      }
    }
    const total = counts.reduce((a, b) => a + b, 0);
    this.unigram = counts.map((c) => c / total);
  }

  /** P(next | prev). */
  prob(prev: number, next: number): number {
    const n = this.prevTotal[prev];
    if (n === 0) return this.unigram[next];
    const c = this.pair.get(prev * this.vocabSize + next) ?? 0;
    const d = Bigram.DISCOUNT;
    return Math.max(c - d, 0) / n + ((d * this.prevTypes[prev]) / n) * this.unigram[next];
  }

  /** Mean negative log-likelihood (nats) and count over windows [rows·(T+1)]: each non-pad id after the first of its row, given the one before. */
  nll(tokens: Int32Array, width: number): { nll: number; count: number } {
    const rows = this.rowNll(tokens, width);
    const sum = rows.nll.reduce((a, b) => a + b, 0);
    const count = rows.count.reduce((a, b) => a + b, 0);
    return { nll: count > 0 ? sum / count : 0, count };
  }

  /** Per window [rows]: the summed negative log-likelihood (nats) of its scored ids and how many there are. */
  rowNll(tokens: Int32Array, width: number): { nll: Float64Array; count: Float64Array } {
    const rows = Math.floor(tokens.length / width);
    const nll = new Float64Array(rows);
    const count = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      for (let i = r * width + 1; i < (r + 1) * width; i++) {
        if (tokens[i] === PAD) continue;
        nll[r] -= Math.log(this.prob(tokens[i - 1], tokens[i]));
        count[r]++;
      }
    }
    return { nll, count };
  }
}
