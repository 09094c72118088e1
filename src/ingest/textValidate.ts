// Pure checks on a text file's bytes and the split of one big text into items. The size limit and its message are
// the images' (checkFileSize); then the file must be a .txt file, not binary, UTF-8 and not blank, in that order.
import { checkFileSize } from './validate';

export const NOT_TXT = 'not a .txt file';
export const BINARY = 'binary file, not text';
export const NOT_UTF8 = 'not UTF-8 text';
export const BLANK = 'no text (only white space)';
/** Largest text dataset, all files' bytes together: its strings take about twice that in the page. */
export const MAX_TEXT_DATASET_BYTES = 256 * 1024 * 1024;

export type TextValidation = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true }); // strips a UTF-8 byte-order mark

/** Whether a path names a .txt file (any case). */
export function isTxt(path: string): boolean {
  return /\.txt$/i.test(path);
}

/** The file's text, or why it is rejected: size, binary content (NUL or many control bytes), UTF-8, white space only. */
export function validateText(bytes: Uint8Array): TextValidation {
  const sizeReason = checkFileSize(bytes.length);
  if (sizeReason) return { ok: false, reason: sizeReason };
  if (isUtf16(bytes)) return { ok: false, reason: `${NOT_UTF8} (UTF-16)` };
  if (looksBinary(bytes)) return { ok: false, reason: BINARY };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: NOT_UTF8 };
  }
  return text.trim() === '' ? { ok: false, reason: BLANK } : { ok: true, text };
}

function isUtf16(b: Uint8Array): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

/** A NUL byte, or more than 1 in 10 control bytes other than tab, line feed, form feed and carriage return, in the first 8 KB. */
export function looksBinary(b: Uint8Array): boolean {
  const head = b.subarray(0, 8192);
  let control = 0;
  for (const c of head) {
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) control++;
  }
  return control * 10 > head.length;
}

/** The paragraphs of a text: runs of lines between blank lines, trimmed; blank ones dropped. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
