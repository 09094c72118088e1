// SIMD128 training kernels for tfjs-wasm, run in place on its heap: the module imports tfjs-wasm's own memory and
// every pointer is a tensor's (or scratch's) offset in it. float32, NHWC. Leaf functions with scalar and v128
// locals only: no static data and no shadow stack, so nothing here touches memory tfjs did not hand over.
// Build: scripts/buildKernels.sh (clang --target=wasm32 -msimd128).

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

typedef float f32;

INLINE int min_i(int a, int b) { return a < b ? a : b; }
INLINE int max_i(int a, int b) { return a > b ? a : b; }
/** ⌊a / b⌋ for b > 0 and any sign of a. */
INLINE int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/** Output rows [*lo, *hi) whose tap at offset `off` (= k − pad) lands inside [0, size): o·s + off ∈ [0, size). */
INLINE void tap_range(int size, int out, int s, int off, int *lo, int *hi) {
  *lo = max_i(0, floor_div(-off + s - 1, s));
  *hi = min_i(out, floor_div(size - 1 - off, s) + 1);
}

static void zero(f32 *p, int n) {
  for (int i = 0; i < n; i++) p[i] = 0;
}

// ---- Conv2DBackpropFilter ------------------------------------------------------------------------------------
// dw[ky, kx, c, o] = Σ_{b, oy, ox} x[b, oy·sh + ky − top, ox·sw + kx − left, c] · dy[b, oy, ox, o].
// For each tap (ky, kx), a tile of nci input channels × nco output channels (≤ 4 × 8) is summed in registers
// over the pixels whose tap is inside x, one group of images at a time (their x and dy stay in cache).

typedef struct {
  int h, w, ci, oh, ow, co, sh, sw;
} ConvShape;

/** The tile's sum over images [b0, b1), rows [y0, y1), cols [x0, x1), added to dw (row stride co). */
INLINE void filter_tile(const f32 *x, const f32 *dy, f32 *dw, const ConvShape *s, int b0, int b1, int y0, int y1,
                        int x0, int x1, int nci, int nco) {
  v128_t a0[4], a1[4];
  for (int j = 0; j < nci; j++) {
    a0[j] = wasm_v128_load(dw + j * s->co);
    if (nco == 8) a1[j] = wasm_v128_load(dw + j * s->co + 4);
  }
  for (int b = b0; b < b1; b++)
    for (int y = y0; y < y1; y++) {
      const f32 *xp = x + ((b * s->h + y * s->sh) * s->w + x0 * s->sw) * s->ci;
      const f32 *dp = dy + ((b * s->oh + y) * s->ow + x0) * s->co;
      for (int i = x0; i < x1; i++, xp += s->sw * s->ci, dp += s->co) {
        v128_t d0 = wasm_v128_load(dp), d1 = nco == 8 ? wasm_v128_load(dp + 4) : d0;
        for (int j = 0; j < nci; j++) {
          v128_t v = wasm_v128_load32_splat(xp + j);
          a0[j] = wasm_f32x4_add(a0[j], wasm_f32x4_mul(v, d0));
          if (nco == 8) a1[j] = wasm_f32x4_add(a1[j], wasm_f32x4_mul(v, d1));
        }
      }
    }
  for (int j = 0; j < nci; j++) {
    wasm_v128_store(dw + j * s->co, a0[j]);
    if (nco == 8) wasm_v128_store(dw + j * s->co + 4, a1[j]);
  }
}

/** The output channels past the last multiple of 4, one scalar sum each. */
INLINE void filter_tail(const f32 *x, const f32 *dy, f32 *dw, const ConvShape *s, int b0, int b1, int y0, int y1,
                        int x0, int x1, int o0) {
  for (int c = 0; c < s->ci; c++)
    for (int o = o0; o < s->co; o++) {
      f32 sum = dw[c * s->co + o];
      for (int b = b0; b < b1; b++)
        for (int y = y0; y < y1; y++) {
          const f32 *xp = x + ((b * s->h + y * s->sh) * s->w + x0 * s->sw) * s->ci + c;
          const f32 *dp = dy + ((b * s->oh + y) * s->ow + x0) * s->co + o;
          for (int i = x0; i < x1; i++, xp += s->sw * s->ci, dp += s->co) sum += *xp * *dp;
        }
      dw[c * s->co + o] = sum;
    }
}

#define FILTER_TILE(nci, nco) filter_tile(xt + c, dy + o, dwt + c * s.co + o, &s, b0, b1, y0, y1, x0, x1, nci, nco)

