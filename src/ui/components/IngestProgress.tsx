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
