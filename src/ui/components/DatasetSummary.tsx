import type { DatasetInfo } from '../state/store';

export function DatasetSummary({ info }: { info: DatasetInfo }) {
  const max = Math.max(1, ...info.counts);
  const unlabelled = info.images - info.counts.reduce((a, b) => a + b, 0);
  return (
    <div className="summary" data-testid="dataset-summary">
      <p>
        <strong data-testid="dataset-name">{info.name}</strong>: <span data-testid="dataset-count">{info.images.toLocaleString()}</span>{' '}
        images, {info.resolution}×{info.resolution} px, {info.classes.length} classes
        {unlabelled > 0 && `, ${unlabelled.toLocaleString()} unlabelled`}.
      </p>
      <p className="muted" data-testid="dataset-split">
        Split (fixed, stratified, shared by every method): {info.split.train.toLocaleString()} train / {info.split.test.toLocaleString()}{' '}
        test
      </p>
      {info.classes.length > 0 && (
        <ul className="class-bars" aria-label="Images per class">
          {info.classes.map((c, i) => (
            <li key={c}>
              <span className="class-bars__name">{c}</span>
              <span className="class-bars__bar" style={{ width: `${(100 * info.counts[i]) / max}%` }} />
              <span className="class-bars__count">{info.counts[i]}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