/** Images per group: about 96 KiB of x and dy together, at least one. */
INLINE int image_group(const ConvShape *s) {
  int bytes = 4 * (s->h * s->w * s->ci + s->oh * s->ow * s->co);
  return max_i(1, (96 << 10) / bytes);
}

EXPORT(conv2d_backprop_filter)
void conv2d_backprop_filter(const f32 *x, const f32 *dy, f32 *dw, int batch, int h, int w, int ci, int oh, int ow,
                            int co, int kh, int kw, int sh, int sw, int top, int left) {
  ConvShape s = {h, w, ci, oh, ow, co, sh, sw};
  zero(dw, kh * kw * ci * co);
  int group = image_group(&s), co4 = co & ~3;
  for (int b0 = 0; b0 < batch; b0 += group) {
    int b1 = min_i(batch, b0 + group);
    for (int ky = 0; ky < kh; ky++)
      for (int kx = 0; kx < kw; kx++) {
        int y0, y1, x0, x1;
        tap_range(h, oh, sh, ky - top, &y0, &y1);
        tap_range(w, ow, sw, kx - left, &x0, &x1);
        if (y0 >= y1 || x0 >= x1) continue;
        // x shifted to the tap: pixel (oy, ox) of the sums reads xt at (oy·sh, ox·sw).
        const f32 *xt = x + ((ky - top) * w + (kx - left)) * ci;
        f32 *dwt = dw + (ky * kw + kx) * ci * co;
        for (int c = 0; c < ci; c += 4) {
          int nci = min_i(4, ci - c), o = 0;
          for (; o + 8 <= co4; o += 8) {
            switch (nci) {
              case 4: FILTER_TILE(4, 8); break;
              case 3: FILTER_TILE(3, 8); break;
              case 2: FILTER_TILE(2, 8); break;
              default: FILTER_TILE(1, 8);
            }
          }
          if (o < co4) {
            switch (nci) {
              case 4: FILTER_TILE(4, 4); break;
              case 3: FILTER_TILE(3, 4); break;
              case 2: FILTER_TILE(2, 4); break;
              default: FILTER_TILE(1, 4);
            }
          }
        }
        if (co4 < co) filter_tail(xt, dy, dwt, &s, b0, b1, y0, y1, x0, x1, co4);
      }
  }
}

// ---- MaxPoolGrad and AvgPoolGrad ----------------------------------------------------------------------------
// Max: dx[argmax of each window] += dy, tfjs-cpu's semantics: the running maximum starts at −∞ and a tap wins only
// when strictly greater, so the first maximal tap (row-major) takes the gradient and a window of NaN or −∞ gives
// none. Average: dx[tap] += dy / (fh·fw) for every in-bounds tap, tfjs-cpu's semantics too, which divide by the
// whole filter's size even where padding cuts the window.

typedef struct {
  int h, w, c;
} Image;

/** The max-pool gradient of one window: in-bounds rows ny × cols nx from pixel `base`, its dy g. */
INLINE void max_window(const f32 *x, const f32 *g, f32 *dx, const Image *im, int base, int ny, int nx) {
  int c = im->c, c4 = c & ~3;
  for (int k = 0; k < c4; k += 4) {
    v128_t best = wasm_f32x4_splat(-__builtin_inff()), at = wasm_i32x4_splat(-1);
    for (int i = 0; i < ny; i++)
      for (int j = 0; j < nx; j++) {
        v128_t v = wasm_v128_load(x + (base + i * im->w + j) * c + k);
        v128_t gt = wasm_f32x4_gt(v, best);
        best = wasm_v128_bitselect(v, best, gt);
        at = wasm_v128_bitselect(wasm_i32x4_splat(i * nx + j), at, gt);
      }
    v128_t d = wasm_v128_load(g + k);
    for (int i = 0; i < ny; i++)
      for (int j = 0; j < nx; j++) {
        f32 *p = dx + (base + i * im->w + j) * c + k;
        v128_t mine = wasm_i32x4_eq(at, wasm_i32x4_splat(i * nx + j));
        wasm_v128_store(p, wasm_f32x4_add(wasm_v128_load(p), wasm_v128_and(d, mine)));
      }
  }
  for (int k = c4; k < c; k++) {
    f32 best = -__builtin_inff();
    int at = -1;
    for (int i = 0; i < ny; i++)
      for (int j = 0; j < nx; j++) {
        f32 v = x[(base + i * im->w + j) * c + k];
        if (v > best) best = v, at = (base + i * im->w + j) * c + k;
      }
    if (at >= 0) dx[at] += g[k];
  }
}

