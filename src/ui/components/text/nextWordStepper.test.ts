import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NextWordGuess } from '../../../core/text/nextWord';
import { NextWordStepper } from './NextWordStepper';
import { joinWords, stepFor } from './nextWordSteps';

describe('next-word stepper keys', () => {
  it('moves the blank a word with ← and →, to the ends with Home and End, and stays inside', () => {
    expect(stepFor('ArrowRight', 0, 3)).toBe(1);
    expect(stepFor('ArrowRight', 2, 3)).toBe(2);
    expect(stepFor('ArrowLeft', 0, 3)).toBe(0);
    expect(stepFor('ArrowLeft', 2, 3)).toBe(1);
    expect(stepFor('Home', 2, 3)).toBe(0);
    expect(stepFor('End', 0, 3)).toBe(2);
    expect(stepFor('End', 0, 0)).toBe(0);
    expect(stepFor('a', 1, 3)).toBeNull();
  });
  it('joins tokens as text, no space before closing punctuation', () => {
    expect(joinWords(['hello', ',', 'this', 'is', 'it', '.'])).toBe('hello, this is it.');
    expect(joinWords([])).toBe('');
  });
});

const guesses: NextWordGuess[] = [
  {
    context: [],
    truth: 'hello',
    top: [
      { word: 'the', p: 0.3 },
      { word: 'hello', p: 0.1 },
    ],
    truthRank: 2,
  },
  {
    context: ['hello'],
    truth: 'this',
    top: [
      { word: 'there', p: 0.5 },
      { word: 'world', p: 0.2 },
    ],
    truthRank: 7,
  },
];

describe('NextWordStepper (rendered by React DOM)', () => {
  it('shows the first blank, the true word and its rank, the top guesses with the truth marked, and the sentence box', () => {
    const html = renderToStaticMarkup(createElement(NextWordStepper, { guesses, onSentence: () => {} }));
    expect(html).toContain('Word 1 of 2');
    expect(html).toContain('“hello”');
    expect(html).toMatch(/data-testid="next-word-rank">2</);
    expect(html).toMatch(/class="prob-bars--true"[^>]*>hello<span>10%/);
    expect(html).toContain('true: hello');
    expect(html).toContain('Your own sentence');
    expect(html).toMatch(/<button type="submit" disabled="">/); // nothing typed yet
  });
  it('says so when there is no sentence', () => {
    const html = renderToStaticMarkup(createElement(NextWordStepper, { guesses: [], onSentence: () => {} }));
    expect(html).toContain('No sentence to step through yet');
    expect(html).not.toContain('next-word-stepper');
  });
});
