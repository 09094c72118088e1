import { useStore } from '../state/store';

/** While a user action waits for the training worker to start (or restart): what waits, and that it will go on. */
export function Preparing() {
  const what = useStore((s) => s.preparing);
  if (!what) return null;
  return (
    <p className="preparing" role="status" data-testid="preparing">
      Preparing the training worker… {what} will go on as soon as it is ready.
    </p>
  );
}