/**
 * max_window for a 2×2 window that tiles the image (the encoder's pooling), unrolled: taps p, p + c, p + w·c,
 * p + (w + 1)·c. It is the only window over its taps, so each is written, not added to: dx needs no zeroing first.
 */
INLINE void max_window_2x2(const f32 *x, const f32 *g, f32 *dx, const Image *im, int base) {
  int c = im->c, c4 = c & ~3;
  int t0 = base * c, t1 = t0 + c, t2 = t0 + im->w * c, t3 = t2 + c;
  for (int k = 0; k < c4; k += 4) {
    v128_t v0 = wasm_v128_load(x + t0 + k), v1 = wasm_v128_load(x + t1 + k);
    v128_t v2 = wasm_v128_load(x + t2 + k), v3 = wasm_v128_load(x + t3 + k);
    // the first strictly greatest tap wins, as in max_window; none where all four are NaN or −∞
    v128_t w0 = wasm_f32x4_gt(v0, wasm_f32x4_splat(-__builtin_inff()));
    v128_t best = wasm_v128_bitselect(v0, wasm_f32x4_splat(-__builtin_inff()), w0);
    v128_t w1 = wasm_f32x4_gt(v1, best);
    best = wasm_v128_bitselect(v1, best, w1);
    v128_t w2 = wasm_f32x4_gt(v2, best);
    best = wasm_v128_bitselect(v2, best, w2);
    v128_t w3 = wasm_f32x4_gt(v3, best);
    w2 = wasm_v128_andnot(w2, w3);
    w1 = wasm_v128_andnot(wasm_v128_andnot(w1, w3), w2);
    w0 = wasm_v128_andnot(wasm_v128_andnot(wasm_v128_andnot(w0, w3), w2), w1);
    v128_t d = wasm_v128_load(g + k);
    wasm_v128_store(dx + t0 + k, wasm_v128_and(d, w0));
    wasm_v128_store(dx + t1 + k, wasm_v128_and(d, w1));
    wasm_v128_store(dx + t2 + k, wasm_v128_and(d, w2));
    wasm_v128_store(dx + t3 + k, wasm_v128_and(d, w3));
  }
  for (int k = c4; k < c; k++) {
    f32 best = -__builtin_inff();
    int at = -1;
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        int tap = t0 + (i * im->w + j) * c + k;
        dx[tap] = 0;
        if (x[tap] > best) best = x[tap], at = tap;
      }
    if (at >= 0) dx[at] = g[k];
  }
}

/** The average-pool gradient of one window: g · scale added to each of its taps. */
INLINE void avg_window(const f32 *g, f32 *dx, const Image *im, int base, int ny, int nx, f32 scale) {
  int c = im->c, c4 = c & ~3;
  v128_t vscale = wasm_f32x4_splat(scale);
  for (int i = 0; i < ny; i++)
    for (int j = 0; j < nx; j++) {
      f32 *p = dx + (base + i * im->w + j) * c;
      for (int k = 0; k < c4; k += 4)
        wasm_v128_store(p + k, wasm_f32x4_add(wasm_v128_load(p + k), wasm_f32x4_mul(wasm_v128_load(g + k), vscale)));
      for (int k = c4; k < c; k++) p[k] += g[k] * scale;
    }
}

/** dx of a max (x given) or average (avg) pool, window by window. */
INLINE void pool_grad(const f32 *x, const f32 *dy, f32 *dx, int batch, int h, int w, int c, int oh, int ow, int fh,
                      int fw, int sh, int sw, int top, int left, int avg) {
  Image im = {h, w, c};
  // 2×2 windows that tile the image (stride 2, even sides, no padding): every tap in one window, written once
  int tiling = !avg && fh == 2 && fw == 2 && sh == 2 && sw == 2 && top == 0 && left == 0 && oh * 2 == h && ow * 2 == w;
  if (!tiling) zero(dx, batch * h * w * c);
  for (int b = 0; b < batch; b++)
    for (int oy = 0; oy < oh; oy++) {
      int ya = max_i(0, oy * sh - top), yb = min_i(h, oy * sh - top + fh);
      for (int ox = 0; ox < ow; ox++) {
        int xa = max_i(0, ox * sw - left), xb = min_i(w, ox * sw - left + fw);
        const f32 *g = dy + ((b * oh + oy) * ow + ox) * c;
        int base = (b * h + ya) * w + xa; // the window's first in-bounds pixel
        if (avg) avg_window(g, dx, &im, base, yb - ya, xb - xa, 1.0f / (f32)(fh * fw));
        else if (tiling) max_window_2x2(x, g, dx, &im, base);
        else max_window(x, g, dx, &im, base, yb - ya, xb - xa);
      }
    }
}

