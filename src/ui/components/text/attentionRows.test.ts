import { describe, expect, it } from 'vitest';
import { rowSentence, strongest } from './attentionRows';

const words = ['<bos>', 'the', 'cat', 'sat'];

describe('attention rows in words', () => {
  it('lists the words a row weighs most, largest first, ties in position order', () => {
    expect(strongest([0.1, 0.3, 0.3, 0.3], words, 2)).toEqual([
      { word: 'the', at: 1, w: 0.3 },
      { word: 'cat', at: 2, w: 0.3 },
    ]);
    expect(strongest([1], ['<bos>'], 3)).toHaveLength(1);
  });

  it('says a row as a sentence with rounded percentages', () => {
    expect(rowSentence([0.09, 0, 0.61, 0.3], words, 3)).toBe('Word 4, “sat”, looks at “cat” 61 %, “sat” 30 %, “<bos>” 9 %.');
  });
});
