// Text helpers shared by the engines: Meilisearch-style typo budget and distance, highlighting and
// cropping with HTML escaping.
import { TYPO, CROP_MARKER, HIGHLIGHT_POST, HIGHLIGHT_PRE } from "./settings";
import { runs } from "./tokenizer";

/** Typos allowed for a (Latin) query word: 1 from 5 characters, 2 from 9. */
export function typoBudget(word: string): 0 | 1 | 2 {
  const n = [...word].length;
  return n >= TYPO.twoTypos ? 2 : n >= TYPO.oneTypo ? 1 : 0;
}

/**
 * Damerau (optimal string alignment) distance between `q` and `t` — or, with `prefix`, between `q`
 * and the closest prefix of `t` — or null when above `max`. As in Meilisearch, a different first
 * letter costs an extra typo (so it needs a budget of 2 and at most one edit).
 */
export function typoDistance(q: string, t: string, max: number, prefix = false): number | null {
  if (max <= 0) return q === t || (prefix && t.startsWith(q)) ? 0 : null;
  const a = [...q];
  const b = [...t];
  const firstDiffers = a[0] !== b[0];
  const budget = firstDiffers ? max - 1 : max;
  if (budget < 1 && firstDiffers) return null;
  if (!prefix && Math.abs(a.length - b.length) > budget) return null;
  if (prefix && b.length < a.length - budget) return null;
  const m = a.length;
  const n = prefix ? Math.min(b.length, m + budget) : b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  let best = prefix ? prev[n] : Infinity;
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > budget) return null;
    prev2 = prev;
    prev = cur;
  }
  let d: number;
  if (prefix) {
    best = Infinity;
    for (let j = 0; j <= n; j++) best = Math.min(best, prev[j]);
    d = best;
  } else d = prev[n];
  if (d > budget) return null;
  return firstDiffers ? d + 1 : d;
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

export interface MatchTerms {
  /** Normalized words that match whole (Latin) or as a substring (Han). */
  exact: Set<string>;
  /** Normalized prefixes (the last query word). */
  prefixes: Set<string>;
}

/** Normalizes char by char, keeping a map from normalized offsets back to original offsets. */
function normalizeWithMap(text: string): { norm: string; map: number[] } {
  let norm = "";
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = ch.normalize("NFKC").toLowerCase();
    for (let k = 0; k < n.length; k++) map.push(i);
    norm += n;
    i += ch.length;
  }
  map.push(text.length);
  return { norm, map };
}

/** Spans [start, end) of matches in the original text, merged and sorted. */
export function matchSpans(text: string, terms: MatchTerms): Array<[number, number]> {
  if (terms.exact.size === 0 && terms.prefixes.size === 0) return [];
  const { norm, map } = normalizeWithMap(text);
  const spans: Array<[number, number]> = [];
  const hanTerms = [...terms.exact, ...terms.prefixes].filter((t) => /\p{Script=Han}/u.test(t));
  for (const r of runs(norm)) {
    if (r.kind === "latin") {
      if (terms.exact.has(r.text)) {
        spans.push([r.start, r.end]);
        continue;
      }
      let best = 0;
      for (const p of terms.prefixes) if (p.length > best && r.text.startsWith(p)) best = p.length;
      if (best) spans.push([r.start, r.start + best]);
      continue;
    }
    for (const t of hanTerms) {
      let at = r.text.indexOf(t);
      while (at >= 0) {
        spans.push([r.start + at, r.start + at + t.length]);
        at = r.text.indexOf(t, at + 1);
      }
    }
  }
  spans.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged.map(([s, e]) => [map[s], map[e]]);
}

/**
 * HTML-escaped text with <mark>…</mark> around matches. With `cropChars`, a text longer than that is
 * cut to a window around the first match, with "…" where it was cut.
 */
export function highlight(text: string, terms: MatchTerms, cropChars?: number): string {
  const spans = matchSpans(text, terms);
  let from = 0;
  let to = text.length;
  if (cropChars && text.length > cropChars) {
    const first = spans[0];
    if (first) {
      from = Math.max(0, first[0] - Math.floor(cropChars / 3));
      to = Math.min(text.length, Math.max(from + cropChars, first[1]));
      if (to - from < cropChars) from = Math.max(0, to - cropChars);
    } else {
      to = cropChars;
    }
    // never cut a surrogate pair
    if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from])) from--;
    if (to < text.length && /[\uDC00-\uDFFF]/.test(text[to])) to++;
  }
  let out = from > 0 ? CROP_MARKER : "";
  let pos = from;
  for (const [s, e] of spans) {
    if (e <= from || s >= to) continue;
    const ss = Math.max(s, from);
    const ee = Math.min(e, to);
    out += escapeHtml(text.slice(pos, ss)) + HIGHLIGHT_PRE + escapeHtml(text.slice(ss, ee)) + HIGHLIGHT_POST;
    pos = ee;
  }
  out += escapeHtml(text.slice(pos, to));
  if (to < text.length) out += CROP_MARKER;
  return out;
}
