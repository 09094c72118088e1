import type { ContrastiveView } from '../../../core/methods/visualization';
import { RgbaCanvas } from './RgbaCanvas';

/** Cosine similarity in [−1, 1] as a cell colour: the panel's at 0 and below, up to half the accent at 1 (text stays legible). */
function shade(similarity: number): string {
  return `color-mix(in srgb, var(--accent) ${Math.round(50 * Math.max(0, similarity))}%, var(--panel))`;
}

/** Two views of each photo and how similar the network finds every first view to every second one. */
export function ContrastiveViewer({ view }: { view: ContrastiveView }) {
  const n = view.first.length;
  const hits = view.first.filter((_, i) => {
    const row = view.similarity.slice(i * n, (i + 1) * n);
    return row.indexOf(Math.max(...row)) === i;
  }).length;
  return (
    <div data-testid="viz-contrastive">
      <p className="muted small">
        Each photo becomes two random views (crop, mirror, colours). The network should find its own other view most similar: the diagonal.
        Here it does for {hits} of {n}.
      </p>
      <table className="viz-table viz-similarity">
        <thead>
          <tr>
            <th scope="col">View 1 ↓ · View 2 →</th>
            {view.second.map((im, j) => (
              <th key={j} scope="col">
                <RgbaCanvas image={im} size={40} label={`Photo ${j + 1}, view 2`} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.first.map((im, i) => (
            <tr key={i}>
              <th scope="row">
                <RgbaCanvas image={im} size={40} label={`Photo ${i + 1}, view 1`} />
              </th>
              {view.second.map((_, j) => {
                const s = view.similarity[i * n + j];
                return (
                  <td
                    key={j}
                    className={i === j ? 'viz-similarity__pair' : undefined}
                    style={{ background: shade(s) }}
                    title={`view 1 of photo ${i + 1} vs view 2 of photo ${j + 1}: ${s.toFixed(2)}`}
                  >
                    {s.toFixed(2)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
