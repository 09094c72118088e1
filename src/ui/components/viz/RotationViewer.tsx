import type { RotationView } from '../../../core/methods/visualization';
import { useRevealed } from '../../hooks/useRevealed';
import { ProbBars } from './ProbBars';
import { RgbaCanvas } from './RgbaCanvas';

const ANGLES = ['0°', '90°', '180°', '270°'];

/** Each image in its four rotations, with the network's probability for each angle. */
export function RotationViewer({ view }: { view: RotationView }) {
  const shown = useRevealed(view.items.length);
  return (
    <div className="viz-rotation" data-testid="viz-rotation">
      <p className="muted small">
        Each row is one held-out image turned four ways; the bars are the predicted angle, the true one highlighted. A green border: the
        most likely angle is the true one; red: it is not.
      </p>
      {view.items.slice(0, shown).map((item, i) => (
        <div key={i} className="viz-rotation__row">
          {item.rotated.map((img, k) => {
            const best = item.probs[k].indexOf(Math.max(...item.probs[k]));
            return (
              <figure key={k} className={`viz-tile ${best === k ? 'viz-tile--right' : 'viz-tile--wrong'}`}>
                <RgbaCanvas image={img} size={56} label={`Image ${i + 1} rotated ${ANGLES[k]}`} />
                <ProbBars
                  labels={ANGLES}
                  probs={item.probs[k]}
                  highlight={k}
                  label={`Predicted angle of image ${i + 1} rotated ${ANGLES[k]}`}
                />
              </figure>
            );
          })}
        </div>
      ))}
    </div>
  );
}