EXPORT(max_pool_grad)
void max_pool_grad(const f32 *x, const f32 *dy, f32 *dx, int batch, int h, int w, int c, int oh, int ow, int fh,
                   int fw, int sh, int sw, int top, int left) {
  pool_grad(x, dy, dx, batch, h, w, c, oh, ow, fh, fw, sh, sw, top, left, 0);
}

EXPORT(avg_pool_grad)
void avg_pool_grad(const f32 *dy, f32 *dx, int batch, int h, int w, int c, int oh, int ow, int fh, int fw, int sh,
                   int sw, int top, int left) {
  pool_grad(0, dy, dx, batch, h, w, c, oh, ow, fh, fw, sh, sw, top, left, 1);
}

// ---- Conv2DBackpropInput -------------------------------------------------------------------------------------
// dx[b, iy, ix, c] = Σ_{ky, kx, o} dy[b, oy, ox, o] · w[ky, kx, c, o] over the taps with iy = oy·sh + ky − top and
// ix = ox·sw + kx − left. Summed in registers for a tile of up to 4 pixels (sw apart: the same taps reach them,
// from consecutive dy pixels) × up to 8 channels, from wt = w with its channel axes swapped, ci padded to 4.

typedef struct {
  int h, w, ci, ci4, oh, ow, co, kh, kw, sh, sw, top, left;
} BackShape;

/** wt[t, o, c] = w[t, c, o], zero for c in [ci, ci4). */
INLINE void swap_filter_channels(const f32 *w, f32 *wt, const BackShape *s) {
  for (int t = 0; t < s->kh * s->kw; t++)
    for (int o = 0; o < s->co; o++)
      for (int c = 0; c < s->ci4; c++) wt[(t * s->co + o) * s->ci4 + c] = c < s->ci ? w[(t * s->ci + c) * s->co + o] : 0;
}

/** Stores the first n (1–4) lanes of v. */
INLINE void store_lanes(f32 *p, v128_t v, int n) {
  if (n == 4) wasm_v128_store(p, v);
  else {
    if (n >= 2) wasm_v128_store64_lane(p, v, 0);
    else wasm_v128_store32_lane(p, v, 0);
    if (n == 3) wasm_v128_store32_lane(p + 2, v, 2);
  }
}

/**
 * np pixels (1–4) of row iy from ix, sw apart, and channels [c, c + nc) with nc ≤ 8. Every tap that reaches the
 * first pixel must reach all np from inside dy (row_inside); the taps of a single pixel are all checked.
 */
INLINE void input_tile(const f32 *dy, const f32 *wt, f32 *dx, const BackShape *s, int b, int iy, int ix, int c, int nc,
                       int np) {
  v128_t a0[4], a1[4];
  for (int j = 0; j < np; j++) a0[j] = a1[j] = wasm_f32x4_splat(0);
  for (int ky = 0; ky < s->kh; ky++) {
    int ty = iy + s->top - ky;
    if (ty < 0 || ty % s->sh) continue;
    int oy = ty / s->sh;
    if (oy >= s->oh) continue;
    for (int kx = 0; kx < s->kw; kx++) {
      int tx = ix + s->left - kx;
      if (tx < 0 || tx % s->sw) continue;
      int ox = tx / s->sw;
      if (ox + np > s->ow) continue;
      const f32 *d = dy + ((b * s->oh + oy) * s->ow + ox) * s->co;
      const f32 *wp = wt + (ky * s->kw + kx) * s->co * s->ci4 + c;
      for (int o = 0; o < s->co; o++, wp += s->ci4) {
        v128_t w0 = wasm_v128_load(wp), w1 = nc > 4 ? wasm_v128_load(wp + 4) : w0;
        for (int j = 0; j < np; j++) {
          v128_t v = wasm_v128_load32_splat(d + j * s->co + o);
          a0[j] = wasm_f32x4_add(a0[j], wasm_f32x4_mul(v, w0));
          if (nc > 4) a1[j] = wasm_f32x4_add(a1[j], wasm_f32x4_mul(v, w1));
        }
      }
    }
  }
  for (int j = 0; j < np; j++) {
    f32 *p = dx + ((b * s->h + iy) * s->w + ix + j * s->sw) * s->ci + c;
    store_lanes(p, a0[j], min_i(nc, 4));
    if (nc > 4) store_lanes(p + 4, a1[j], nc - 4);
  }
}

