// Query planning shared by the engines: synonyms, precise query words, the last word as a prefix,
// query-side split words, and the word list used for dropping trailing words.
import { SYNONYM_GROUPS } from "./settings";
import { isDictionaryWord, normalize, queryWords, splitWord, type RunKind } from "./tokenizer";

/** Meilisearch considers at most 10 query words. */
export const MAX_QUERY_WORDS = 10;

export type Alt =
  | { kind: "term"; text: string; prefix: boolean }
  | { kind: "phrase"; tokens: string[] }
  | { kind: "near"; tokens: string[]; prefixLast: boolean };

export interface QueryGroup {
  /** Offsets of the group in the normalized query. */
  start: number;
  end: number;
  /** The alternatives that satisfy this query word (OR). */
  alts: Alt[];
  /** A plain word (not a synonym group): eligible for typos when Latin. */
  word?: { text: string; kind: RunKind; prefix: boolean };
  synonym: boolean;
}

export interface QueryPlan {
  normalized: string;
  groups: QueryGroup[];
}

const LATIN_TERM = /^[\p{L}\p{N}]+$/u;

interface SynEntry {
  term: string; // normalized
  group: readonly string[];
  latin: boolean;
}

let synEntries: SynEntry[] | undefined;
function synonymEntries(): SynEntry[] {
  if (!synEntries) {
    synEntries = [];
    for (const group of SYNONYM_GROUPS) {
      for (const t of group) {
        const term = normalize(t);
        synEntries.push({ term, group, latin: !/\p{Script=Han}/u.test(term) });
      }
    }
    synEntries.sort((a, b) => b.term.length - a.term.length); // longest first
  }
  return synEntries;
}

const isWordChar = (c: string | undefined) => !!c && /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Han}/u.test(c);

/** Synonym occurrences in a normalized query: leftmost, longest, non-overlapping; Latin ones on word boundaries. */
function findSynonyms(norm: string): Array<{ start: number; end: number; group: readonly string[] }> {
  const found: Array<{ start: number; end: number; group: readonly string[] }> = [];
  const taken = new Array<boolean>(norm.length).fill(false);
  for (const e of synonymEntries()) {
    let at = norm.indexOf(e.term);
    while (at >= 0) {
      const end = at + e.term.length;
      const boundaryOk = !e.latin || (!isWordChar(norm[at - 1]) && !isWordChar(norm[end]));
      let free = true;
      for (let i = at; i < end; i++) if (taken[i]) free = false;
      if (boundaryOk && free) {
        for (let i = at; i < end; i++) taken[i] = true;
        found.push({ start: at, end, group: e.group });
      }
      at = norm.indexOf(e.term, at + 1);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function synonymAlts(group: readonly string[]): Alt[] {
  const alts: Alt[] = [];
  for (const member of group) {
    const toks = queryWords(member).map((w) => w.text);
    if (toks.length === 1) alts.push({ kind: "term", text: toks[0], prefix: false });
    else if (toks.length > 1) alts.push({ kind: "phrase", tokens: toks });
  }
  return alts;
}

function wordAlts(text: string, kind: RunKind, prefix: boolean): Alt[] {
  const alts: Alt[] = [{ kind: "term", text, prefix }];
  if (kind === "han" && text.length >= 3) {
    const parts = splitWord(text);
    if (parts.length > 1) alts.push({ kind: "near", tokens: parts, prefixLast: prefix });
  }
  return alts;
}

/**
 * Plans a query: precise words (jieba) and Latin words in order; synonym phrases become one group with
 * every member as an alternative; the last plain word is a prefix unless the query ends with a
 * separator; a Han word of 3+ characters also matches its dictionary pieces near each other.
 */
export function planQuery(q: string | null | undefined): QueryPlan {
  const norm = normalize(q ?? "");
  const groups: QueryGroup[] = [];
  const syns = findSynonyms(norm);
  let pos = 0;
  const addWords = (from: number, to: number) => {
    if (to <= from) return;
    for (const w of queryWords(norm.slice(from, to))) {
      groups.push({
        start: from + w.start,
        end: from + w.end,
        alts: [],
        word: { text: w.text, kind: w.kind, prefix: false },
        synonym: false,
      });
    }
  };
  for (const s of syns) {
    addWords(pos, s.start);
    groups.push({ start: s.start, end: s.end, alts: synonymAlts(s.group), synonym: true });
    pos = s.end;
  }
  addWords(pos, norm.length);
  const kept = groups.slice(0, MAX_QUERY_WORDS);
  const last = kept[kept.length - 1];
  const endsWithSeparator = !!last && last.end < norm.length && /[^\p{L}\p{N}]$/u.test(norm);
  for (const g of kept) {
    if (g.word) {
      // A complete Han dictionary word needs no prefix: documents index every dictionary sub-word, so
      // any indexed word starting with it (心理 → 心理咨询) also carries it as a token of its own.
      g.word.prefix = g === last && !endsWithSeparator && !(g.word.kind === "han" && isDictionaryWord(g.word.text));
      g.alts = wordAlts(g.word.text, g.word.kind, g.word.prefix);
    }
  }
  return { normalized: norm, groups: kept };
}

export function isLatinWord(text: string): boolean {
  return LATIN_TERM.test(text) && !/\p{Script=Han}/u.test(text);
}

/** Words eligible for typo tolerance: Latin words starting with a letter (not numbers, codes' digits, Han). */
export function isTypoWord(text: string): boolean {
  return /^[a-z]/.test(text) && isLatinWord(text);
}
