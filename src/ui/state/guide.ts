import { create } from 'zustand';

/**
 * The guided first experiment's card: open on a first visit, closed for good once dismissed (remembered in
 * localStorage), open again from the header's "Guided start". `started` says the two runs were queued from it.
 */
export interface Guide {
  open: boolean;
  started: boolean;
}

const KEY = 'pretext.guide';

const storage = (): Pick<Storage, 'getItem' | 'setItem'> | undefined => globalThis.localStorage;

export const useGuide = create<Guide>(() => ({ open: storage()?.getItem(KEY) !== 'dismissed', started: false }));

export function dismissGuide(): void {
  storage()?.setItem(KEY, 'dismissed');
  useGuide.setState({ open: false });
}

export function showGuide(): void {
  useGuide.setState({ open: true });
}

export function guideStarted(): void {
  useGuide.setState({ started: true });
}
