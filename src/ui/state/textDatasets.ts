// The page's text dataset, apart from the image one (the store in ./store.ts): loaded from the built-in text sample
// or the user's .txt files in the text worker (ingest/textIngest.ts). The newest load asked for wins.
import { create } from 'zustand';
import type { TextSet } from '../../core/text/textSet';
import { errorMessage } from '../../core/errors';
import { datasetName, type FileEntry } from '../../ingest/collect';
import type { IngestProgress } from '../../ingest/pool';
import {
  ingestTexts,
  loadTextSampleOffThread,
  looksLikeText,
  type TextIngestOptions,
  type TextIngestResult,
  type VocabularySummary,
} from '../../ingest/textIngest';
import { app } from './app';
import { reportError, type Rejection } from './store';

export interface TextDataset {
  name: string;
  set: TextSet;
  rejected: Rejection[];
  vocabulary: VocabularySummary;
}

export interface TextDatasetState {
  text: TextDataset | null; // shown in the dataset panel in place of the images while set
  progress: IngestProgress | null; // non-null while files are read
  loading: string | null; // the name of what is loading
}

export const useTextStore = create<TextDatasetState>(() => ({ text: null, progress: null, loading: null }));

let current: AbortController | null = null;

/** The built-in text sample: paragraphs by five authors, class = author. */
export function loadTextSample(): Promise<void> {
  return load('the text sample', (o) => loadTextSampleOffThread(o).then((r) => ({ ...r, name: 'Text sample' })));
}

/** The user's .txt files (a folder: sub-folders are classes; one file alone: its paragraphs are the items). */
export function loadTextEntries(entries: FileEntry[], name: string): Promise<void> {
  return load(`“${name}”`, (o) => ingestTexts(entries, o).then((r) => ({ ...r, name })));
}

/** A folder or files the user gave: read as text when most are .txt files, else decoded as images. */
export function loadPicked(entries: FileEntry[], resolution?: number): Promise<void> {
  if (looksLikeText(entries))
    return loadTextEntries(entries, entries.length === 1 ? entries[0].path.split('/').pop()! : datasetName(entries));
  clearText();
  return app.datasets.loadEntries(entries, datasetName(entries), resolution);
}

export function cancelTextLoad(): void {
  current?.abort();
}

/** Back to the image dataset: the text one is dropped. */
export function clearText(): void {
  current?.abort();
  useTextStore.setState({ text: null, progress: null, loading: null });
}

/** Items and groups (books) per class: a split by group keeps each book on one side. */
export function classTable(set: TextSet): { name: string; items: number; groups: number }[] {
  const rows = set.classNames.map((name) => ({ name, items: 0, groups: new Set<string>() }));
  set.labels.forEach((l, i) => {
    if (l < 0) return;
    rows[l].items++;
    rows[l].groups.add(set.groups[i]);
  });
  return rows.map((r) => ({ name: r.name, items: r.items, groups: r.groups.size }));
}

async function load(what: string, run: (o: TextIngestOptions) => Promise<TextIngestResult & { name: string }>): Promise<void> {
  current?.abort();
  const abort = (current = new AbortController());
  useTextStore.setState({ progress: null, loading: what });
  try {
    const { name, set, rejected, vocabulary } = await run({
      signal: abort.signal,
      onProgress: (progress) => useTextStore.setState({ progress }),
    });
    useTextStore.setState({ text: { name, set, rejected, vocabulary } });
    void app.text.shown(name, set).catch((e: unknown) => reportError(`Listing the saved text runs failed: ${errorMessage(e)}`));
    if (set.texts.length === 0) reportError(`No usable text in ${what}: ${rejected.length} file(s) were rejected (see the list).`);
  } catch (e) {
    if (!abort.signal.aborted) reportError(`Loading ${what} failed: ${errorMessage(e)}`);
  } finally {
    if (current === abort) useTextStore.setState({ progress: null, loading: null });
  }
}