/** Whether np pixels from ix, sw apart, are in the row and all get every tap the first one gets, from inside dy. */
INLINE int row_inside(const BackShape *s, int ix, int np) {
  if (ix + (np - 1) * s->sw >= s->w) return 0;
  for (int kx = 0; kx < s->kw; kx++) {
    int tx = ix + s->left - kx;
    if (tx % s->sw == 0 && (tx < 0 || tx / s->sw + np > s->ow)) return 0;
  }
  return 1;
}

#define INPUT_TILE(np) (nc == 8 ? input_tile(dy, wt, dx, s, b, iy, ix, c, 8, np) : input_tile(dy, wt, dx, s, b, iy, ix, c, nc, np))

/** Channels [c, c + nc) of every pixel of row iy, in tiles of as many pixels (≤ 4) as share their taps. */
INLINE void input_row(const f32 *dy, const f32 *wt, f32 *dx, const BackShape *s, int b, int iy, int c, int nc) {
  for (int r = 0; r < s->sw && r < s->w; r++)
    for (int ix = r; ix < s->w;) {
      int np = row_inside(s, ix, 4) ? 4 : row_inside(s, ix, 3) ? 3 : row_inside(s, ix, 2) ? 2 : 1;
      switch (np) {
        case 4: INPUT_TILE(4); break;
        case 3: INPUT_TILE(3); break;
        case 2: INPUT_TILE(2); break;
        default: INPUT_TILE(1);
      }
      ix += np * s->sw;
    }
}

EXPORT(conv2d_backprop_input)
void conv2d_backprop_input(const f32 *dy, const f32 *w, f32 *wt, f32 *dx, int batch, int h, int wd, int ci, int oh,
                           int ow, int co, int kh, int kw, int sh, int sw, int top, int left) {
  BackShape s = {h, wd, ci, (ci + 3) & ~3, oh, ow, co, kh, kw, sh, sw, top, left};
  swap_filter_channels(w, wt, &s);
  for (int b = 0; b < batch; b++)
    for (int iy = 0; iy < h; iy++)
      for (int c = 0; c < ci; c += 8) input_row(dy, wt, dx, &s, b, iy, c, min_i(8, ci - c));
}

// ---- Reverse -------------------------------------------------------------------------------------------------
// dst[o, i, :] = src[o, n − 1 − i, :] for x seen as [outer, n, inner]: one run of adjacent reversed axes.

EXPORT(reverse_axis)
void reverse_axis(const f32 *src, f32 *dst, int outer, int n, int inner) {
  for (int o = 0; o < outer; o++)
    for (int i = 0; i < n; i++) {
      const f32 *from = src + (o * n + n - 1 - i) * inner;
      f32 *to = dst + (o * n + i) * inner;
      int k = 0;
      for (; k + 4 <= inner; k += 4) wasm_v128_store(to + k, wasm_v128_load(from + k));
      for (; k < inner; k++) to[k] = from[k];
    }
}

// ---- Add, Sub, Multiply with a broadcast operand -----------------------------------------------------------------
// out[p, q, r] = big[p, q, r] ∘ small[p, r] (small repeated along q): same shapes (q = 1), a bias [c] (p = 1), a
// per-sample statistic [b, 1, 1, c]. small_first: out = small ∘ big (matters for Sub only).

enum { OP_ADD, OP_SUB, OP_MUL };

INLINE v128_t apply_v(int op, v128_t x, v128_t y) {
  return op == OP_ADD ? wasm_f32x4_add(x, y) : op == OP_SUB ? wasm_f32x4_sub(x, y) : wasm_f32x4_mul(x, y);
}

INLINE f32 apply_s(int op, f32 x, f32 y) { return op == OP_ADD ? x + y : op == OP_SUB ? x - y : x * y; }

INLINE void binary_loop(const f32 *big, const f32 *small, f32 *out, int np, int nq, int nr, int op, int small_first) {
  int r4 = nr & ~3;
  for (int p = 0; p < np; p++) {
    const f32 *s = small + p * nr;
    for (int q = 0; q < nq; q++) {
      int at = (p * nq + q) * nr;
      const f32 *x = big + at;
      f32 *o = out + at;
      for (int r = 0; r < r4; r += 4) {
        v128_t a = wasm_v128_load(x + r), b = wasm_v128_load(s + r);
        wasm_v128_store(o + r, small_first ? apply_v(op, b, a) : apply_v(op, a, b));
      }
      for (int r = r4; r < nr; r++) o[r] = small_first ? apply_s(op, s[r], x[r]) : apply_s(op, x[r], s[r]);
    }
  }
}

