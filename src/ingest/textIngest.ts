/**
 * Text ingestion: the user's .txt files (or the built-in text sample) → a TextSet, the rejected files, and what the
 * tokenizer card shows, all made in one worker (./text.worker.ts).
 *
 *   const entries = await collectFromFileList(input.files); // or collectFromDrop(items): see ./collect.ts
 *   const { set, rejected, vocabulary } = await ingestTexts(entries, { signal, onProgress });
 *   // set.classNames: first-level sub-folders, sorted; a file in the root folder is unlabelled (-1)
 *   // one .txt file alone is split into paragraphs at blank lines: "big.txt#1", "big.txt#2", …
 *   // rejected: [{ file: 'notes/cover.jpg', reason: 'not a .txt file' }, …], in path order
 *   const sample = await loadTextSampleOffThread();
 */
import type { vocabularyStats } from '../core/text/tokenizer';
import type { FileEntry } from './collect';
import type { IngestProgress } from './pool';
import { byCodeUnit, type TextEntry, type TextLoad } from './textItems';
import { isTxt } from './textValidate';

/** Vocabulary size the tokenizer card learns: the most frequent words, the rest are <unk>. */
export const VOCABULARY_SIZE = 2000;

export type VocabularySummary = ReturnType<typeof vocabularyStats>;
export type TextRequest = ({ files: TextEntry[] } | { baseUrl: string }) & { vocabularySize: number };
export type TextReply = { progress: IngestProgress } | { load: TextLoad; vocabulary: VocabularySummary } | { error: string };

export interface TextIngestOptions {
  signal?: AbortSignal;
  onProgress?: (p: IngestProgress) => void;
}

export type TextIngestResult = TextLoad & { vocabulary: VocabularySummary };

/** Whether what the user gave is text: more .txt files than anything else. */
export function looksLikeText(entries: Pick<FileEntry, 'path'>[]): boolean {
  const txt = entries.filter((e) => isTxt(e.path)).length;
  return txt > 0 && txt * 2 > entries.length;
}

export function ingestTexts(entries: FileEntry[], options: TextIngestOptions = {}): Promise<TextIngestResult> {
  const files = [...entries].sort((a, b) => byCodeUnit(a.path, b.path)).map(({ file, path, label }) => ({ file, path, label }));
  return inWorker({ files, vocabularySize: VOCABULARY_SIZE }, options);
}

export function loadTextSampleOffThread(options: TextIngestOptions = {}): Promise<TextIngestResult> {
  return inWorker({ baseUrl: new URL(import.meta.env.BASE_URL, location.href).href, vocabularySize: VOCABULARY_SIZE }, options);
}

/** One worker per load; aborting `signal` ends it and rejects with signal.reason. */
function inWorker(request: TextRequest, { signal, onProgress }: TextIngestOptions): Promise<TextIngestResult> {
  signal?.throwIfAborted();
  const worker = new Worker(new URL('./text.worker.ts', import.meta.url), { type: 'module', name: 'pretext-text' });
  const abort = () => worker.terminate();
  signal?.addEventListener('abort', abort, { once: true });
  return new Promise<TextIngestResult>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    worker.onmessage = (e: MessageEvent<TextReply>) => {
      const reply = e.data;
      if ('progress' in reply) return onProgress?.(reply.progress);
      if ('error' in reply) reject(new Error(reply.error));
      else resolve({ ...reply.load, vocabulary: reply.vocabulary });
    };
    worker.onerror = (e) => reject(new Error(`the text worker failed: ${e.message || 'unknown error'}`));
    worker.postMessage(request);
  }).finally(() => {
    signal?.removeEventListener('abort', abort);
    worker.terminate();
  });
}
