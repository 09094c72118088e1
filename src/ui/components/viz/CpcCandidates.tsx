import type { CpcView } from '../../../core/methods/visualization';
import { percent, type Candidate } from './cpcMath';
import { RgbaCanvas } from './RgbaCanvas';

/** The true patch and the strongest negatives, ordered by the softmax probability the network gives them. */
export function CpcCandidates({ view, candidates }: { view: CpcView; candidates: Candidate[] }) {
  const cells = view.grid * view.grid;
  const where = (n: number) => {
    const b = Math.floor(n / cells);
    const at = `(${Math.floor((n % cells) / view.grid)}, ${n % view.grid})`;
    return b === view.imageIndex ? `this image ${at}` : `image ${b + 1} ${at}`;
  };
  return (
    <ol className="cpc-candidates" aria-label="Candidates ranked by the network" data-testid="cpc-candidates">
      {candidates.map((c) => (
        <li key={c.n} className={c.positive ? 'cpc-candidates--true' : undefined}>
          <RgbaCanvas image={view.patches[c.n]} size={48} label={`${c.positive ? 'True patch' : 'Negative'}: ${where(c.n)}`} />
          <span className="mono">{percent(c.probability)}</span>
          <span className="small">{c.positive ? 'true' : where(c.n)}</span>
        </li>
      ))}
    </ol>
  );
}
