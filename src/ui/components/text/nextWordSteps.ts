// Pure helpers of the next-word stepper: where a key moves the blank, and words joined as a sentence reads.

/** The blank's position after `key` among `count` positions from `at`; null for a key the stepper does not use. */
export function stepFor(key: string, at: number, count: number): number | null {
  const last = Math.max(0, count - 1);
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, at - 1);
    case 'ArrowRight':
      return Math.min(last, at + 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

const CLOSING = /^[.,;:!?)\]}'"]$/;

/** Tokens as text: a space between words, none before a closing punctuation mark ("hello , world ." → "hello, world."). */
export function joinWords(words: string[]): string {
  return words.reduce((out, w, i) => (i === 0 ? w : CLOSING.test(w) ? out + w : `${out} ${w}`), '');
}
