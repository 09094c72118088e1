import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORRUPT, MAX_FILE_BYTES, MB, checkFileSize, validateImage } from './validate';

const fixtures = join(__dirname, '../../e2e/fixtures');
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
const jpeg = () => read('folder/airplane/0000.jpg');

function reasonOf(bytes: Uint8Array): string {
  const v = validateImage(bytes);
  return v.ok ? 'ok' : v.reason;
}

/** A RIFF/WEBP container whose first chunk is `chunk`; `payload` starts after the chunk's size field (byte 20). */
function webp(chunk: string, payload: number[]): Uint8Array {
  const b = new Uint8Array(40);
  b.set(
    [...'RIFF'].map((c) => c.charCodeAt(0)),
    0,
  );
  b.set(
    [...`WEBP${chunk}`].map((c) => c.charCodeAt(0)),
    8,
  );
  b.set(payload, 20);
  return b;
}

describe('validateImage on real files', () => {
  it('reads the format and size of good JPEG, PNG and BMP files', () => {
    expect(validateImage(jpeg())).toEqual({ ok: true, info: { format: 'jpeg', width: 32, height: 32 } });
    expect(validateImage(read('mixed/airplane/wide.png'))).toEqual({ ok: true, info: { format: 'png', width: 48, height: 32 } });
    expect(validateImage(read('mixed/airplane/tall.bmp'))).toEqual({ ok: true, info: { format: 'bmp', width: 20, height: 30 } });
  });

  it('gives every file of the mixed fixture the outcome the fixture manifest expects', () => {
    const expected = JSON.parse(readFileSync(join(fixtures, 'mixed.expected.json'), 'utf8')) as Record<string, string>;
    const outcomes = Object.fromEntries(Object.keys(expected).map((p) => [p, reasonOf(read(`mixed/${p}`))]));
    expect(outcomes).toEqual(expected);
    expect(new Set(Object.values(expected)).size).toBeGreaterThanOrEqual(6); // ok + five distinct reasons
  });

  it('rejects a JPEG that lost only its end marker, but tolerates trailing bytes after it', () => {
    const full = jpeg();
    expect(reasonOf(full.subarray(0, full.length - 2))).toBe(CORRUPT);
    expect(reasonOf(new Uint8Array([...full, 0, 0, 0, 0]))).toBe('ok');
  });

  it('catches a decompression bomb from a JPEG frame header before decoding', () => {
    const b = jpeg().slice();
    const sof = b.findIndex((v, i) => v === 0xff && b[i + 1] === 0xc0);
    expect(sof).toBeGreaterThan(0);
    b.set([0x27, 0x10, 0x4e, 0x20], sof + 5); // height 10000, width 20000
    expect(reasonOf(b)).toBe('too many pixels: 20000×10000');
  });
});

describe('validateImage on format headers', () => {
  it('reads GIF logical screen sizes', () => {
    const gif = new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([0x40, 0x01, 0xf0, 0x00, 0, 0, 0]));
    expect(validateImage(gif)).toEqual({ ok: true, info: { format: 'gif', width: 320, height: 240 } });
  });

  it('reads lossy, lossless and extended WebP sizes', () => {
    expect(validateImage(webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00]))).toMatchObject({
      info: { format: 'webp', width: 320, height: 240 },
    });
    // VP8L: 14-bit width-1 then 14-bit height-1 → 100 × 50
    const bits = 99 | (49 << 14);
    expect(validateImage(webp('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, 0]))).toMatchObject({
      info: { width: 100, height: 50 },
    });
    // VP8X: 24-bit canvas width-1 and height-1 → 8000 × 6000 = 48 MP
    expect(reasonOf(webp('VP8X', [0, 0, 0, 0, 0x3f, 0x1f, 0, 0x6f, 0x17, 0]))).toBe('too many pixels: 8000×6000');
  });

  it('names unsupported formats and non-images distinctly', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const ftyp = (brand: string) => new Uint8Array([0, 0, 0, 16, ...text(`ftyp${brand}\0\0\0\0`)]);
    expect(reasonOf(ftyp('heic'))).toBe('unsupported format (HEIC)');
    expect(reasonOf(ftyp('avif'))).toBe('unsupported format (AVIF)');
    expect(reasonOf(new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]))).toBe('unsupported format (TIFF)');
    expect(reasonOf(text('\uFEFF  <svg viewBox="0 0 1 1"></svg>'))).toBe('unsupported format (SVG)');
    expect(reasonOf(text('BM but just a text file'))).toBe('not an image');
    expect(reasonOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe(CORRUPT);
  });

  it('rejects empty and oversized files by size alone', () => {
    expect(checkFileSize(0)).toBe('empty file (0 bytes)');
    expect(checkFileSize(MAX_FILE_BYTES)).toBeNull();
    expect(checkFileSize(63.25 * MB)).toBe('too large (63.3 MB > 50 MB)');
  });
});
