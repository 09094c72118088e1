// The built-in text sample: public/sample/text.bin, written by scripts/packTextSample.mjs.
import { checkTextSet, groupOf, type TextSet } from '../core/text/textSet';
import { fetchSampleFile } from './sample';

export const TEXT_SAMPLE_FILE = 'text.bin';

/** The packed form: parallel arrays, one entry per paragraph; names are "<author>/<book>__p<n>.txt". */
export interface PackedTextSample {
  name: string;
  source: string;
  classNames: string[];
  names: string[];
  labels: number[];
  texts: string[];
}

/** Fetches and unpacks the sample (DecompressionStream: off the main thread's critical path, no library). */
export async function loadTextSample(baseUrl: string, signal?: AbortSignal): Promise<{ name: string; set: TextSet }> {
  const res = await fetchSampleFile(baseUrl, TEXT_SAMPLE_FILE, 'the text sample', signal);
  const packed = (await new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).json()) as PackedTextSample;
  return { name: packed.name, set: textSetFromPacked(packed) };
}

/** The TextSet of a packed sample, its groups (books) derived from the names; throws when its arrays disagree. */
export function textSetFromPacked(packed: PackedTextSample): TextSet {
  const set: TextSet = {
    texts: packed.texts,
    names: packed.names,
    labels: Int32Array.from(packed.labels),
    classNames: packed.classNames,
    groups: packed.names.map(groupOf),
  };
  checkTextSet(set);
  return set;
}
