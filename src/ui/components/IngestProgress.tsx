import { app } from '../state/app';
import { useStore } from '../state/store';

export function IngestProgress() {
  const p = useStore((s) => s.ingest);
  if (!p) return null;
  return (
    <div className="ingest" data-testid="ingest-progress">
      <progress max={p.total} value={p.done} aria-label="Decoding images" />
      <span>
        {p.done.toLocaleString()} / {p.total.toLocaleString()} files{p.rejected ? `, ${p.rejected} rejected` : ''}
      </span>
      <button type="button" className="link-button" onClick={() => app.datasets.cancelIngest()}>
        Cancel
      </button>
    </div>
  );
}

/** The sample's unlabelled pool joining the dataset in the background: the page works meanwhile, runs wait for it. */
export function PoolProgress() {
  const p = useStore((s) => s.pool);
  if (!p) return null;
  return (
    <div className="ingest" data-testid="pool-progress" role="status">
      <progress max={p.total || 1} value={p.done} aria-label="Decoding the unlabelled photos" />
      <span>
        Adding {p.total ? p.total.toLocaleString() : 'the'} unlabelled photos for pre-training: {p.done.toLocaleString()} decoded. Runs you
        start now begin when they are in.
      </span>
    </div>
  );
}
