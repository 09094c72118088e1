import { lab } from '../state/labController';
import { useLab } from '../state/labStore';

export function IngestProgress() {
  const p = useLab((s) => s.ingest);
  if (!p) return null;
  return (
    <div className="ingest" data-testid="ingest-progress">
      <progress max={p.total} value={p.done} aria-label="Decoding images" />
      <span>
        {p.done.toLocaleString()} / {p.total.toLocaleString()} files{p.rejected ? `, ${p.rejected} rejected` : ''}
      </span>
      <button type="button" className="link-button" onClick={() => lab.cancelIngest()}>
        Cancel
      </button>
    </div>
  );
}
