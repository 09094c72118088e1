import { useEffect, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../../core/errors';
import { textCatalog } from '../../../core/methods/catalog';
import type { TextAttention } from '../../../core/text/attention';
import type { TextRunStatus } from '../../../worker/textContract';
import { app } from '../../state/app';
import { rowSentence } from './attentionRows';
import { stepFor } from './nextWordSteps';

const CELL = 18; // px per word in the map
const LABEL = 84; // px for the words along the left and the top

/** The worker's attention for run `id` on `sentence`, read again when either changes; null while it is being read. */
function useAttention(id: string | undefined, sentence: string) {
  const key = `${id}\n${sentence}`;
  const [shown, setShown] = useState<{ key: string; attention: TextAttention | null; error: string | null } | null>(null);
  useEffect(() => {
    if (id === undefined) return;
    let live = true;
    app.text
      .attention(id, sentence)
      .then((attention) => live && setShown({ key, attention, error: null }))
      .catch((e: unknown) => live && setShown({ key, attention: null, error: errorMessage(e) }));
    return () => void (live = false);
  }, [id, sentence, key]);
  return shown?.key === key ? shown : { key, attention: null, error: null };
}

/** A finished run's attention on a sentence: pick the run, block and head; a words × words heat map, rows = the word that looks. */
export function AttentionView({ runs, sentence }: { runs: TextRunStatus[]; sentence: string }) {
  const [picked, setPicked] = useState<string | null>(null);
  const run = runs.find((r) => r.id === picked) ?? runs.at(-1);
  const [pick, setPick] = useState({ block: 0, head: 0 });
  const { attention: a, error } = useAttention(run?.id, sentence);
  if (!run) return null;
  const block = Math.min(pick.block, (a?.weights.length ?? 1) - 1);
  const head = Math.min(pick.head, (a?.weights[block]?.length ?? 1) - 1);
  const count = (n: number | undefined, what: string) =>
    Array.from({ length: n ?? 1 }, (_, i) => (
      <option key={i} value={i}>
        {what} {i + 1}
      </option>
    ));
  return (
    <section className="attention" aria-labelledby="attention-heading" data-testid="text-attention">
      <h3 id="attention-heading">Attention</h3>
      <div className="attention__pickers">
        <label>
          Run{' '}
          <select value={run.id} onChange={(e) => setPicked(e.target.value)} data-testid="attention-run">
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {textCatalog[r.method].label} ({r.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Block{' '}
          <select value={block} onChange={(e) => setPick({ block: Number(e.target.value), head })} data-testid="attention-block">
            {count(a?.weights.length, 'Block')}
          </select>
        </label>
        <label>
          Head{' '}
          <select value={head} onChange={(e) => setPick({ block, head: Number(e.target.value) })} data-testid="attention-head">
            {count(a?.weights[block]?.length, 'Head')}
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {a && <AttentionGrid words={a.words} weights={a.weights[block][head]} block={block} head={head} />}
      {!a && !error && <p className="muted small">Reading the attention…</p>}
    </section>
  );
}

/** The heat map of one head: ← and → (Home, End) move the word that looks; the line below says where it looks most. */
function AttentionGrid({ words, weights, block, head }: { words: string[]; weights: number[][]; block: number; head: number }) {
  const [at, setAt] = useState(0);
  const row = Math.min(at, words.length - 1);
  const onKey = (e: KeyboardEvent) => {
    const to = stepFor(e.key, row, words.length);
    if (to === null) return;
    e.preventDefault();
    setAt(to);
  };
  const side = LABEL + CELL * words.length;
  return (
    <figure className="attention__map" data-testid="attention-map" data-block={block} data-head={head} data-words={words.length}>
      <div
        className="attention__focus"
        tabIndex={0}
        role="group"
        onKeyDown={onKey}
        data-testid="attention-grid"
        aria-label={`Attention map, block ${block + 1}, head ${head + 1}: ← and → pick the word that looks, Home and End the first and last`}
      >
        <svg
          width={side}
          height={side}
          viewBox={`0 0 ${side} ${side}`}
          role="img"
          aria-label={`${words.length} × ${words.length} attention weights`}
        >
          {words.map((w, i) => (
            <g key={i}>
              <text
                x={LABEL - 4}
                y={LABEL + CELL * i + CELL * 0.7}
                textAnchor="end"
                className={i === row ? 'attention__word--on' : undefined}
              >
                {w}
              </text>
              <text x={0} y={0} transform={`translate(${LABEL + CELL * i + CELL * 0.7} ${LABEL - 4}) rotate(-60)`}>
                {w}
              </text>
              {weights[i].map((v, j) => (
                <rect key={j} x={LABEL + CELL * j} y={LABEL + CELL * i} width={CELL - 1} height={CELL - 1} fillOpacity={0.04 + 0.96 * v}>
                  <title>{`“${w}” → “${words[j]}”: ${(100 * v).toFixed(0)} %`}</title>
                </rect>
              ))}
            </g>
          ))}
          <rect className="attention__cursor" x={LABEL - 1} y={LABEL + CELL * row - 1} width={CELL * words.length + 1} height={CELL + 1} />
        </svg>
      </div>
      <figcaption>
        <span aria-live="polite" data-testid="attention-row">
          {rowSentence(weights[row], words, row)}
        </span>{' '}
        <span className="muted small">Rows: the word that looks; columns: the words it looks at; darker is more.</span>
      </figcaption>
    </figure>
  );
}
