// Test page for the next-word stepper on its own, in the app's styles, until a text run feeds it in the app: fixed
// guesses for "hello this is the primer ." (as textcore's nextWordGuesses gives them); window.nextWordHarness.sentences
// records what the sentence box asked for.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { NextWordGuess } from '../../src/core/text/nextWord';
import { NextWordStepper } from '../../src/ui/components/text/NextWordStepper';
import '../../src/ui/styles.css';

const truths = ['hello', 'this', 'is', 'the', 'primer', '.'];
const others = ['the', 'it', 'a', 'and', 'of'];
const guesses: NextWordGuess[] = truths.map((truth, i) => {
  const words = [...others.filter((w) => w !== truth).slice(0, 4), truth]; // the truth is 5th, or missing from the top 4
  const top = words.slice(0, i % 2 === 0 ? 5 : 4).map((word, k) => ({ word, p: 0.4 / (k + 1) }));
  return { context: truths.slice(0, i), truth, top, truthRank: i % 2 === 0 ? 5 : 9 };
});

declare global {
  interface Window {
    nextWordHarness: { sentences: string[] };
  }
}
window.nextWordHarness = { sentences: [] };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Next-word stepper</h1>
    <NextWordStepper guesses={guesses} onSentence={(s) => window.nextWordHarness.sentences.push(s)} />
  </StrictMode>,
);