/** One small value per p (nr = 1), repeated along q: vectors along q. */
INLINE void binary_splat(const f32 *big, const f32 *small, f32 *out, int np, int nq, int op, int small_first) {
  int q4 = nq & ~3;
  for (int p = 0; p < np; p++) {
    v128_t b = wasm_v128_load32_splat(small + p);
    const f32 *x = big + p * nq;
    f32 *o = out + p * nq;
    for (int q = 0; q < q4; q += 4) {
      v128_t a = wasm_v128_load(x + q);
      wasm_v128_store(o + q, small_first ? apply_v(op, b, a) : apply_v(op, a, b));
    }
    for (int q = q4; q < nq; q++) o[q] = small_first ? apply_s(op, small[p], x[q]) : apply_s(op, x[q], small[p]);
  }
}

EXPORT(binary_broadcast)
void binary_broadcast(const f32 *big, const f32 *small, f32 *out, int np, int nq, int nr, int op, int small_first) {
  if (nr == 1) {
    if (op == OP_ADD) binary_splat(big, small, out, np, nq, OP_ADD, 0);
    else if (op == OP_MUL) binary_splat(big, small, out, np, nq, OP_MUL, 0);
    else if (small_first) binary_splat(big, small, out, np, nq, OP_SUB, 1);
    else binary_splat(big, small, out, np, nq, OP_SUB, 0);
  } else if (op == OP_ADD) binary_loop(big, small, out, np, nq, nr, OP_ADD, 0);
  else if (op == OP_MUL) binary_loop(big, small, out, np, nq, nr, OP_MUL, 0);
  else if (small_first) binary_loop(big, small, out, np, nq, nr, OP_SUB, 1);
  else binary_loop(big, small, out, np, nq, nr, OP_SUB, 0);
}

// ---- Exp -----------------------------------------------------------------------------------------------------
// e^x = 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln 2 / 2, e^r by Cephes' degree-6 polynomial (≈ 1 ulp); 2^n
// built from its exponent bits in two halves, so that n from −150 (results underflowing gradually) to 128 fit.
// Above ln(FLT_MAX): +∞; NaN stays NaN (wasm's min and max propagate it). tfjs-wasm's Exp calls scalar expf.

INLINE v128_t pow2i(v128_t k) { return wasm_i32x4_shl(wasm_i32x4_add(k, wasm_i32x4_splat(127)), 23); }

INLINE v128_t exp_v(v128_t x) {
  const f32 hi = 88.72283935546875f; // ln(FLT_MAX)
  v128_t c = wasm_f32x4_max(wasm_f32x4_min(x, wasm_f32x4_splat(hi)), wasm_f32x4_splat(-104.0f));
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(c, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(c, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  v128_t y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), wasm_f32x4_splat(1.0f));
  v128_t k = wasm_i32x4_trunc_sat_f32x4(n), half = wasm_i32x4_shr(k, 1);
  y = wasm_f32x4_mul(wasm_f32x4_mul(y, pow2i(half)), pow2i(wasm_i32x4_sub(k, half)));
  return wasm_v128_bitselect(wasm_f32x4_splat(__builtin_inff()), y, wasm_f32x4_gt(x, wasm_f32x4_splat(hi)));
}

EXPORT(exp_f32)
void exp_f32(const f32 *x, f32 *out, int n) {
  int n4 = n & ~3;
  for (int i = 0; i < n4; i += 4) wasm_v128_store(out + i, exp_v(wasm_v128_load(x + i)));
  for (int i = n4; i < n; i++) out[i] = wasm_f32x4_extract_lane(exp_v(wasm_f32x4_splat(x[i])), 0);
}

// ---- Sum over leading axes ----------------------------------------------------------------------------------
// out[c] = Σ_r x[r, c] for x [rows, cols]: a bias's gradient (dy summed over batch, height and width). tfjs-wasm
// transposes the reduced axes inward first. Here 16 columns at a time are summed in registers down the rows; every
// SUM_BLOCK rows the block's sums are added to the running totals, which keeps float32 rounding near tfjs-cpu's.

#define SUM_BLOCK 256

