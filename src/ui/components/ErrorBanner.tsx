import { useLab } from '../state/labStore';

export function ErrorBanner() {
  const errors = useLab((s) => s.errors);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <span>{errors[errors.length - 1]}</span>
      <button type="button" className="link-button" onClick={() => useLab.setState({ errors: [] })}>
        Dismiss
      </button>
    </div>
  );
}
