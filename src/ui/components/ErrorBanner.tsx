import { clearErrors, useStore } from '../state/store';

export function ErrorBanner() {
  const errors = useStore((s) => s.errors);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <span>{errors[errors.length - 1]}</span>
      <button type="button" className="link-button" onClick={clearErrors}>
        Dismiss
      </button>
    </div>
  );
}