EXPORT(sum_rows_f32)
void sum_rows_f32(const f32 *x, f32 *out, int rows, int cols) {
  int c = 0;
  for (; c + 16 <= cols; c += 16) {
    v128_t t0 = wasm_f32x4_splat(0), t1 = t0, t2 = t0, t3 = t0;
    for (int r0 = 0; r0 < rows; r0 += SUM_BLOCK) {
      v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
      for (int r = r0, end = min_i(rows, r0 + SUM_BLOCK); r < end; r++) {
        const f32 *p = x + r * cols + c;
        s0 = wasm_f32x4_add(s0, wasm_v128_load(p));
        s1 = wasm_f32x4_add(s1, wasm_v128_load(p + 4));
        s2 = wasm_f32x4_add(s2, wasm_v128_load(p + 8));
        s3 = wasm_f32x4_add(s3, wasm_v128_load(p + 12));
      }
      t0 = wasm_f32x4_add(t0, s0), t1 = wasm_f32x4_add(t1, s1), t2 = wasm_f32x4_add(t2, s2), t3 = wasm_f32x4_add(t3, s3);
    }
    wasm_v128_store(out + c, t0), wasm_v128_store(out + c + 4, t1), wasm_v128_store(out + c + 8, t2), wasm_v128_store(out + c + 12, t3);
  }
  for (; c + 4 <= cols; c += 4) {
    v128_t t = wasm_f32x4_splat(0);
    for (int r0 = 0; r0 < rows; r0 += SUM_BLOCK) {
      v128_t s = wasm_f32x4_splat(0);
      for (int r = r0, end = min_i(rows, r0 + SUM_BLOCK); r < end; r++) s = wasm_f32x4_add(s, wasm_v128_load(x + r * cols + c));
      t = wasm_f32x4_add(t, s);
    }
    wasm_v128_store(out + c, t);
  }
  for (; c < cols; c++) {
    f32 t = 0;
    for (int r0 = 0; r0 < rows; r0 += SUM_BLOCK) {
      f32 s = 0;
      for (int r = r0, end = min_i(rows, r0 + SUM_BLOCK); r < end; r++) s += x[r * cols + c];
      t += s;
    }
    out[c] = t;
  }
}

// ---- Max and ArgMax along the last axis -----------------------------------------------------------------------
// For each row of x [rows, n]: its largest value (want & 1) and the first index that holds it (want & 2), as tfjs-cpu
// gives them; InfoNCE's log-sum-exp and its accuracy over CPC's score table. 16 values at a time for the maximum,
// then four at a time for the first index equal to it. A NaN anywhere returns 1 with the outputs unfinished (the
// caller falls back), else 0.

EXPORT(row_max_f32)
int row_max_f32(const f32 *x, f32 *max, int *index, int rows, int n, int want) {
  if (n == 0) return 1;
  v128_t nan = wasm_i32x4_splat(0);
  for (int r = 0; r < rows; r++) {
    const f32 *row = x + r * n;
    v128_t m0 = wasm_f32x4_splat(row[0]), m1 = m0, m2 = m0, m3 = m0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
      v128_t a = wasm_v128_load(row + i), b = wasm_v128_load(row + i + 4), c = wasm_v128_load(row + i + 8), d = wasm_v128_load(row + i + 12);
      nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(wasm_f32x4_ne(a, a), wasm_f32x4_ne(b, b)), wasm_v128_or(wasm_f32x4_ne(c, c), wasm_f32x4_ne(d, d))));
      m0 = wasm_f32x4_pmax(m0, a), m1 = wasm_f32x4_pmax(m1, b), m2 = wasm_f32x4_pmax(m2, c), m3 = wasm_f32x4_pmax(m3, d);
    }
    v128_t m = wasm_f32x4_pmax(wasm_f32x4_pmax(m0, m1), wasm_f32x4_pmax(m2, m3));
    f32 best = wasm_f32x4_extract_lane(m, 0);
    best = wasm_f32x4_extract_lane(m, 1) > best ? wasm_f32x4_extract_lane(m, 1) : best;
    best = wasm_f32x4_extract_lane(m, 2) > best ? wasm_f32x4_extract_lane(m, 2) : best;
    best = wasm_f32x4_extract_lane(m, 3) > best ? wasm_f32x4_extract_lane(m, 3) : best;
    for (; i < n; i++) {
      if (row[i] != row[i]) return 1;
      if (row[i] > best) best = row[i];
    }
    if (wasm_v128_any_true(nan)) return 1;
    if (want & 1) max[r] = best;
    if (want & 2) {
      v128_t target = wasm_f32x4_splat(best);
      int at = 0;
      for (; at + 4 <= n; at += 4) {
        int hits = wasm_i32x4_bitmask(wasm_f32x4_eq(wasm_v128_load(row + at), target));
        if (hits) {
          at += __builtin_ctz(hits);
          break;
        }
      }
      while (row[at] != best) at++; // the tail, past the last whole four
      index[r] = at;
    }
  }
  return 0;
}

