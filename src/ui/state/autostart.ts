/** Where the links this browser has autostarted are kept (the newest KEEP of them). */
const KEY = 'pretext:autostarted';
const KEEP = 100;

/**
 * Whether `link` (an experiment's query) may start its methods by itself: only the first time this browser opens it.
 * A reload of an autostart link must not start a second copy beside the run it restores (interrupted, resumable);
 * the page says so and Train selected trains it again. Without localStorage every opening counts as the first.
 */
export function firstAutostart(link: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): boolean {
  if (!storage) return true;
  let seen: string[] = [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    if (Array.isArray(parsed)) seen = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    // unreadable: start afresh
  }
  if (seen.includes(link)) return false;
  try {
    storage.setItem(KEY, JSON.stringify([...seen, link].slice(-KEEP)));
  } catch {
    // full or refused: the link still starts
  }
  return true;
}
