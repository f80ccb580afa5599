// Tokenizer shared by both engines (and by highlighting). Chinese is segmented with jieba (no HMM,
// like Meilisearch's charabia); Latin/digit runs are lower-cased words; everything else separates.
//
// Documents are indexed in SEARCH MODE: each precise word is emitted together with every dictionary
// sub-word of it (jieba cut_all restricted to the word, length >= 2), so 处理 finds 待处理, 农业 finds
// 中国农业发展银行 and 简单 finds 安装简单 — recall that Meilisearch's precise segmentation misses.
// Queries are segmented in precise mode; every precise query word is then also a token of any document
// containing it as a (dictionary) sub-word.
//
// Bump TOKENIZER_VERSION whenever the output changes: persisted indexes must be rebuilt (`npm run reindex`).
import { createRequire } from "node:module";
import type { Jieba as JiebaT } from "@node-rs/jieba";

export const TOKENIZER_VERSION = 1;

let jieba: JiebaT | undefined;
function getJieba(): JiebaT {
  if (!jieba) {
    // CJS package with a native binary; load it with require so it also works inside Vite SSR.
    const require = createRequire(import.meta.url);
    const { Jieba } = require("@node-rs/jieba") as typeof import("@node-rs/jieba");
    const { dict } = require("@node-rs/jieba/dict.js") as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

/** NFKC (full-width → half-width) and lower case. Keeps string length stable for CJK/ASCII text. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

export type RunKind = "han" | "latin";
export interface Run {
  kind: RunKind;
  text: string; // normalized
  start: number; // offsets into the string passed to runs()
  end: number;
}

const RUN_RE = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+)/gu;

/** Splits (already normalized) text into Han runs and Latin/digit runs; punctuation and spaces separate. */
export function runs(text: string): Run[] {
  const out: Run[] = [];
  for (const m of text.matchAll(RUN_RE)) {
    const start = m.index ?? 0;
    out.push({ kind: m[1] ? "han" : "latin", text: m[0], start, end: start + m[0].length });
  }
  return out;
}

const isHan = (s: string) => /^\p{Script=Han}+$/u.test(s);

/** Precise-mode words of a Han run (jieba, no HMM). */
export function cutPrecise(han: string): string[] {
  return getJieba().cut(han, false).filter((w) => w.trim() !== "");
}

const subCache = new Map<string, string[]>();
/** Every dictionary sub-word (length >= 2, shorter than the word) of one precise word, in order. */
export function dictionarySubwords(word: string): string[] {
  if (word.length <= 2 || !isHan(word)) return [];
  let subs = subCache.get(word);
  if (!subs) {
    const seen = new Set<string>();
    subs = [];
    for (const s of getJieba().cutAll(word)) {
      if (s.length >= 2 && s.length < word.length && !seen.has(s)) {
        seen.add(s);
        subs.push(s);
      }
    }
    if (subCache.size > 50_000) subCache.clear();
    subCache.set(word, subs);
  }
  return subs;
}

/** Whether a Han word of 2+ characters is a jieba dictionary word. */
export function isDictionaryWord(word: string): boolean {
  return word.length >= 2 && isHan(word) && getJieba().cutAll(word).includes(word);
}

/**
 * The finest split of a word into dictionary pieces (fewest pieces, single characters allowed), e.g.
 * 咨询服务 → 咨询|服务. Used for query-side recall when a query word spans a document word boundary
 * (Meilisearch does the same with its "split words" derivation).
 */
export function splitWord(word: string): string[] {
  const subs = dictionarySubwords(word);
  if (subs.length === 0) return [word];
  const dict = new Set(subs);
  const n = word.length;
  const best: number[] = new Array(n + 1).fill(Infinity);
  const prev: number[] = new Array(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    for (let j = i + 1; j <= n; j++) {
      const piece = word.slice(i, j);
      if (j - i === 1 || dict.has(piece)) {
        if (best[i] + 1 < best[j]) {
          best[j] = best[i] + 1;
          prev[j] = i;
        }
      }
    }
  }
  const parts: string[] = [];
  for (let j = n; j > 0; j = prev[j]) parts.unshift(word.slice(prev[j], j));
  return parts.length > 1 ? parts : [word];
}

/** Search-mode tokens of a text, for indexing (sub-words first, then the whole word, like cut_for_search). */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const r of runs(normalize(text))) {
    if (r.kind === "latin") {
      out.push(r.text);
      continue;
    }
    for (const w of cutPrecise(r.text)) {
      for (const s of dictionarySubwords(w)) out.push(s);
      out.push(w);
    }
  }
  return out;
}

/** Space-joined search-mode tokens: the text stored in FTS5 and in Meilisearch's `segmented` field. */
export function segmentForIndex(text: string): string {
  return indexTokens(text).join(" ");
}

export interface QueryWord {
  text: string; // normalized token
  kind: RunKind;
  start: number; // offsets into the ORIGINAL query string (NFKC keeps offsets for CJK/ASCII)
  end: number;
}

/** Precise-mode words of a query, with offsets into the normalized query. */
export function queryWords(query: string): QueryWord[] {
  const norm = normalize(query);
  const out: QueryWord[] = [];
  for (const r of runs(norm)) {
    if (r.kind === "latin") {
      out.push({ text: r.text, kind: "latin", start: r.start, end: r.end });
      continue;
    }
    let pos = r.start;
    for (const w of cutPrecise(r.text)) {
      const at = norm.indexOf(w, pos);
      const start = at >= 0 ? at : pos;
      out.push({ text: w, kind: "han", start, end: start + w.length });
      pos = start + w.length;
    }
  }
  return out;
}