// ---- TopK ----------------------------------------------------------------------------------------------------
// The k largest of each row of x [rows, n], descending, ties in index order (tfjs-cpu's order), into values and
// indices [rows, k]. Once a row holds k, four values at a time are compared with its k-th best and only a lane that
// beats it is inserted. A NaN anywhere returns 1 with the outputs unfinished (the caller falls back), else 0.

/** Puts v (at index i) into the row's sorted top list of `count` (< k: it grows) and returns the new count. */
INLINE int top_insert(f32 *top, int *at, int count, int k, f32 v, int i) {
  int j = count < k ? count++ : k - 1;
  for (; j > 0 && v > top[j - 1]; j--) top[j] = top[j - 1], at[j] = at[j - 1];
  top[j] = v, at[j] = i;
  return count;
}

EXPORT(top_k_f32)
int top_k_f32(const f32 *x, f32 *values, int *indices, int rows, int n, int k) {
  for (int r = 0; r < rows; r++) {
    const f32 *row = x + r * n;
    f32 *top = values + r * k;
    int *at = indices + r * k, count = 0, i = 0;
    for (; i < n && count < k; i++) {
      if (row[i] != row[i]) return 1;
      count = top_insert(top, at, count, k, row[i], i);
    }
    for (; i + 4 <= n; i += 4) {
      v128_t v = wasm_v128_load(row + i);
      if (!wasm_v128_any_true(wasm_v128_or(wasm_f32x4_gt(v, wasm_f32x4_splat(top[k - 1])), wasm_f32x4_ne(v, v)))) continue;
      for (int l = i; l < i + 4; l++) {
        if (row[l] != row[l]) return 1;
        if (row[l] > top[k - 1]) top_insert(top, at, k, k, row[l], l);
      }
    }
    for (; i < n; i++) {
      if (row[i] != row[i]) return 1;
      if (row[i] > top[k - 1]) top_insert(top, at, k, k, row[i], i);
    }
  }
  return 0;
}

// ---- Transpose -----------------------------------------------------------------------------------------------
// dst [c, r] = src [r, c] transposed, 4-byte elements: tiles of 32 × 32 (a tile's
// rows of src and of dst stay in cache), each moved as 4 × 4 blocks of four loads, eight shuffles and four stores.

#define TRANSPOSE_TILE 32

INLINE void transpose_block(const f32 *s, f32 *d, int r, int c) {
  v128_t v0 = wasm_v128_load(s), v1 = wasm_v128_load(s + c), v2 = wasm_v128_load(s + 2 * c), v3 = wasm_v128_load(s + 3 * c);
  v128_t t0 = wasm_i32x4_shuffle(v0, v1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(v0, v1, 2, 6, 3, 7);
  v128_t t2 = wasm_i32x4_shuffle(v2, v3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(v2, v3, 2, 6, 3, 7);
  wasm_v128_store(d, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
  wasm_v128_store(d + r, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
  wasm_v128_store(d + 2 * r, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
  wasm_v128_store(d + 3 * r, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
}

EXPORT(transpose_f32)
void transpose_f32(const f32 *src, f32 *dst, int r, int c) {
  for (int i0 = 0; i0 < r; i0 += TRANSPOSE_TILE)
    for (int j0 = 0; j0 < c; j0 += TRANSPOSE_TILE) {
      int i1 = min_i(i0 + TRANSPOSE_TILE, r), j1 = min_i(j0 + TRANSPOSE_TILE, c);
      int i4 = i0 + ((i1 - i0) & ~3), j4 = j0 + ((j1 - j0) & ~3);
      for (int i = i0; i < i4; i += 4)
        for (int j = j0; j < j4; j += 4) transpose_block(src + i * c + j, dst + j * r + i, r, c);
      for (int i = i0; i < i1; i++) // the tile's edges: columns past j4, and rows past i4
        for (int j = i < i4 ? j4 : j0; j < j1; j++) dst[j * r + i] = src[i * c + j];
    }
}
