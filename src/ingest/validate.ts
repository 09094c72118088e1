// Pure checks on a file's bytes before anything decodes them: the format from its magic bytes, the
// pixel dimensions from its header, and the limits that keep a huge file or a decompression bomb out.

export const MB = 1024 * 1024;
/** Largest file accepted, in bytes. */
export const MAX_FILE_BYTES = 50 * MB;
/** Most pixels (width × height) accepted: a decoded RGBA bitmap this size already takes 160 MB. */
export const MAX_PIXELS = 40_000_000;

export const NOT_AN_IMAGE = 'not an image';
export const CORRUPT = 'corrupt or truncated image';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

export type Validation = { ok: true; info: ImageInfo } | { ok: false; reason: string };

/** The rejection reason for a file of this many bytes, or null when its size is acceptable. */
export function checkFileSize(size: number): string | null {
  if (size === 0) return 'empty file (0 bytes)';
  if (size > MAX_FILE_BYTES) return `too large (${(size / MB).toFixed(1)} MB > ${MAX_FILE_BYTES / MB} MB)`;
  return null;
}

/** Size, format, dimensions, pixel budget and completeness (JPEG/PNG end markers), in that order. */
export function validateImage(bytes: Uint8Array): Validation {
  const sizeReason = checkFileSize(bytes.length);
  if (sizeReason) return { ok: false, reason: sizeReason };
  const format = sniffFormat(bytes);
  if (typeof format !== 'string') return { ok: false, reason: rejectionFor(format) };
  const dims = readers[format](bytes);
  if (!dims || dims.width <= 0 || dims.height <= 0) return { ok: false, reason: CORRUPT };
  if (dims.width * dims.height > MAX_PIXELS) return { ok: false, reason: `too many pixels: ${dims.width}×${dims.height}` };
  if (!looksComplete(bytes, format)) return { ok: false, reason: CORRUPT };
  return { ok: true, info: { format, ...dims } };
}

type Unsupported = { unsupported: string };

/** The format named by the magic bytes; a recognised but unsupported one as { unsupported }; null when unknown. */
export function sniffFormat(b: Uint8Array): ImageFormat | Unsupported | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (ascii(b, 0, 2) === 'BM' && b.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(u32le(b, 14))) return 'bmp';
  if (ascii(b, 4, 8) === 'ftyp') return { unsupported: isoBrand(b) };
  if (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*') return { unsupported: 'TIFF' };
  if (/<svg[\s>]/i.test(ascii(b, 0, 4096))) return { unsupported: 'SVG' };
  return null;
}

function rejectionFor(format: Unsupported | null): string {
  return format ? `unsupported format (${format.unsupported})` : NOT_AN_IMAGE;
}

/** ISO base-media files (HEIC, AVIF, MP4 …): name the format from the major and compatible brands. */
function isoBrand(b: Uint8Array): string {
  const boxEnd = Math.min(b.length, u32be(b, 0));
  const brands: string[] = [ascii(b, 8, 12)];
  for (let i = 16; i + 4 <= boxEnd; i += 4) brands.push(ascii(b, i, i + 4));
  if (brands.some((x) => x === 'avif' || x === 'avis')) return 'AVIF';
  if (brands.some((x) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(x))) return 'HEIC';
  return `video or ISO media '${brands[0].trim()}'`;
}

type Dims = { width: number; height: number } | null;

const readers: Record<ImageFormat, (b: Uint8Array) => Dims> = {
  png: (b) => (b.length >= 24 && ascii(b, 12, 16) === 'IHDR' ? { width: u32be(b, 16), height: u32be(b, 20) } : null),
  gif: (b) => (b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : null),
  jpeg: (b) => jpegLayout(b)?.dims ?? null,
  webp: webpDims,
  bmp: (b) => {
    if (u32le(b, 14) === 12) return b.length >= 22 ? { width: u16le(b, 18), height: u16le(b, 20) } : null;
    if (b.length < 26) return null;
    return { width: i32le(b, 18), height: Math.abs(i32le(b, 22)) }; // negative height: top-down rows
  },
};

function webpDims(b: Uint8Array): Dims {
  if (b.length < 30) return null;
  switch (ascii(b, 12, 16)) {
    case 'VP8 ': // lossy: key-frame start code, then 14-bit sizes
      return startsWith(b.subarray(23), [0x9d, 0x01, 0x2a]) ? { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff } : null;
    case 'VP8L': {
      if (b[20] !== 0x2f) return null;
      const bits = u32le(b, 21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X': // extended: 24-bit canvas sizes minus one
      return { width: 1 + u24le(b, 24), height: 1 + u24le(b, 27) };
    default:
      return null;
  }
}

/** Walks JPEG marker segments to the frame header (SOF) and the first scan (SOS); null when cut short or malformed. */
function jpegLayout(b: Uint8Array): { dims: Dims; scanStart: number } | null {
  let dims: Dims = null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    while (b[i] === 0xff && i < b.length) i++; // fill bytes
    const marker = b[i++];
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // standalone markers
    if (marker === 0xd9 || i + 2 > b.length) return null; // end of image before any scan
    const length = (b[i] << 8) | b[i + 1];
    if (length < 2) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && i + 7 <= b.length) dims = { height: (b[i + 3] << 8) | b[i + 4], width: (b[i + 5] << 8) | b[i + 6] };
    if (marker === 0xda) return dims ? { dims, scanStart: i } : null;
    i += length;
  }
  return null;
}

/** JPEG: an end-of-image marker after the first scan; PNG: an IEND chunk. Trailing junk after either is tolerated. */
function looksComplete(b: Uint8Array, format: ImageFormat): boolean {
  if (format === 'jpeg') return lastIndexOf(b, [0xff, 0xd9]) > (jpegLayout(b)?.scanStart ?? b.length);
  if (format === 'png') return lastIndexOf(b, [0x49, 0x45, 0x4e, 0x44]) > 33; // "IEND" after the IHDR chunk
  return true; // GIF, WebP, BMP: a truncated body surfaces as a decode failure
}

function lastIndexOf(b: Uint8Array, seq: number[]): number {
  outer: for (let i = b.length - seq.length; i >= 0; i--) {
    for (let k = 0; k < seq.length; k++) if (b[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}

function startsWith(b: Uint8Array, seq: number[]): boolean {
  return b.length >= seq.length && seq.every((v, k) => b[k] === v);
}

function ascii(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));
}

const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32le = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
const i32le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
