// Embedded search engine: SQLite FTS5 (better-sqlite3) in a separate file (SEARCH_DB_PATH, default
// ./data/search.db), independent of the main database (SQLite or PostgreSQL).
//
// On disk, per index and generation:
//   docs_*  rid → JSON document            fts_*   contentless FTS5 over search-mode segmented text
//   f_*     filterable scalar attributes   m_*     multi-valued attributes (attr, value, rid)
//   log_*   rids changed, so other connections to the same file can catch up incrementally
// `meta` points at the live generation of each index; swapIn builds the next generation aside and
// switches the pointer in one transaction. Nothing is rebuilt on restart.
//
// In memory: a ColumnStore (columns.ts) of the filterable attributes, loaded from f_/m_ on first use.
// A query asks FTS5 only for the matching rowids (one JSON array), then filters, counts facets, sorts
// and ranks over typed arrays — per-hit work in SQLite joins is what makes broad queries slow.
//
// Ranking follows Meilisearch's bucket sort: sort (when given), then typo (number of typos), proximity
// (all words near each other), attribute (a word found in a primary attribute), then insertion order.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { ColumnStore, type Predicate } from "./columns";
import {
  INDEX_NAMES,
  SearchInputError,
  type AnyDoc,
  type DocFor,
  type EngineHealth,
  type IndexName,
  type SearchEngine,
  type SearchHit,
  type SearchParams,
  type SearchResult,
} from "./port";
import { isTypoWord, planQuery, type Alt, type QueryGroup, type QueryPlan } from "./query";
import { CROP_CHARS, MAX_TOTAL_HITS, SETTINGS, type AttrType, type IndexSettings } from "./settings";
import { highlight, typoBudget, typoDistance, type MatchTerms } from "./text";
import { TOKENIZER_VERSION, indexTokens, queryWords } from "./tokenizer";
import { validateSearchParams } from "./validate";

type DB = Database.Database;
type Stmt = Database.Statement;

/** Bump when the table layout changes (forces a rebuild like a tokenizer change). */
const SCHEMA_VERSION = 2;
const MAX_TYPO_VARIANTS = 20;
const MAX_FACET_VALUES = 100;
/** Proximity is ranked only for result sets up to this size (a NEAR query costs per hit). */
const PROXIMITY_MAX_HITS = 5000;
/** Searchable attributes with at least this weight are "primary" for the attribute rule. */
const PRIMARY_WEIGHT = 5;
/** Keep this many change-log rows; a connection further behind reloads its column store. */
const LOG_KEEP = 50_000;

export interface EmbeddedOptions {
  /** SQLite file for the search index; ":memory:" for a throwaway index. */
  path?: string;
}

export function defaultSearchDbPath(): string {
  const p = process.env.SEARCH_DB_PATH || "./data/search.db";
  return p === ":memory:" || isAbsolute(p) ? p : resolve(process.env.LB_ROOT || process.cwd(), p);
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
const ftsString = (tok: string) => `"${tok.replace(/"/g, '""')}"`;

interface Layout {
  settings: IndexSettings;
  searchCols: string[];
  primaryCols: string[];
  scalarAttrs: Array<[string, AttrType]>;
  arrayAttrs: string[];
}

const layouts = new Map<IndexName, Layout>();
function layoutOf(index: IndexName): Layout {
  let l = layouts.get(index);
  if (!l) {
    const settings = SETTINGS[index];
    const filterable = Object.entries(settings.filterable);
    l = {
      settings,
      searchCols: settings.searchable.map((s) => s.attr),
      primaryCols: settings.searchable.filter((s) => s.weight >= PRIMARY_WEIGHT).map((s) => s.attr),
      scalarAttrs: filterable.filter(([, t]) => t !== "string[]"),
      arrayAttrs: filterable.filter(([, t]) => t === "string[]").map(([a]) => a),
    };
    layouts.set(index, l);
  }
  return l;
}

function signature(index: IndexName): string {
  const s = SETTINGS[index];
  return JSON.stringify({ SCHEMA_VERSION, TOKENIZER_VERSION, searchable: s.searchable.map((x) => x.attr), filterable: s.filterable });
}

interface Tables {
  gen: number;
  docs: string;
  fts: string;
  f: string;
  m: string;
  log: string;
  vocab: string;
}

const tablesOf = (index: IndexName, gen: number): Tables => ({
  gen,
  docs: `docs_${index}_${gen}`,
  fts: `fts_${index}_${gen}`,
  f: `f_${index}_${gen}`,
  m: `m_${index}_${gen}`,
  log: `log_${index}_${gen}`,
  vocab: `vocab_${index}_${gen}`,
});

function scalarValue(type: AttrType, v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (type === "number") return typeof v === "number" && Number.isFinite(v) ? v : null;
  if (type === "boolean") return v === true ? "true" : v === false ? "false" : null;
  return String(v);
}

function searchableText(v: unknown): string {
  if (v == null) return "";
  if (Array.isArray(v)) return v.map((x) => String(x)).join(" ");
  return String(v);
}

/** Column-store record of a document (booleans as "true"/"false", like Meilisearch facets). */
function storeRecord(layout: Layout, rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [a, type] of layout.scalarAttrs) out[a] = scalarValue(type, rec[a]);
  for (const a of layout.arrayAttrs) out[a] = Array.isArray(rec[a]) ? rec[a] : [];
  return out;
}

