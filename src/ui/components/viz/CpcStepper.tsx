import { useMemo, useState, type KeyboardEvent } from 'react';
import type { CpcView } from '../../../core/methods/visualization';
import { CpcCandidates } from './CpcCandidates';
import { CpcHeatMap } from './CpcHeatMap';
import { CpcImageOverlay } from './CpcImageOverlay';
import { analyse, candidateCount, describe, heatMap, percent, step, type Position } from './cpcMath';

const NEGATIVES = 8; // strongest negatives shown beside the true patch

// key → (Δi, Δj, Δk)
const KEYS: Record<string, [number, number, number]> = {
  ArrowLeft: [0, -1, 0],
  ArrowRight: [0, 1, 0],
  ArrowUp: [-1, 0, 0],
  ArrowDown: [1, 0, 0],
  '[': [0, 0, -1],
  PageUp: [0, 0, -1],
  ']': [0, 0, 1],
  PageDown: [0, 0, 1],
};

// the stepper's buttons: text, what it does, (Δi, Δj, Δk)
const MOVES: [string, string, [number, number, number]][] = [
  ['↑', 'Context row up', [-1, 0, 0]],
  ['↓', 'Context row down', [1, 0, 0]],
  ['←', 'Column left', [0, -1, 0]],
  ['→', 'Column right', [0, 1, 0]],
  ['k −', 'Predict fewer rows ahead', [0, 0, -1]],
  ['k +', 'Predict more rows ahead', [0, 0, 1]],
];

/** Buttons that move the context patch and change k, as the keys do. */
function MoveButtons({ onMove }: { onMove: (di: number, dj: number, dk: number) => void }) {
  return (
    <div className="cpc-stepper__buttons">
      {MOVES.map(([text, label, d]) => (
        <button key={label} type="button" onClick={() => onMove(...d)} aria-label={label}>
          {text}
        </button>
      ))}
    </div>
  );
}

/** Step through CPC's predictions patch by patch: context, target, ranked candidates and the heat map. */
export function CpcStepper({ view }: { view: CpcView }) {
  const [wanted, setWanted] = useState<Position>(() => ({
    i: Math.max(0, Math.floor(view.grid / 2) - 1),
    j: Math.floor(view.grid / 2),
    k: 1,
  }));
  const pos = step(view, wanted, 0, 0, 0); // clamped to this view's grid
  const result = analyse(view, pos, NEGATIVES);
  const total = candidateCount(view);
  const cells = useMemo(() => heatMap(view, pos.k), [view, pos.k]);
  const move = (di: number, dj: number, dk: number) => setWanted(step(view, pos, di, dj, dk));

  const onKey = (e: KeyboardEvent) => {
    const d = KEYS[e.key];
    if (!d) return;
    e.preventDefault();
    move(...d);
  };

  return (
    <div className="cpc" data-testid="viz-cpc">
      <div
        className="cpc-stepper"
        tabIndex={0}
        role="group"
        aria-label="CPC stepper: arrow keys move the context, [ and ] change k"
        onKeyDown={onKey}
        data-testid="cpc-stepper"
      >
        <CpcImageOverlay view={view} pos={pos} />
        <div className="cpc-stepper__controls">
          <p className="cpc-stepper__where" aria-live="polite" data-testid="cpc-position">
            {describe(pos, result)}
          </p>
          <MoveButtons onMove={move} />
          {result && (
            <p>
              True patch: rank <strong data-testid="cpc-rank">{result.rank}</strong> of {result.total}, probability{' '}
              {percent(result.probability)} (chance {percent(1 / result.total)}).
            </p>
          )}
          <p className="small muted">Keys: ←/→ column, ↑/↓ context row, [ ] or PageUp/PageDown change k (1–{view.maxOffset}).</p>
        </div>
      </div>
      <p className="cpc__explain small">
        <strong>What InfoNCE does.</strong> The encoder turns every patch into a code. A masked context network reads only the bright rows
        (up to the dashed patch) and, for each k, predicts the code of the patch k rows further down (outlined). That prediction is scored
        against <em>every</em> patch of the batch — the true one and all the others, the negatives — and a softmax turns the scores into the
        probabilities below. The loss is −log of the true patch's probability, so training pushes its score up and the negatives' down.
        Picking the right patch among {total} candidates (chance is 1 in that many) is only possible by knowing what tends to lie below
        what: the encoder has to learn about shapes and objects, not single pixels.
      </p>
      {result && <CpcCandidates view={view} candidates={result.candidates} />}
      <CpcHeatMap cells={cells} grid={view.grid} total={total} pos={pos} onPick={(i, j) => setWanted({ ...pos, i, j })} />
    </div>
  );
}
