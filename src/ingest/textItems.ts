// The worker side of text ingestion, kept free of worker globals so it runs in unit tests: read the files a few MB
// at a time, validate each one (./textValidate.ts), split a lone file into paragraphs, and assemble the TextSet.
import { groupOf, type TextSet } from '../core/text/textSet';
import { FILE_READ, planBatches } from './batches';
import type { Rejection } from './ingest';
import type { IngestProgress } from './pool';
import { readFiles } from './readFiles';
import { MAX_TEXT_DATASET_BYTES, NOT_TXT, isTxt, splitParagraphs, validateText } from './textValidate';
import { checkFileSize } from './validate';

/** One file to read: what collect.ts gives, less what a worker cannot receive. */
export interface TextEntry {
  file: Blob;
  path: string;
  label: string | null;
}

/** A file's outcome: its items (one, or a lone file's paragraphs), or why it was rejected. */
export type TextOutcome = { items: string[] } | { reason: string };

export interface TextLoad {
  set: TextSet;
  rejected: Rejection[];
}

/** Reads and checks `entries` (sorted by path); a lone .txt file is split at blank lines. Throws past MAX_TEXT_DATASET_BYTES. */
export async function readTextFiles(entries: TextEntry[], onProgress?: (p: IngestProgress) => void): Promise<TextOutcome[]> {
  const total = entries.reduce((sum, e) => sum + e.file.size, 0);
  if (total > MAX_TEXT_DATASET_BYTES)
    throw new Error(`${(total / 2 ** 20).toFixed(0)} MB of files: a text dataset may have at most ${MAX_TEXT_DATASET_BYTES / 2 ** 20} MB`);
  const split = entries.length === 1;
  const outcomes: TextOutcome[] = [];
  let rejected = 0;
  for (const [start, end] of planBatches(
    entries.map((e) => e.file.size),
    FILE_READ,
  )) {
    const batch = entries.slice(start, end);
    const read = await readFiles(
      batch.map((e) => e.file),
      batch.map((e) => (isTxt(e.path) ? checkFileSize(e.file.size) : NOT_TXT)),
    );
    for (const item of read) {
      const outcome = textOutcome(item, split);
      if ('reason' in outcome) rejected++;
      outcomes.push(outcome);
    }
    onProgress?.({ done: end, total: entries.length, rejected });
  }
  return outcomes;
}

/** A file's bytes (or why they were not read) as its items: the whole text, or its paragraphs when `split`. */
function textOutcome(item: Uint8Array | string, split: boolean): TextOutcome {
  if (typeof item === 'string') return { reason: item };
  const v = validateText(item);
  if (!v.ok) return { reason: v.reason };
  return { items: split ? splitParagraphs(v.text) : [v.text.trim()] };
}

/**
 * The TextSet and the rejections from each entry's outcome (pure). Classes are the kept items' labels, sorted; a
 * split file's items are named "<path>#<n>" (from 1); groups follow groupOf (the book before "__", else the item).
 */
export function assembleTextSet(
  entries: Pick<TextEntry, 'path' | 'label'>[],
  outcomes: TextOutcome[],
  split = entries.length === 1,
): TextLoad {
  const kept = new Set<string>();
  entries.forEach((e, i) => {
    if ('items' in outcomes[i] && e.label !== null) kept.add(e.label);
  });
  const classNames = [...kept].sort(byCodeUnit);
  const classIndex = new Map(classNames.map((c, k) => [c, k]));
  const set: TextSet = { texts: [], names: [], labels: new Int32Array(0), classNames, groups: [] };
  const labels: number[] = [];
  const rejected: Rejection[] = [];
  entries.forEach((e, i) => {
    const outcome = outcomes[i];
    if ('reason' in outcome) return void rejected.push({ file: e.path, reason: outcome.reason });
    outcome.items.forEach((text, k) => {
      const name = split ? `${e.path}#${k + 1}` : e.path;
      set.texts.push(text);
      set.names.push(name);
      set.groups.push(groupOf(name));
      labels.push(e.label === null ? -1 : classIndex.get(e.label)!);
    });
  });
  set.labels = Int32Array.from(labels);
  return { set, rejected };
}

/** Code-unit order: the same in every locale (as image ingestion sorts). */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
