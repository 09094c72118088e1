import type { JigsawView } from '../../../core/methods/visualization';
import { useRevealed } from '../../hooks/useRevealed';
import { RgbaCanvas } from './RgbaCanvas';

/** Shuffled tiles → the permutation the network guesses → the image put back together that way. */
export function JigsawViewer({ view }: { view: JigsawView }) {
  const shown = useRevealed(view.items.length);
  return (
    <div className="viz-jigsaw" data-testid="viz-jigsaw">
      <p className="muted small">
        The network sees the tiles in shuffled order and names the shuffle; putting the tiles back by its guess shows whether it understood
        the object. ✓ in green: the whole shuffle is right; ✗ in red: it is not, and the cells it placed wrongly are outlined in red.
      </p>
      {view.items.slice(0, shown).map((item, i) => {
        const side = Math.round(Math.sqrt(item.tiles.length));
        return (
          <div key={i} className={`viz-jigsaw__row ${item.correct ? 'viz-tile--right' : 'viz-tile--wrong'}`}>
            <figure>
              <div className="viz-jigsaw__tiles" style={{ gridTemplateColumns: `repeat(${side}, auto)` }}>
                {item.tiles.map((t, k) => (
                  <RgbaCanvas key={k} image={t} size={22} label={`Puzzle ${i + 1}, tile ${k + 1} as shown`} />
                ))}
              </div>
              <figcaption>Shuffled tiles</figcaption>
            </figure>
            <figure>
              <ol
                className="viz-jigsaw__perm"
                style={{ gridTemplateColumns: `repeat(${side}, 1.4rem)` }}
                aria-label={`Predicted cell of each tile, puzzle ${i + 1}`}
              >
                {item.predictedPerm.map((cell, k) => (
                  <li key={k} className={cell === item.truePerm[k] ? undefined : 'viz-jigsaw__miss'}>
                    {cell}
                  </li>
                ))}
              </ol>
              <figcaption>Predicted cells (true: {item.truePerm.join(' ')})</figcaption>
            </figure>
            <figure>
              <RgbaCanvas image={item.reassembled} size={72} label={`Puzzle ${i + 1} re-assembled by the prediction`} />
              <figcaption>
                <span className="viz-mark">{item.correct ? '✓ right' : '✗ wrong'}</span>
              </figcaption>
            </figure>
            <figure>
              <RgbaCanvas image={item.original} size={72} label={`Puzzle ${i + 1} original`} />
              <figcaption>Original</figcaption>
            </figure>
          </div>
        );
      })}
    </div>
  );
}
