/**
 * Word-level tokens with a capped vocabulary: lowercased words (letters, digits, inner apostrophes) and single
 * punctuation marks. Ids 0–3 are reserved; the rest are the most frequent words of the texts it learned from.
 */
export interface Vocabulary {
  words: string[];
  index: Map<string, number>;
}

export const PAD = 0;
export const UNK = 1;
export const MASK = 2;
export const BOS = 3;
export const SPECIALS = ['<pad>', '<unk>', '<mask>', '<bos>'];

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** Lowercased words and punctuation marks, in order: "Don't stop!" → ["don't", "stop", "!"]. */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The specials, then the (maxSize − 4) most frequent words; ties broken by first appearance, so the result is deterministic. */
export function learnVocabulary(texts: string[], maxSize: number): Vocabulary {
  if (!Number.isInteger(maxSize) || maxSize < SPECIALS.length + 1) {
    throw new Error(`Vocabulary size must be an integer of at least ${SPECIALS.length + 1}, got ${maxSize}`);
  }
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of splitWords(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const order = [...counts.entries()].map(([w, c], i) => ({ w, c, i }));
  order.sort((a, b) => b.c - a.c || a.i - b.i);
  const words = [...SPECIALS, ...order.slice(0, maxSize - SPECIALS.length).map((e) => e.w)];
  return { words, index: new Map(words.map((w, i) => [w, i])) };
}

/** Token ids of a text (no <bos>, no padding); unknown words map to <unk>. */
export function encode(vocab: Vocabulary, text: string): Int32Array {
  const words = splitWords(text);
  const ids = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) ids[i] = vocab.index.get(words[i]) ?? UNK;
  return ids;
}

/** What the tokenizer card shows: vocabulary size, the share of tokens that are <unk>, and the first text tokenized (≤ 12 tokens). */
export function vocabularyStats(
  vocab: Vocabulary,
  texts: string[],
): { size: number; unknownRate: number; example: { word: string; id: number }[] } {
  let total = 0;
  let unknown = 0;
  for (const t of texts) {
    const ids = encode(vocab, t);
    total += ids.length;
    for (const id of ids) if (id === UNK) unknown++;
  }
  const first = texts.length > 0 ? splitWords(texts[0]).slice(0, 12) : [];
  return {
    size: vocab.words.length,
    unknownRate: total > 0 ? unknown / total : 0,
    example: first.map((word) => ({ word, id: vocab.index.get(word) ?? UNK })),
  };
}