interface IndexState {
  gen: number;
  store: ColumnStore;
  lastSeq: number;
  /** PRAGMA data_version when this state was last brought up to date. */
  dv: number;
  vocab?: { words: Set<string>; loadedAt: number; stale: boolean };
}

interface Expanded {
  group: QueryGroup;
  exact: string; // FTS expression without typo variants
  withTypos: string; // FTS expression including typo variants
  oneTypo?: string; // for 2-typo words: alternatives with at most one typo
  hasTypos: boolean;
  variants: Array<{ term: string; typos: number }>;
}

export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = "embedded" as const;
  readonly path: string;
  private db: DB | null = null;
  private stmts = new Map<string, Stmt>();
  private states = new Map<IndexName, IndexState>();

  constructor(opts: EmbeddedOptions = {}) {
    this.path = opts.path ?? defaultSearchDbPath();
  }

  // ---------- lifecycle ----------

  async init(): Promise<void> {
    this.open();
    queryWords("预热分词词典"); // loads jieba's dictionary now rather than on the first search
  }

  private open(): DB {
    if (this.db) return this.db;
    if (this.path !== ":memory:") mkdirSync(dirname(this.path), { recursive: true });
    const db = new Database(this.path);
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("busy_timeout = 5000");
      db.pragma("temp_store = MEMORY");
      db.pragma("cache_size = -65536");
      db.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      db.transaction(() => {
        for (const index of INDEX_NAMES) this.ensureIndex(db, index);
      }).immediate();
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
    return db;
  }

  private meta(db: DB, key: string): string | undefined {
    return (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  }
  private setMeta(db: DB, key: string, value: string): void {
    db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  /** Creates the live generation of an index, or replaces it (empty, flagged stale) when the layout changed. */
  private ensureIndex(db: DB, index: IndexName): void {
    const gen = Number(this.meta(db, `gen:${index}`) ?? 0);
    if (gen > 0 && this.meta(db, `sig:${index}`) === signature(index)) return;
    this.switchTo(db, index, this.createTables(db, index, this.nextGen(db, index)).gen);
    this.setMeta(db, `stale:${index}`, "1");
  }

  private nextGen(db: DB, index: IndexName): number {
    const next = Math.max(Number(this.meta(db, `gen:${index}`) ?? 0), Number(this.meta(db, `building:${index}`) ?? 0)) + 1;
    this.setMeta(db, `building:${index}`, String(next));
    return next;
  }

  /** Points the index at generation `gen` and drops the previous one (inside the caller's transaction). */
  private switchTo(db: DB, index: IndexName, gen: number): void {
    const current = Number(this.meta(db, `gen:${index}`) ?? 0);
    this.setMeta(db, `gen:${index}`, String(gen));
    this.setMeta(db, `sig:${index}`, signature(index));
    if (current && current !== gen) this.dropTables(db, tablesOf(index, current));
  }

  private createTables(db: DB, index: IndexName, gen: number): Tables {
    const t = tablesOf(index, gen);
    const layout = layoutOf(index);
    this.dropTables(db, t);
    db.exec(`CREATE TABLE ${q(t.docs)} (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`);
    db.exec(
      `CREATE VIRTUAL TABLE ${q(t.fts)} USING fts5(${layout.searchCols.map(q).join(", ")}, content='', contentless_delete=1, tokenize='ascii', prefix='1 2 3')`,
    );
    const cols = layout.scalarAttrs.map(([a, type]) => `${q(a)} ${type === "number" ? "NUMERIC" : "TEXT"}`);
    db.exec(`CREATE TABLE ${q(t.f)} (rid INTEGER PRIMARY KEY${cols.length ? ", " + cols.join(", ") : ""})`);
    db.exec(`CREATE TABLE ${q(t.m)} (rid INTEGER NOT NULL, attr TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (rid, attr, value)) WITHOUT ROWID`);
    db.exec(`CREATE TABLE ${q(t.log)} (seq INTEGER PRIMARY KEY AUTOINCREMENT, rid INTEGER NOT NULL)`);
    db.exec(`CREATE VIRTUAL TABLE ${q(t.vocab)} USING fts5vocab(${q(t.fts)}, 'row')`);
    return t;
  }

  private dropTables(db: DB, t: Tables): void {
    for (const name of [t.vocab, t.fts, t.m, t.f, t.log, t.docs]) db.exec(`DROP TABLE IF EXISTS ${q(name)}`);
  }

  private stmt(sql: string): Stmt {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.open().prepare(sql);
      if (this.stmts.size > 500) this.stmts.clear();
      this.stmts.set(sql, s);
    }
    return s;
  }

  /**
   * Live tables of an index, with the in-memory state brought up to date: a new generation (swap,
   * clear) reloads the column store; changes committed by other connections are applied from the log.
   */
  private tables(index: IndexName): Tables {
    const db = this.open();
    const dv = db.pragma("data_version", { simple: true }) as number;
    let st = this.states.get(index);
    if (!st || st.dv !== dv) {
      const gen = Number(this.meta(db, `gen:${index}`) ?? 0);
      if (!gen) {
        db.transaction(() => this.ensureIndex(db, index)).immediate();
        return this.tables(index);
      }
      if (!st || st.gen !== gen) {
        st = this.load(index, tablesOf(index, gen));
        this.states.set(index, st);
      } else {
        st = this.catchUp(index, st, tablesOf(index, gen));
      }
      st.dv = dv;
    }
    return tablesOf(index, st.gen);
  }

  private state(index: IndexName): IndexState {
    this.tables(index);
    return this.states.get(index)!;
  }

  /** Loads the column store of a generation from its f_/m_ tables. */
  private load(index: IndexName, t: Tables): IndexState {
    const layout = layoutOf(index);
    const store = new ColumnStore(layout.settings.filterable);
    const lastSeq = (this.stmt(`SELECT ifnull(max(seq), 0) AS s FROM ${q(t.log)}`).get() as { s: number }).s;
    const attrs = layout.scalarAttrs.map(([a]) => a);
    const arrays = new Map<number, Record<string, string[]>>();
    for (const [rid, attr, value] of this.stmt(`SELECT rid, attr, value FROM ${q(t.m)} ORDER BY rid`).raw().iterate() as Iterable<[number, string, string]>) {
      let rec = arrays.get(rid);
      if (!rec) arrays.set(rid, (rec = {}));
      (rec[attr] ??= []).push(value);
    }
    for (const row of this.stmt(`SELECT rid${attrs.map((a) => ", " + q(a)).join("")} FROM ${q(t.f)}`).raw().iterate() as Iterable<unknown[]>) {
      const rid = row[0] as number;
      const rec: Record<string, unknown> = { ...(arrays.get(rid) ?? {}) };
      attrs.forEach((a, i) => (rec[a] = row[i + 1]));
      store.set(rid, rec);
    }
    return { gen: t.gen, store, lastSeq, dv: -1 };
  }

  /** Applies changes other connections committed since `st.lastSeq`. */
  private catchUp(index: IndexName, st: IndexState, t: Tables): IndexState {
    const min = (this.stmt(`SELECT min(seq) AS s FROM ${q(t.log)}`).get() as { s: number | null }).s;
    if (min !== null && min > st.lastSeq + 1) {
      const fresh = this.load(index, t);
      this.states.set(index, fresh);
      return fresh;
    }
    const layout = layoutOf(index);
    const attrs = layout.scalarAttrs.map(([a]) => a);
    const getF = this.stmt(`SELECT ${attrs.map(q).join(", ")} FROM ${q(t.f)} WHERE rid = ?`).raw();
    const getM = this.stmt(`SELECT attr, value FROM ${q(t.m)} WHERE rid = ?`).raw();
    for (const { seq, rid } of this.stmt(`SELECT seq, rid FROM ${q(t.log)} WHERE seq > ? ORDER BY seq`).all(st.lastSeq) as Array<{ seq: number; rid: number }>) {
      const row = getF.get(rid) as unknown[] | undefined;
      if (!row) st.store.remove(rid);
      else {
        const rec: Record<string, unknown> = {};
        attrs.forEach((a, i) => (rec[a] = row[i]));
        for (const [attr, value] of getM.all(rid) as Array<[string, string]>) {
          const list = (rec[attr] as string[] | undefined) ?? [];
          list.push(value);
          rec[attr] = list;
        }
        st.store.set(rid, rec);
      }
      st.lastSeq = seq;
    }
    if (st.vocab) st.vocab.stale = true;
    return st;
  }

  async close(): Promise<void> {
    this.stmts.clear();
    this.states.clear();
    this.db?.close();
    this.db = null;
  }

  async health(): Promise<EngineHealth> {
    try {
      for (const index of INDEX_NAMES) this.stmt(`SELECT count(*) AS n FROM ${q(this.tables(index).docs)}`).get();
      return { ok: true, engine: "embedded" };
    } catch (e) {
      return { ok: false, engine: "embedded", detail: e instanceof Error ? e.message : String(e) };
    }
  }

  async staleIndexes(): Promise<IndexName[]> {
    const db = this.open();
    return INDEX_NAMES.filter((i) => this.meta(db, `stale:${i}`) === "1");
  }

  async count(index: IndexName): Promise<number> {
    return this.state(index).store.size;
  }

  // ---------- writes ----------

  /** Writes documents into generation `t`; with `st`, also the change log and the live column store. */
  private writeDocs(index: IndexName, t: Tables, docs: AnyDoc[], st?: IndexState): void {
    const layout = layoutOf(index);
    const getRid = this.stmt(`SELECT rid FROM ${q(t.docs)} WHERE id = ?`);
    const updDoc = this.stmt(`UPDATE ${q(t.docs)} SET doc = ? WHERE rid = ?`);
    const insDoc = this.stmt(`INSERT INTO ${q(t.docs)} (id, doc) VALUES (?, ?)`);
    const delFts = this.stmt(`DELETE FROM ${q(t.fts)} WHERE rowid = ?`);
    const insFts = this.stmt(
      `INSERT INTO ${q(t.fts)} (rowid, ${layout.searchCols.map(q).join(", ")}) VALUES (?${", ?".repeat(layout.searchCols.length)})`,
    );
    const insF = this.stmt(
      `INSERT OR REPLACE INTO ${q(t.f)} (rid${layout.scalarAttrs.map(([a]) => ", " + q(a)).join("")}) VALUES (?${", ?".repeat(layout.scalarAttrs.length)})`,
    );
    const delM = this.stmt(`DELETE FROM ${q(t.m)} WHERE rid = ?`);
    const insM = this.stmt(`INSERT OR IGNORE INTO ${q(t.m)} (rid, attr, value) VALUES (?, ?, ?)`);
    const insLog = this.stmt(`INSERT INTO ${q(t.log)} (rid) VALUES (?)`);
    for (const doc of docs) {
      const rec = doc as unknown as Record<string, unknown>;
      const id = rec.id;
      if (typeof id !== "string" || id === "") throw new SearchInputError("every document needs a string id", "search.invalidDocument");
      const json = JSON.stringify(doc);
      const existing = getRid.get(id) as { rid: number } | undefined;
      let rid: number;
      if (existing) {
        rid = existing.rid;
        delFts.run(rid);
        updDoc.run(json, rid);
      } else {
        rid = Number(insDoc.run(id, json).lastInsertRowid);
      }
      const texts = layout.searchCols.map((c) => {
        const toks = indexTokens(searchableText(rec[c]));
        if (st?.vocab) for (const tok of toks) if (isTypoWord(tok)) st.vocab.words.add(tok);
        return toks.join(" ");
      });
      insFts.run(rid, ...texts);
      const srec = storeRecord(layout, rec);
      insF.run(rid, ...layout.scalarAttrs.map(([a]) => srec[a]));
      delM.run(rid);
      for (const a of layout.arrayAttrs) for (const v of srec[a] as unknown[]) if (v != null && v !== "") insM.run(rid, a, String(v));
      if (st) {
        st.lastSeq = Number(insLog.run(rid).lastInsertRowid);
        st.store.set(rid, srec);
      }
    }
    if (st) this.pruneLog(t, st.lastSeq);
  }

  private pruneLog(t: Tables, lastSeq: number): void {
    if (lastSeq > LOG_KEEP) this.stmt(`DELETE FROM ${q(t.log)} WHERE seq <= ?`).run(lastSeq - LOG_KEEP);
  }

  /** Runs `fn` in an IMMEDIATE transaction on the live generation, after catching up with other writers. */
  private write(index: IndexName, fn: (t: Tables, st: IndexState) => void): void {
    const db = this.open();
    db.transaction(() => {
      const st = this.states.get(index);
      if (st) st.dv = -1; // catch up inside the write lock, so no other writer's change is skipped
      const t = this.tables(index);
      fn(t, this.states.get(index)!);
    }).immediate();
  }

  async upsert<I extends IndexName>(index: I, docs: DocFor<I>[]): Promise<void> {
    if (docs.length === 0) return;
    this.write(index, (t, st) => this.writeDocs(index, t, docs, st));
  }

  async delete(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.write(index, (t, st) => {
      const getRid = this.stmt(`SELECT rid FROM ${q(t.docs)} WHERE id = ?`);
      const dels = [t.docs, t.f, t.m].map((tb) => this.stmt(`DELETE FROM ${q(tb)} WHERE rid = ?`));
      const delFts = this.stmt(`DELETE FROM ${q(t.fts)} WHERE rowid = ?`);
      const insLog = this.stmt(`INSERT INTO ${q(t.log)} (rid) VALUES (?)`);
      for (const id of ids) {
        const row = getRid.get(id) as { rid: number } | undefined;
        if (!row) continue;
        delFts.run(row.rid);
        for (const d of dels) d.run(row.rid);
        st.lastSeq = Number(insLog.run(row.rid).lastInsertRowid);
        st.store.remove(row.rid);
      }
    });
  }

  async clear(index: IndexName): Promise<void> {
    const db = this.open();
    db.transaction(() => this.switchTo(db, index, this.createTables(db, index, this.nextGen(db, index)).gen)).immediate();
    this.afterSwitch(index);
  }

  private afterSwitch(index: IndexName): void {
    this.stmts.clear();
    this.states.delete(index);
  }

  async swapIn<I extends IndexName>(index: I, docs: DocFor<I>[] | AsyncIterable<DocFor<I>[]> | Iterable<DocFor<I>[]>): Promise<number> {
    const db = this.open();
    this.tables(index);
    // Build the next generation aside; searches keep using the live one meanwhile.
    const t = db.transaction(() => this.createTables(db, index, this.nextGen(db, index))).immediate();
    let count = 0;
    try {
      const batches: AsyncIterable<DocFor<I>[]> | Iterable<DocFor<I>[]> =
        Array.isArray(docs) && !Array.isArray(docs[0]) ? [docs as DocFor<I>[]] : (docs as Iterable<DocFor<I>[]>);
      for await (const batch of batches) {
        db.transaction(() => this.writeDocs(index, t, batch)).immediate();
        count += batch.length;
      }
      db.exec(`INSERT INTO ${q(t.fts)} (${q(t.fts)}) VALUES ('optimize')`);
      db.transaction(() => {
        this.switchTo(db, index, t.gen);
        this.setMeta(db, `stale:${index}`, "0");
      }).immediate();
    } catch (e) {
      db.transaction(() => this.dropTables(db, t)).immediate();
      throw e;
    } finally {
      this.afterSwitch(index);
    }
    return count;
  }

  // ---------- search ----------

  /** Latin words of the index vocabulary, for typo expansion (reloaded at most every 5 s when stale). */
  private latinVocab(st: IndexState, t: Tables): Set<string> {
    const now = Date.now();
    if (st.vocab && (!st.vocab.stale || now - st.vocab.loadedAt < 5000)) return st.vocab.words;
    const words = new Set<string>();
    // Latin words starting with a letter (a range scan: numbers and Han words are never typo-expanded)
    for (const term of this.stmt(`SELECT term FROM ${q(t.vocab)} WHERE term >= 'a' AND term < '{'`).pluck().iterate() as Iterable<string>) {
      if (isTypoWord(term)) words.add(term);
    }
    st.vocab = { words, loadedAt: now, stale: false };
    return words;
  }

  /** Typo variants of a Latin query word present in the vocabulary, with their typo counts. */
  private typoVariants(word: string, prefix: boolean, vocab: Set<string>): Array<{ term: string; typos: number }> {
    const budget = typoBudget(word);
    if (budget === 0) return [];
    const out: Array<{ term: string; typos: number }> = [];
    for (const term of vocab) {
      if (term === word || (prefix && term.startsWith(word))) continue;
      const d = typoDistance(word, term, budget, prefix);
      if (d !== null && d > 0 && d <= budget) out.push({ term, typos: d });
    }
    out.sort((a, b) => a.typos - b.typos || a.term.localeCompare(b.term));
    return out.slice(0, MAX_TYPO_VARIANTS);
  }

  private altFts(a: Alt): string {
    switch (a.kind) {
      case "term":
        return ftsString(a.text) + (a.prefix ? "*" : "");
      case "phrase":
        return ftsString(a.tokens.join(" "));
      case "near":
        return `NEAR(${a.tokens.map((tok, i) => ftsString(tok) + (a.prefixLast && i === a.tokens.length - 1 ? "*" : "")).join(" ")}, ${a.tokens.length * 2})`;
    }
  }

  private expand(plan: QueryPlan, st: IndexState, t: Tables): Expanded[] {
    const or = (xs: string[]) => (xs.length === 1 ? xs[0] : `(${xs.join(" OR ")})`);
    const typoable = (g: QueryGroup) => !!g.word && g.word.kind === "latin" && isTypoWord(g.word.text) && typoBudget(g.word.text) > 0;
    const needsVocab = plan.groups.some(typoable);
    const vocab = needsVocab ? this.latinVocab(st, t) : undefined;
    return plan.groups.map((group) => {
      const alts = group.alts.map((a) => this.altFts(a));
      const variants = group.word && typoable(group) && vocab ? this.typoVariants(group.word.text, group.word.prefix, vocab) : [];
      const e: Expanded = {
        group,
        exact: or(alts),
        withTypos: or([...alts, ...variants.map((v) => ftsString(v.term))]),
        hasTypos: variants.length > 0,
        variants,
      };
      if (variants.some((v) => v.typos >= 2)) e.oneTypo = or([...alts, ...variants.filter((v) => v.typos === 1).map((v) => ftsString(v.term))]);
      return e;
    });
  }

  /** Rowids matching an FTS5 expression, ascending (one JSON array: far cheaper than row by row). */
  private matchRids(t: Tables, expr: string): number[] {
    const json = this.stmt(`SELECT json_group_array(rowid) FROM ${q(t.fts)} WHERE ${q(t.fts)} MATCH ?`).pluck().get(expr) as string | null;
    return json ? (JSON.parse(json) as number[]) : [];
  }

  /** Marks the rowids matching `expr` in a bitmap over rids. */
  private matchMask(t: Tables, expr: string, size: number): Uint8Array {
    const mask = new Uint8Array(size + 1);
    for (const rid of this.matchRids(t, expr)) if (rid <= size) mask[rid] = 1;
    return mask;
  }

  async search<I extends IndexName>(index: I, params: SearchParams): Promise<SearchResult<DocFor<I>>> {
    const t0 = performance.now();
    const layout = layoutOf(index);
    const { settings } = layout;
    const { page, hitsPerPage, facets, sort, filter } = validateSearchParams(index, params);
    const t = this.tables(index);
    const st = this.states.get(index)!;
    const store = st.store;
    const pred: Predicate | null = store.compile(filter);
    const plan = planQuery(params.q);

    let hits: Int32Array | number[];
    let matched: QueryPlan = plan;
    let groups: Expanded[] = [];
    const placeholder = plan.groups.length === 0;
    if (placeholder) {
      hits = store.allRids(pred);
    } else {
      hits = [];
      // All words must match; when nothing does, drop words from the end. A shorter query is planned
      // again, so its new last word becomes the prefix (as Meilisearch does).
      for (let used = plan.groups.length; used >= 1; used--) {
        matched = used === plan.groups.length ? plan : planQuery(plan.normalized.slice(0, plan.groups[used - 1].end));
        groups = this.expand(matched, st, t);
        const rids = this.matchRids(t, groups.map((g) => g.withTypos).join(" AND "));
        const alive = store.alive;
        const out: number[] = [];
        for (const rid of rids) if (alive[rid] && (!pred || pred(rid))) out.push(rid);
        hits = out;
        if (out.length > 0) break;
      }
    }
    const total = hits.length;

    const facetDistribution: Record<string, Record<string, number>> = {};
    const facetStats: Record<string, { min: number; max: number }> = {};
    for (const facet of facets) {
      const r = store.facet(facet, hits, MAX_FACET_VALUES);
      facetDistribution[facet] = r.dist;
      if (r.stats) facetStats[facet] = r.stats;
    }

    // ranking tiers (Meilisearch's bucket sort: typo → proximity → attribute → insertion order)
    const capped = Math.min(total, MAX_TOTAL_HITS);
    const offset = (page - 1) * hitsPerPage;
    let pageRids: number[] = [];
    let tierOf: ((rid: number) => number) | null = null;
    if (hitsPerPage > 0 && offset < capped) {
      if (!placeholder && total > 1) {
        const size = store.maxRid;
        const masks: Array<{ mask: Uint8Array; weight: number }> = [];
        // typo: one point per word found only through a typo variant (two for two typos)
        for (const g of groups) {
          if (!g.hasTypos) continue;
          masks.push({ mask: this.matchMask(t, g.exact, size), weight: 16 });
          if (g.oneTypo) masks.push({ mask: this.matchMask(t, g.oneTypo, size), weight: 16 });
        }
        // proximity: all (simple) words within a few positions of each other
        const simple = groups.every((g) => g.group.alts.length === 1 && g.group.alts[0].kind === "term" && !g.hasTypos);
        if (groups.length > 1 && simple && total <= PROXIMITY_MAX_HITS) {
          masks.push({ mask: this.matchMask(t, `NEAR(${groups.map((g) => g.exact).join(" ")}, ${groups.length * 3})`, size), weight: 2 });
        }
        // attribute: every word found in a primary attribute (title, name, code...)
        if (layout.primaryCols.length && layout.primaryCols.length < layout.searchCols.length) {
          const expr = `{${layout.primaryCols.map(q).join(" ")}} : (${groups.map((g) => g.withTypos).join(" AND ")})`;
          masks.push({ mask: this.matchMask(t, expr, size), weight: 1 });
        }
        if (masks.length) {
          tierOf = (rid) => {
            let tier = 0;
            for (const m of masks) if (!m.mask[rid]) tier += m.weight;
            return tier;
          };
        }
      }
      pageRids = pickPage(hits, store, sort, tierOf, offset, Math.min(hitsPerPage, capped - offset));
    }

    const docs = new Map<number, { id: string; doc: string }>();
    if (pageRids.length) {
      for (const d of this.stmt(`SELECT rid, id, doc FROM ${q(t.docs)} WHERE rid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(pageRids)) as Array<{
        rid: number;
        id: string;
        doc: string;
      }>) {
        docs.set(d.rid, d);
      }
    }
    const terms = params.highlight ? matchTerms(groups) : undefined;
    const hitsOut: SearchHit<DocFor<I>>[] = pageRids.flatMap((rid) => {
      const d = docs.get(rid);
      if (!d) return [];
      const doc = JSON.parse(d.doc) as DocFor<I>;
      const hit: SearchHit<DocFor<I>> = { id: d.id, doc, _rankingScore: tierOf ? Math.round((1 / (1 + tierOf(rid) / 4)) * 1e4) / 1e4 : 1 };
      if (terms) hit._formatted = formatDoc(doc as unknown as Record<string, unknown>, settings, terms);
      return [hit];
    });

    return {
      hits: hitsOut,
      estimatedTotalHits: total,
      totalPages: hitsPerPage > 0 ? Math.ceil(capped / hitsPerPage) : 0,
      facetDistribution,
      facetStats,
      page,
      hitsPerPage,
      processingTimeMs: Math.round(performance.now() - t0),
      matchedQuery: placeholder ? "" : matched.normalized,
    };
  }
}

/**
 * The rids of one page: ordered by the sort attributes (nulls last), then the ranking tier, then rid.
 * Without a sort it is a counting sort over tiers; with one, a bounded heap of offset+limit entries.
 */
function pickPage(
  hits: ArrayLike<number>,
  store: ColumnStore,
  sort: Array<{ attr: string; desc: boolean }>,
  tierOf: ((rid: number) => number) | null,
  offset: number,
  limit: number,
): number[] {
  const need = offset + limit;
  if (sort.length === 0) {
    if (!tierOf) return Array.from({ length: limit }, (_, i) => hits[offset + i]);
    // hits are in rid order: bucket by tier, keep rid order within a tier
    const buckets = new Map<number, number[]>();
    for (let i = 0; i < hits.length; i++) {
      const rid = hits[i];
      const tier = tierOf(rid);
      let b = buckets.get(tier);
      if (!b) buckets.set(tier, (b = []));
      if (b.length < need) b.push(rid);
    }
    const ordered: number[] = [];
    for (const tier of [...buckets.keys()].sort((a, b) => a - b)) {
      for (const rid of buckets.get(tier)!) {
        ordered.push(rid);
        if (ordered.length >= need) return ordered.slice(offset);
      }
    }
    return ordered.slice(offset);
  }
  const cols = sort.map((s) => ({ values: store.numbers(s.attr)!, desc: s.desc }));
  const cmp = (a: number, b: number): number => {
    for (const c of cols) {
      const x = c.values[a];
      const y = c.values[b];
      const xn = Number.isNaN(x);
      const yn = Number.isNaN(y);
      if (xn || yn) {
        if (xn && yn) continue;
        return xn ? 1 : -1;
      }
      if (x !== y) return c.desc ? y - x : x - y;
    }
    if (tierOf) {
      const d = tierOf(a) - tierOf(b);
      if (d) return d;
    }
    return a - b;
  };
  // max-heap of the best `need` rids (the root is the worst kept)
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(heap[i], heap[p]) <= 0) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && cmp(heap[l], heap[m]) > 0) m = l;
      if (r < heap.length && cmp(heap[r], heap[m]) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let i = 0; i < hits.length; i++) {
    const rid = hits[i];
    if (heap.length < need) {
      heap.push(rid);
      up(heap.length - 1);
    } else if (cmp(rid, heap[0]) < 0) {
      heap[0] = rid;
      down(0);
    }
  }
  return heap.sort(cmp).slice(offset);
}

function matchTerms(groups: Expanded[]): MatchTerms {
  const terms: MatchTerms = { exact: new Set(), prefixes: new Set() };
  for (const g of groups) {
    for (const a of g.group.alts) {
      if (a.kind === "term") (a.prefix ? terms.prefixes : terms.exact).add(a.text);
      else if (a.kind === "phrase") {
        // a Han phrase is highlighted as one run (法援 → 法|援 must not mark every 法)
        if (a.tokens.every((x) => /\p{Script=Han}/u.test(x))) terms.exact.add(a.tokens.join(""));
        else a.tokens.forEach((x) => terms.exact.add(x));
      } else a.tokens.forEach((x, i) => (a.prefixLast && i === a.tokens.length - 1 ? terms.prefixes : terms.exact).add(x));
    }
    for (const v of g.variants) terms.exact.add(v.term);
  }
  return terms;
}

/** `_formatted`: highlighted (and for long fields cropped) copies of the highlight attributes. */
export function formatDoc(doc: Record<string, unknown>, settings: IndexSettings, terms: MatchTerms): Record<string, string> {
  const out: Record<string, string> = {};
  for (const attr of settings.highlight) {
    const v = doc[attr];
    if (v == null) continue;
    const text = Array.isArray(v) ? v.join("、") : String(v);
    out[attr] = highlight(text, terms, settings.crop.includes(attr) ? CROP_CHARS : undefined);
  }
  return out;
}
