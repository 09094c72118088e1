import { clearErrors, useStore } from '../state/store';

/** Messages shown at once: the newest; older ones are counted. */
const SHOWN = 10;

/** The page's messages since the last Dismiss (a crash, a refused setting, a link's ignored parameters…), newest last. */
export function ErrorBanner() {
  const errors = useStore((s) => s.errors);
  if (errors.length === 0) return null;
  const shown = errors.slice(-SHOWN);
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <ul>
        {errors.length > SHOWN && <li className="muted">{errors.length - SHOWN} earlier message(s)</li>}
        {shown.map((e, i) => (
          <li key={errors.length - shown.length + i}>{e}</li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={clearErrors} data-testid="dismiss-errors">
        Dismiss
      </button>
    </div>
  );
}
