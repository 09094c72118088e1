import type { TextSet } from '../core/text/textSet';

/**
 * For tests: two "authors" with disjoint words, two books of two paragraphs each, a paragraph the author's six words
 * twice, rotated. A split holds one book of each out: 4 texts train, 4 are held out, every word is in the vocabulary.
 */
export function tinyTextSet(): TextSet {
  const vocab = [
    ['sea', 'ship', 'wave', 'sail', 'storm', 'deck'],
    ['ball', 'dance', 'letter', 'sister', 'marry', 'estate'],
  ];
  const items = [0, 1].flatMap((author) => [0, 1, 2, 3].map((p) => ({ author, book: `${'ab'[author]}/book${p >> 1}`, p })));
  return {
    texts: items.map(({ author, p }) => Array.from({ length: 12 }, (_, i) => vocab[author][(i + p) % 6]).join(' ')),
    names: items.map(({ book, p }) => `${book}__p${p}.txt`),
    labels: Int32Array.from(items, (it) => it.author),
    classNames: ['a', 'b'],
    groups: items.map((it) => it.book),
  };
}
