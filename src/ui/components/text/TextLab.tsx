import { useState } from 'react';
import { errorMessage } from '../../../core/errors';
import { textCatalog, textMethodIds, type TextMethodId } from '../../../core/methods/catalog';
import type { TextSet } from '../../../core/text/textSet';
import type { TextRunStatus } from '../../../worker/textContract';
import { app } from '../../state/app';
import { reportError } from '../../state/store';
import { useTextStore } from '../../state/textDatasets';
import { useTextRuns } from '../../state/textRuns';
import { AttentionView } from './AttentionMap';
import { NextWordStepper } from './NextWordStepper';
import { TextCompare } from './TextCompare';
import { TextRunChart } from './TextRunChart';
import { DEFAULT_TEXT_LENGTH, plannedBudget, TextBudgetField, textBudget, useTextPlan, type TextLength } from './TextBudgetField';

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
  const [length, setLength] = useState<TextLength>(DEFAULT_TEXT_LENGTH);
  const plan = useTextPlan(id, plannedBudget(length), set);
  const busy = useTextRuns((s) => s.runs.find((r) => r.state === 'training' || r.state === 'evaluating')?.id);
  const budget = textBudget(length, plan);
  const start = () => {
    if (typeof budget === 'string') return;
    app.text.start(set, id, budget).catch((e: unknown) => reportError(`Starting ${method.label} failed: ${errorMessage(e)}`));
  };
  return (
    <article className="method-card" data-testid={`text-card-${id}`} aria-labelledby={`text-${id}-title`}>
      <h3 id={`text-${id}-title`}>{method.label}</h3>
      <p className="small">{method.summary}</p>
      <TextBudgetField id={id} length={length} plan={plan} onLength={setLength} />
      <button
        type="button"
        className="primary"
        onClick={start}
        disabled={typeof budget === 'string' || busy !== undefined}
        aria-describedby={busy ? `text-${id}-busy` : undefined}
        data-testid={`text-start-${id}`}
        aria-label={`Start ${method.label}`}
      >
        Start
      </button>
      {busy && (
        <p className="small muted" id={`text-${id}-busy`} data-testid={`text-busy-${id}`}>
          {busy} is training: one text run at a time, start this one when it ends.
        </p>
      )}
    </article>
  );
}

function TextRunsView() {
  const { runs, split, typed, sentences, curves } = useTextRuns();
  const charted = runs.filter((r) => textCatalog[r.method].trainable && (r.state === 'training' || curves[r.id]?.length));
  const stepped = [...runs].reverse().find((r) => r.result && r.result.guesses.length > 0);
  const finished = runs.filter((r) => r.result); // the attention map's runs: the worker keeps their models
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
      {charted.length > 0 && (
        <div className="charts" data-testid="text-charts">
          {charted.map((r) => (
            <TextRunChart key={r.id} run={r} />
          ))}
        </div>
      )}
      <TextCompare />
      <div className="text-views">
        {stepped && (
          <div data-testid="text-stepper">
            <h3>
              Next word: {textCatalog[stepped.method].label} ({stepped.id})
            </h3>
            <NextWordStepper guesses={typed[stepped.id] ?? stepped.result!.guesses} onSentence={ask(stepped.id)} />
          </div>
        )}
        <AttentionView runs={finished} sentence={(stepped && sentences[stepped.id]) ?? finished[0]?.result!.sentence ?? ''} />
      </div>
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
          , perplexity <span data-testid="text-run-perplexity">{fixed(run.perplexity)}</span> (training windows)
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
