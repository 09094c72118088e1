import type { TextSet } from '../../../core/text/textSet';
import { cancelTextLoad, classTable, useTextStore } from '../../state/textDatasets';
import { RejectedList } from '../RejectedList';
import { TokenizerCard } from './TokenizerCard';

/** The text dataset in the dataset panel: what loads, what was kept per class, what was skipped, the tokenizer. */
export function TextDatasetView() {
  const text = useTextStore((s) => s.text);
  return (
    <>
      <TextProgress />
      {text && <TextSummary name={text.name} set={text.set} />}
      {text && text.rejected.length > 0 && <RejectedList rejected={text.rejected} />}
      {text && text.set.texts.length > 0 && <TokenizerCard vocabulary={text.vocabulary} />}
    </>
  );
}

function TextProgress() {
  const loading = useTextStore((s) => s.loading);
  const p = useTextStore((s) => s.progress);
  if (!loading) return null;
  return (
    <div className="ingest" data-testid="text-progress" role="status">
      <progress max={p?.total || 1} value={p?.done ?? 0} aria-label={`Reading ${loading}`} />
      <span>
        Reading {loading}
        {p && `: ${p.done.toLocaleString()} / ${p.total.toLocaleString()} files${p.rejected ? `, ${p.rejected} rejected` : ''}`}
      </span>
      <button type="button" className="link-button" onClick={cancelTextLoad}>
        Cancel
      </button>
    </div>
  );
}

function TextSummary({ name, set }: { name: string; set: TextSet }) {
  const rows = classTable(set);
  const unlabelled = set.labels.filter((l) => l < 0).length;
  return (
    <div className="summary" data-testid="text-summary">
      <p>
        <strong data-testid="text-name">{name}</strong>: <span data-testid="text-count">{set.texts.length.toLocaleString()}</span> texts,{' '}
        {set.classNames.length} classes{unlabelled > 0 && `, ${unlabelled.toLocaleString()} unlabelled (pre-training only)`}.
      </p>
      {rows.length > 0 && (
        <table className="text-classes">
          <caption className="muted small">
            Texts per class; a book (the file name before “__”) stays on one side of the train/test split.
          </caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Texts</th>
              <th scope="col">Books</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <th scope="row">{r.name}</th>
                <td>{r.items}</td>
                <td>{r.groups}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
