import { useState } from 'react';
import { errorMessage } from '../../../core/errors';
import { textCatalog, textMethodIds, type TextMethodId } from '../../../core/methods/catalog';
import type { TextSet } from '../../../core/text/textSet';
import type { TextBudget, TextRunStatus } from '../../../worker/textContract';
import { app } from '../../state/app';
import { reportError } from '../../state/store';
import { useTextStore } from '../../state/textDatasets';
import { useTextRuns } from '../../state/textRuns';
import { NextWordStepper } from './NextWordStepper';
import { TextCompare } from './TextCompare';

/** The lengths a text run can train for: a time (the step count follows the measured speed) or a number of steps. */
const LENGTHS = { quick: { seconds: 60 }, standard: { seconds: 300 } } as const;
type Length = keyof typeof LENGTHS | 'steps';

const fixed = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);

/** Text training (lazy-loaded): a card per text method, the runs' live figures and results, and the next-word stepper. */
export default function TextLab() {
  const text = useTextStore((s) => s.text);
  const own = useTextRuns((s) => s.set !== null && s.set === text?.set);
  if (!text || text.set.texts.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="text-lab-heading" data-testid="text-lab">
      <h2 id="text-lab-heading">Train on text</h2>
      <p className="muted small">
        Runs train on {text.name} in the training worker. A finished or stopped run is kept in this browser with its weights (Your runs
        exports and imports them) and is listed again when this text is loaded.
      </p>
      <div className="cards">
        {textMethodIds.map((id) => (
          <TextMethodCard key={id} id={id} set={text.set} />
        ))}
      </div>
      {own && <TextRunsView />}
    </section>
  );
}

function TextMethodCard({ id, set }: { id: TextMethodId; set: TextSet }) {
  const method = textCatalog[id];
  const [length, setLength] = useState<Length>('quick');
  const [steps, setSteps] = useState(200);
  const budget = (): TextBudget => (length === 'steps' ? { steps } : LENGTHS[length]);
  const start = () =>
    app.text.start(set, id, budget()).catch((e: unknown) => reportError(`Starting ${method.label} failed: ${errorMessage(e)}`));
  return (
    <article className="method-card" data-testid={`text-card-${id}`} aria-labelledby={`text-${id}-title`}>
      <h3 id={`text-${id}-title`}>{method.label}</h3>
      <p className="small">{method.summary}</p>
      <label>
        Length{' '}
        <select value={length} onChange={(e) => setLength(e.target.value as Length)} data-testid={`text-length-${id}`}>
          <option value="quick">Quick (about 1 min)</option>
          <option value="standard">Standard (about 5 min)</option>
          <option value="steps">Steps</option>
        </select>
      </label>
      {length === 'steps' && (
        <label>
          Steps{' '}
          <input
            type="number"
            min={1}
            max={100000}
            value={steps}
            onChange={(e) => setSteps(Math.max(1, Math.round(Number(e.target.value) || 1)))}
            data-testid={`text-steps-${id}`}
          />
        </label>
      )}
      <button
        type="button"
        className="primary"
        onClick={() => void start()}
        data-testid={`text-start-${id}`}
        aria-label={`Start ${method.label}`}
      >
        Start
      </button>
    </article>
  );
}

function TextRunsView() {
  const { runs, split, typed } = useTextRuns();
  const stepped = [...runs].reverse().find((r) => r.result && r.result.guesses.length > 0);
  const ask = (id: string) => (sentence: string) =>
    app.text.guess(id, sentence).catch((e: unknown) => reportError(`Guessing failed: ${errorMessage(e)}`));
  return (
    <>
      {split && (
        <p className="small" data-testid="text-split">
          {split.train.toLocaleString()} texts train, {split.test.toLocaleString()} held out (whole books); vocabulary{' '}
          {split.vocabulary.toLocaleString()} words.
        </p>
      )}
      <ul className="text-runs" aria-label="Text runs">
        {runs.map((r) => (
          <TextRunLine key={r.id} run={r} />
        ))}
      </ul>
      <TextCompare />
      {stepped && (
        <div data-testid="text-stepper">
          <h3>
            Next word: {textCatalog[stepped.method].label} ({stepped.id})
          </h3>
          <NextWordStepper guesses={typed[stepped.id] ?? stepped.result!.guesses} onSentence={ask(stepped.id)} />
        </div>
      )}
    </>
  );
}

function TextRunLine({ run }: { run: TextRunStatus }) {
  const state =
    run.state === 'training'
      ? `step ${run.step}${run.steps ? ` of ${run.steps}` : ''}`
      : run.state === 'stopped'
        ? `stopped at step ${run.step}`
        : run.state;
  const act = (what: string, f: (id: string) => Promise<void>) => () =>
    void f(run.id).catch((e: unknown) => reportError(`${what} ${run.id} failed: ${errorMessage(e)}`));
  return (
    <li data-testid={`text-run-${run.id}`} data-state={run.state}>
      <strong>{run.id}</strong>: {state}, loss <span data-testid="text-run-loss">{fixed(run.loss, 3)}</span>
      {run.perplexity !== null && (
        <>
          , perplexity <span data-testid="text-run-perplexity">{fixed(run.perplexity)}</span> (training texts)
        </>
      )}
      ; the bigram's on held-out words: <span data-testid="text-run-bigram">{fixed(run.bigramPerplexity)}</span>{' '}
      {run.state === 'training' ? (
        <button type="button" onClick={act('Stopping', (id) => app.text.stop(id))} data-testid={`text-stop-${run.id}`}>
          Stop
        </button>
      ) : (
        run.state !== 'evaluating' && (
          <button type="button" onClick={act('Deleting', (id) => app.text.remove(id))} data-testid={`text-delete-${run.id}`}>
            Delete
          </button>
        )
      )}
      {run.error && (
        <span className="error" role="alert">
          {' '}
          {run.error}
        </span>
      )}
    </li>
  );
}
