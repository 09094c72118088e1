import type { TextSet } from '../core/text/textSet';
import type { WorkerEvent } from './contract';
import type { TextRunStatus } from './textContract';

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

/** For tests: the run's last status in `events` once it has ended (done or error). */
export function ended(events: WorkerEvent[], id: string): Promise<TextRunStatus> {
  return new Promise((resolve) => {
    const poll = () => {
      const last = events.filter((e) => e.type === 'textRun' && e.status.id === id).at(-1);
      if (last?.type === 'textRun' && (last.status.state === 'done' || last.status.state === 'error')) resolve(last.status);
      else setTimeout(poll, 20);
    };
    poll();
  });
}
