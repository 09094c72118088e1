import { describe, expect, it } from 'vitest';
import { BINARY, BLANK, NOT_UTF8, looksBinary, splitParagraphs, validateText } from './textValidate';
import { MAX_FILE_BYTES } from './validate';

const bytes = (s: string) => new TextEncoder().encode(s);
const reasonOf = (b: Uint8Array) => {
  const v = validateText(b);
  return v.ok ? `ok:${v.text}` : v.reason;
};

describe('validateText', () => {
  it('keeps UTF-8 text, a byte-order mark dropped', () => {
    expect(reasonOf(bytes('Café, naïve.'))).toBe('ok:Café, naïve.');
    expect(reasonOf(Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes('hi')))).toBe('ok:hi');
  });
  it('names each rejection: empty, too large, UTF-16, binary, Latin-1, blank', () => {
    expect(reasonOf(new Uint8Array(0))).toBe('empty file (0 bytes)');
    expect(validateText({ length: MAX_FILE_BYTES + 1 } as Uint8Array)).toEqual({ ok: false, reason: 'too large (50.0 MB > 50 MB)' });
    expect(reasonOf(Uint8Array.of(0xff, 0xfe, 0x68, 0))).toBe(`${NOT_UTF8} (UTF-16)`);
    expect(reasonOf(Uint8Array.of(0x68, 0x69, 0, 0x21))).toBe(BINARY);
    expect(reasonOf(Uint8Array.of(0x43, 0x61, 0x66, 0xe9))).toBe(NOT_UTF8); // "Café" in Latin-1
    expect(reasonOf(bytes(' \n\t\r\n'))).toBe(BLANK);
  });
  it('calls many control bytes binary, a few not', () => {
    expect(looksBinary(Uint8Array.of(1, 2, 3, 0x41, 0x42))).toBe(true);
    expect(looksBinary(bytes(`page one\fpage two\u0007${'x'.repeat(20)}`))).toBe(false);
  });
});

describe('splitParagraphs', () => {
  it('splits at blank lines (also CRLF and lines of spaces), trims and drops empty paragraphs', () => {
    expect(splitParagraphs('One\nline two.\n\nTwo.\r\n  \r\nThree.\n\n\n\n')).toEqual(['One\nline two.', 'Two.', 'Three.']);
    expect(splitParagraphs('\n\n')).toEqual([]);
  });
});
