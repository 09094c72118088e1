import type { ClassificationView } from '../../../core/methods/visualization';
import { useRevealed } from '../../hooks/useRevealed';
import { useStore } from '../../state/store';
import { ProbBars } from './ProbBars';
import { RgbaCanvas } from './RgbaCanvas';

const TOP = 3;

/** Held-out images with their true class and the network's top predictions. */
export function ClassificationViewer({ view }: { view: ClassificationView }) {
  const datasetNames = useStore((s) => s.dataset?.classes);
  const names = view.classNames.length > 0 ? view.classNames : (datasetNames ?? []); // the run trains on the loaded dataset
  const name = (c: number) => names[c] ?? `class ${c}`;
  const shown = useRevealed(view.items.length);
  return (
    <div data-testid="viz-classification">
      <p className="muted small">
        Held-out images with their true class and the three likeliest classes (the true one in colour). A green border and ✓: the top guess
        is right; red and ✗: it is not.
      </p>
      <div className="viz-grid">
        {view.items.slice(0, shown).map((item, i) => {
          const top = item.probs
            .map((p, c) => ({ p, c }))
            .sort((a, b) => b.p - a.p)
            .slice(0, TOP);
          const right = top[0]?.c === item.label;
          return (
            <figure key={i} className={`viz-tile ${right ? 'viz-tile--right' : 'viz-tile--wrong'}`}>
              <RgbaCanvas image={item.image} size={64} label={`Image ${i + 1}, a ${name(item.label)}`} />
              <figcaption>
                <span className="viz-mark">{right ? '✓' : '✗'}</span> {item.label >= 0 ? name(item.label) : 'unlabelled'}
              </figcaption>
              <ProbBars
                labels={top.map((t) => name(t.c))}
                probs={top.map((t) => t.p)}
                highlight={top.findIndex((t) => t.c === item.label)}
                label={`Top predictions for image ${i + 1}`}
              />
            </figure>
          );
        })}
      </div>
    </div>
  );
}
