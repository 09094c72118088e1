import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { NextWordGuess } from '../../../core/text/nextWord';
import { ProbBars } from '../viz/ProbBars';
import { joinWords, stepFor } from './nextWordSteps';

export interface NextWordStepperProps {
  guesses: NextWordGuess[]; // one per word of a held-out sentence, in order: the model's guess at each blank
  onSentence: (sentence: string) => void; // the user's own sentence, to be guessed word by word
}

/** The primer's "hello ___" game: a sentence with the blank moving word by word, the model's top guesses and the true word's rank. */
export function NextWordStepper({ guesses, onSentence }: NextWordStepperProps) {
  const [pos, setPos] = useState({ guesses, at: 0 });
  const at = pos.guesses === guesses ? Math.min(pos.at, Math.max(0, guesses.length - 1)) : 0; // a new sentence starts at its first word
  const move = (to: number) => setPos({ guesses, at: to });
  const onKey = (e: KeyboardEvent) => {
    const to = stepFor(e.key, at, guesses.length);
    if (to === null) return;
    e.preventDefault();
    move(to);
  };
  const guess = guesses[at];
  return (
    <div className="next-word" data-testid="next-word">
      {guess ? (
        <div
          className="next-word__stepper"
          tabIndex={0}
          role="group"
          onKeyDown={onKey}
          data-testid="next-word-stepper"
          aria-label="Next-word stepper: ← and → move the blank a word, Home and End to the first and last word"
        >
          <p className="next-word__sentence" data-testid="next-word-sentence">
            {joinWords(guess.context)}{' '}
            <mark className="next-word__blank" aria-label="blank">
              ___
            </mark>
          </p>
          <p aria-live="polite" data-testid="next-word-position">
            Word {at + 1} of {guesses.length}: the true word is <strong>“{guess.truth}”</strong>, the model's guess number{' '}
            <strong data-testid="next-word-rank">{guess.truthRank}</strong>.
          </p>
          <WordButtons at={at} count={guesses.length} move={move} />
          <p className="small muted">The model's {guess.top.length} likeliest words for the blank:</p>
          <ProbBars
            label="The model's top guesses for the blank"
            labels={guess.top.map((t) => t.word)}
            probs={guess.top.map((t) => t.p)}
            highlight={guess.top.findIndex((t) => t.word === guess.truth)}
          />
        </div>
      ) : (
        <p className="muted">No sentence to step through yet.</p>
      )}
      <OwnSentence onSentence={onSentence} />
    </div>
  );
}

/** First, previous, next and last word: the keys' moves as buttons. */
function WordButtons({ at, count, move }: { at: number; count: number; move: (to: number) => void }) {
  const moves = [
    ['⇤', 'First word', 0],
    ['←', 'Previous word', Math.max(0, at - 1)],
    ['→', 'Next word', Math.min(count - 1, at + 1)],
    ['⇥', 'Last word', count - 1],
  ] as const;
  return (
    <div className="next-word__buttons">
      {moves.map(([text, label, to]) => (
        <button key={label} type="button" onClick={() => move(to)} aria-label={label}>
          {text}
        </button>
      ))}
    </div>
  );
}

function OwnSentence({ onSentence }: Pick<NextWordStepperProps, 'onSentence'>) {
  const [sentence, setSentence] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (sentence.trim()) onSentence(sentence.trim());
  };
  return (
    <form className="next-word__own" onSubmit={submit} data-testid="next-word-own">
      <label>
        Your own sentence{' '}
        <input type="text" value={sentence} onChange={(e) => setSentence(e.target.value)} placeholder="It was a dark and stormy night" />
      </label>
      <button type="submit" disabled={!sentence.trim()}>
        Guess each word
      </button>
    </form>
  );
}
