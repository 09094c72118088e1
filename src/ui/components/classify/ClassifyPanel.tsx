import { useState } from 'react';
import { errorMessage } from '../../../core/errors';
import type { Classification, ClassifierKind } from '../../../core/train/types';
import { app } from '../../state/app';
import { useStore } from '../../state/store';
import { pct } from '../chart/ticks';
import { ConfusionMatrix } from '../compare/ConfusionMatrix';
import { PixelCanvas } from '../PixelCanvas';
import { decodeImages, type DecodeResult } from './decodeImages';

const KINDS: { kind: ClassifierKind; label: string }[] = [
  { kind: 'probe', label: 'linear probe (frozen encoder)' },
  { kind: 'finetune', label: 'fine-tuned' },
  { kind: 'semi', label: 'semi-supervised' },
];
const TOP = 3;

/** Classifying picked images with one run's classifier: busy while it runs, then its result and what it skipped or why it failed. */
function useClassify(runId: string | undefined, kind: ClassifierKind, resolution: number) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ images: DecodeResult; classes: Classification } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const classify = async (files: File[]) => {
    if (!runId) return;
    setBusy(true);
    setProblem(null);
    try {
      const images = await decodeImages(files, resolution);
      const classes = await app.runs.classify(runId, kind, images.pixels, images.names.length);
      setResult({ images, classes });
      if (images.failed.length) setProblem(`Skipped ${images.failed.map((f) => `${f.name} (${f.reason})`).join(', ')}.`);
    } catch (e) {
      setProblem(`Could not classify: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return { busy, result, problem, classify };
}

interface PickerProps {
  runs: { id: string }[];
  runId: string | undefined;
  onRun: (id: string) => void;
  kinds: typeof KINDS; // those the chosen run has
  kind: ClassifierKind;
  onKind: (kind: ClassifierKind) => void;
}

/** Which run, and which of its classifiers (probe, fine-tuned, semi-supervised), classifies the images. */
function ClassifierPicker({ runs, runId, onRun, kinds, kind, onKind }: PickerProps) {
  return (
    <>
      <label>
        Run{' '}
        <select value={runId} onChange={(e) => onRun(e.target.value)} data-testid="classify-run">
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Classifier{' '}
        <select value={kind} onChange={(e) => onKind(e.target.value as ClassifierKind)} data-testid="classify-kind">
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** Use a classifier: pick images, see each one's top classes from a run's probe or fine-tuned classifier, and its test confusion. */
export function ClassifyPanel() {
  const dataset = useStore((s) => s.dataset);
  const runs = useStore((s) => s.runs).filter((r) => (r.state === 'done' || r.state === 'stopped') && r.probe?.accuracy != null);
  const finetunes = useStore((s) => s.finetunes);
  const [runId, setRunId] = useState('');
  const [kind, setKind] = useState<ClassifierKind>('probe');
  const run = runs.find((r) => r.id === runId) ?? runs[0];
  const available = KINDS.filter((k) => k.kind === 'probe' || (run && finetunes[run.id]?.[k.kind]?.result));
  const chosen = available.some((k) => k.kind === kind) ? kind : 'probe';
  const { busy, result, problem, classify } = useClassify(run?.id, chosen, dataset?.resolution ?? 0);
  if (!dataset || dataset.classes.length < 2) return null;

  return (
    <section className="panel" aria-labelledby="classify-heading" data-testid="classify-panel">
      <h2 id="classify-heading">Classify images</h2>
      {runs.length === 0 ? (
        <p className="muted">Train a run to the end (or stop it) to classify images with it.</p>
      ) : (
        <>
          <div className="classify__controls">
            <ClassifierPicker runs={runs} runId={run?.id} onRun={setRunId} kinds={available} kind={chosen} onKind={setKind} />
            <label>
              Images{' '}
              <input
                type="file"
                accept="image/*"
                multiple
                disabled={busy}
                onChange={(e) => void classify([...(e.target.files ?? [])])}
                data-testid="classify-files"
              />
            </label>
            <span className="muted small" role="status">
              {busy ? 'classifying…' : `scaled to ${dataset.resolution} px, as the run saw its images`}
            </span>
          </div>
          {problem && (
            <p className="compare__notice" role="alert">
              {problem}
            </p>
          )}
          {result && <Results result={result} />}
        </>
      )}
    </section>
  );
}

function Results({ result }: { result: { images: DecodeResult; classes: Classification } }) {
  const { images, classes } = result;
  const dataset = useStore((s) => s.dataset)!;
  const set = {
    name: 'classified',
    resolution: dataset.resolution,
    pixels: images.pixels,
    labels: new Int32Array(images.names.length),
    classNames: classes.classNames,
  };
  return (
    <>
      <ul className="classify__results" data-testid="classify-results">
        {images.names.map((name, i) => {
          const top = classes.probabilities[i]
            .map((p, c) => ({ p, c }))
            .sort((a, b) => b.p - a.p)
            .slice(0, TOP);
          return (
            <li key={i} data-testid="classify-result">
              <PixelCanvas set={set} index={i} size={64} title={name} />
              <span className="small">{name}</span>
              <ol className="small mono">
                {top.map(({ p, c }) => (
                  <li key={c} data-testid="classify-class">
                    {classes.classNames[c]} {pct(p)}
                  </li>
                ))}
              </ol>
            </li>
          );
        })}
      </ul>
      <h3>On the test split: {pct(classes.accuracy)}</h3>
      <ConfusionMatrix matrix={classes.confusion} classes={classes.classNames} testId="classify-confusion" />
    </>
  );
}
