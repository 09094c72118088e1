import { describe, expect, it } from 'vitest';
import { BOS, MASK, PAD, UNK, encode, learnVocabulary, splitWords, vocabularyStats } from './tokenizer';
import { checkTextSet, groupOf } from './textSet';

describe('splitWords', () => {
  it('lowercases, keeps inner apostrophes and splits punctuation', () => {
    expect(splitWords("Don't stop, Mr. Holmes!")).toEqual(["don't", 'stop', ',', 'mr', '.', 'holmes', '!']);
    expect(splitWords('  \n ')).toEqual([]);
    expect(splitWords('Café 1895')).toEqual(['café', '1895']);
  });
});

describe('learnVocabulary', () => {
  it('puts the specials first, then words by frequency, capped', () => {
    const v = learnVocabulary(['b a a c', 'a b d'], 6);
    expect(v.words.slice(0, 4)).toEqual(['<pad>', '<unk>', '<mask>', '<bos>']);
    expect([PAD, UNK, MASK, BOS]).toEqual([0, 1, 2, 3]);
    expect(v.words.slice(4)).toEqual(['a', 'b']);
    expect(v.index.get('a')).toBe(4);
    expect(v.words.length).toBe(6);
  });
  it('names a wrong size', () => {
    expect(() => learnVocabulary(['a'], 3)).toThrow(/at least 5/);
  });
});

describe('encode and stats', () => {
  it('maps unknown words to <unk> and reports the rate', () => {
    const v = learnVocabulary(['the cat sat'], 7);
    expect([...encode(v, 'The dog sat')]).toEqual([v.index.get('the'), UNK, v.index.get('sat')]);
    const s = vocabularyStats(v, ['the dog', 'sat sat']);
    expect(s.size).toBe(7);
    expect(s.unknownRate).toBeCloseTo(0.25);
    expect(s.example).toEqual([
      { word: 'the', id: v.index.get('the') },
      { word: 'dog', id: UNK },
    ]);
  });
});

describe('TextSet', () => {
  it('groups by book', () => {
    expect(groupOf('austen/emma__p12.txt')).toBe('austen/emma');
    expect(groupOf('big.txt#34')).toBe('big.txt#34');
  });
  it('names mismatched arrays and bad labels', () => {
    const ok = { texts: ['a'], names: ['x'], labels: Int32Array.of(0), classNames: ['c'], groups: ['x'] };
    expect(() => checkTextSet(ok)).not.toThrow();
    expect(() => checkTextSet({ ...ok, names: [] })).toThrow(/1 texts but 0 names/);
    expect(() => checkTextSet({ ...ok, labels: Int32Array.of(1) })).toThrow(/label 1/);
  });
});
