// Embedded search engine: SQLite FTS5 (better-sqlite3) in a separate file (SEARCH_DB_PATH, default
// ./data/search.db), independent of the main database. Text is pre-segmented in search mode
// (tokenizer.ts) and stored in a contentless FTS5 table; filter/sort attributes live in a narrow table
// (f_*), multi-valued attributes in a side table (m_*), the JSON documents in docs_*.
//
// Each index lives in a numbered generation of tables; `meta` points at the live one, so swapIn
// builds a new generation aside and switches the pointer in one transaction.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { FilterNode } from "./filter";
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
import { planQuery, isLatinWord, type Alt, type QueryGroup, type QueryPlan } from "./query";
import { validateSearchParams } from "./validate";
import { CROP_CHARS, MAX_TOTAL_HITS, SETTINGS, type AttrType, type IndexSettings } from "./settings";
import { highlight, typoBudget, typoDistance, type MatchTerms } from "./text";
import { TOKENIZER_VERSION, indexTokens } from "./tokenizer";

type DB = Database.Database;
type Stmt = Database.Statement;

/** Bump when the table layout changes (forces a rebuild like a tokenizer change). */
const SCHEMA_VERSION = 1;
const MAX_TYPO_VARIANTS = 20;
const MAX_FACET_VALUES = 100;

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
  scalarAttrs: Array<[string, AttrType]>;
  arrayAttrs: string[];
}

function layoutOf(index: IndexName): Layout {
  const settings = SETTINGS[index];
  const filterable = Object.entries(settings.filterable);
  return {
    settings,
    searchCols: settings.searchable.map((s) => s.attr),
    scalarAttrs: filterable.filter(([, t]) => t !== "string[]"),
    arrayAttrs: filterable.filter(([, t]) => t === "string[]").map(([a]) => a),
  };
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
  vocab: string;
}

const tablesOf = (index: IndexName, gen: number): Tables => ({
  gen,
  docs: `docs_${index}_${gen}`,
  fts: `fts_${index}_${gen}`,
  f: `f_${index}_${gen}`,
  m: `m_${index}_${gen}`,
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

interface Compiled {
  sql: string;
  args: unknown[];
}

/** A WHERE clause over `f` (alias) for a filter AST. NULLs never leak: NOT wraps its operand with ifnull. */
function compileFilter(node: FilterNode | null, layout: Layout, m: string): Compiled {
  if (!node) return { sql: "1", args: [] };
  const args: unknown[] = [];
  const types = layout.settings.filterable;
  const col = (a: string) => `f.${q(a)}`;
  const num = (v: string): number | null => {
    const n = Number(v);
    return v.trim() !== "" && Number.isFinite(n) ? n : null;
  };
  const scalarArg = (type: AttrType, v: string): unknown => (type === "number" ? num(v) : type === "boolean" ? v.toLowerCase() : v);
  const walk = (n: FilterNode): string => {
    switch (n.type) {
      case "and":
        return `(${n.children.map(walk).join(" AND ")})`;
      case "or":
        return `(${n.children.map(walk).join(" OR ")})`;
      case "not":
        return `(NOT ifnull(${walk(n.child)}, 0))`;
    }
    const type = types[n.attr];
    if (type === "string[]") {
      switch (n.type) {
        case "cmp": {
          args.push(n.attr, n.value);
          const e = `EXISTS (SELECT 1 FROM ${q(m)} mm WHERE mm.attr = ? AND mm.value = ? AND mm.rid = f.rid)`;
          return n.op === "=" ? e : `(NOT ${e})`;
        }
        case "in":
          if (n.values.length === 0) return "0";
          args.push(n.attr, ...n.values);
          return `EXISTS (SELECT 1 FROM ${q(m)} mm WHERE mm.attr = ? AND mm.value IN (${n.values.map(() => "?").join(",")}) AND mm.rid = f.rid)`;
        case "exists":
          return "1";
        case "null":
          return "0";
        case "empty":
          args.push(n.attr);
          return `(NOT EXISTS (SELECT 1 FROM ${q(m)} mm WHERE mm.rid = f.rid AND mm.attr = ?))`;
        case "range":
          return "0";
      }
    }
    switch (n.type) {
      case "cmp": {
        const v = scalarArg(type, n.value);
        if (v === null) return n.op === "!=" ? "1" : "0";
        args.push(v);
        if (n.op === "!=") return `(NOT ifnull(${col(n.attr)} = ?, 0))`;
        return `${col(n.attr)} ${n.op} ?`;
      }
      case "in": {
        const vs = n.values.map((v) => scalarArg(type, v)).filter((v) => v !== null);
        if (vs.length === 0) return "0";
        args.push(...vs);
        return `${col(n.attr)} IN (${vs.map(() => "?").join(",")})`;
      }
      case "range": {
        const a = num(n.from);
        const b = num(n.to);
        if (a === null || b === null) return "0";
        args.push(a, b);
        return `${col(n.attr)} BETWEEN ? AND ?`;
      }
      case "exists":
        return "1";
      case "null":
        return `${col(n.attr)} IS NULL`;
      case "empty":
        return type === "string" ? `${col(n.attr)} = ''` : "0";
    }
  };
  return { sql: walk(node), args };
}

interface VocabCache {
  gen: number;
  words: Set<string>;
  loadedAt: number;
  stale: boolean;
}

export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = "embedded" as const;
  readonly path: string;
  private db: DB | null = null;
  private stmts = new Map<string, Stmt>();
  private gens = new Map<IndexName, number>();
  private vocab = new Map<IndexName, VocabCache>();
  private dataVersion = -1;

  constructor(opts: EmbeddedOptions = {}) {
    this.path = opts.path ?? defaultSearchDbPath();
  }

  // ---------- lifecycle ----------

  async init(): Promise<void> {
    this.open();
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
      db.exec("CREATE TEMP TABLE IF NOT EXISTS lb_hits (rid INTEGER PRIMARY KEY, typo INTEGER NOT NULL, prox INTEGER NOT NULL, score REAL NOT NULL)");
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
    const sig = signature(index);
    if (gen > 0 && this.meta(db, `sig:${index}`) === sig) return;
    const next = gen + 1;
    this.createTables(db, index, next);
    this.setMeta(db, `gen:${index}`, String(next));
    this.setMeta(db, `sig:${index}`, sig);
    this.setMeta(db, `stale:${index}`, "1");
    if (gen > 0) this.dropTables(db, tablesOf(index, gen));
  }

  private createTables(db: DB, index: IndexName, gen: number): Tables {
    const t = tablesOf(index, gen);
    const layout = layoutOf(index);
    this.dropTables(db, t);
    db.exec(`CREATE TABLE ${q(t.docs)} (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`);
    db.exec(
      `CREATE VIRTUAL TABLE ${q(t.fts)} USING fts5(${layout.searchCols.map(q).join(", ")}, content='', contentless_delete=1, tokenize='ascii', prefix='1 2 3')`,
    );
    const cols = layout.scalarAttrs.map(([a, type]) => `${q(a)} ${type === "number" ? "NUMERIC" : "TEXT COLLATE NOCASE"}`);
    db.exec(`CREATE TABLE ${q(t.f)} (rid INTEGER PRIMARY KEY${cols.length ? ", " + cols.join(", ") : ""})`);
    for (const [a] of layout.scalarAttrs) {
      if (a === "id") continue;
      db.exec(`CREATE INDEX ${q(`${t.f}_${a}`)} ON ${q(t.f)} (${q(a)})`);
    }
    db.exec(`CREATE TABLE ${q(t.m)} (attr TEXT NOT NULL, value TEXT NOT NULL COLLATE NOCASE, rid INTEGER NOT NULL, PRIMARY KEY (attr, value, rid)) WITHOUT ROWID`);
    db.exec(`CREATE INDEX ${q(`${t.m}_rid`)} ON ${q(t.m)} (rid, attr)`);
    db.exec(`CREATE VIRTUAL TABLE ${q(t.vocab)} USING fts5vocab(${q(t.fts)}, 'row')`);
    return t;
  }

  private dropTables(db: DB, t: Tables): void {
    for (const name of [t.vocab, t.fts, t.m, t.f, t.docs]) db.exec(`DROP TABLE IF EXISTS ${q(name)}`);
  }

  /** Live tables of an index; re-reads the generation pointer when another connection committed. */
  private tables(index: IndexName): Tables {
    const db = this.open();
    const dv = db.pragma("data_version", { simple: true }) as number;
    if (dv !== this.dataVersion) {
      this.dataVersion = dv;
      this.gens.clear();
      for (const v of this.vocab.values()) v.stale = true;
    }
    let gen = this.gens.get(index);
    if (gen === undefined) {
      gen = Number(this.meta(db, `gen:${index}`) ?? 0);
      if (!gen) {
        db.transaction(() => this.ensureIndex(db, index)).immediate();
        gen = Number(this.meta(db, `gen:${index}`));
      }
      this.gens.set(index, gen);
    }
    return tablesOf(index, gen);
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

  async close(): Promise<void> {
    this.stmts.clear();
    this.db?.close();
    this.db = null;
  }

  async health(): Promise<EngineHealth> {
    try {
      const db = this.open();
      db.prepare("SELECT count(*) FROM meta").get();
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
    const t = this.tables(index);
    return (this.stmt(`SELECT count(*) AS n FROM ${q(t.docs)}`).get() as { n: number }).n;
  }

  // ---------- writes ----------

  private writeDocs(index: IndexName, t: Tables, docs: AnyDoc[], learn: boolean): void {
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
    const insM = this.stmt(`INSERT OR IGNORE INTO ${q(t.m)} (attr, value, rid) VALUES (?, ?, ?)`);
    const learned = learn ? this.vocab.get(index) : undefined;
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
        if (learned && learned.gen === t.gen) for (const tok of toks) if (isLatinWord(tok)) learned.words.add(tok);
        return toks.join(" ");
      });
      insFts.run(rid, ...texts);
      insF.run(rid, ...layout.scalarAttrs.map(([a, type]) => scalarValue(type, rec[a])));
      delM.run(rid);
      for (const a of layout.arrayAttrs) {
        const vs = rec[a];
        if (Array.isArray(vs)) for (const v of vs) if (v != null && v !== "") insM.run(a, String(v), rid);
      }
    }
  }

  async upsert<I extends IndexName>(index: I, docs: DocFor<I>[]): Promise<void> {
    if (docs.length === 0) return;
    const t = this.tables(index);
    this.open().transaction(() => this.writeDocs(index, t, docs, true)).immediate();
  }

  async delete(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const t = this.tables(index);
    const getRid = this.stmt(`SELECT rid FROM ${q(t.docs)} WHERE id = ?`);
    const dels = [t.docs, t.f].map((tb) => this.stmt(`DELETE FROM ${q(tb)} WHERE rid = ?`));
    const delFts = this.stmt(`DELETE FROM ${q(t.fts)} WHERE rowid = ?`);
    const delM = this.stmt(`DELETE FROM ${q(t.m)} WHERE rid = ?`);
    this.open()
      .transaction(() => {
        for (const id of ids) {
          const row = getRid.get(id) as { rid: number } | undefined;
          if (!row) continue;
          delFts.run(row.rid);
          delM.run(row.rid);
          for (const d of dels) d.run(row.rid);
        }
      })
      .immediate();
  }

  async clear(index: IndexName): Promise<void> {
    const t = this.tables(index);
    this.open()
      .transaction(() => {
        this.stmt(`DELETE FROM ${q(t.docs)}`).run();
        this.stmt(`DELETE FROM ${q(t.f)}`).run();
        this.stmt(`DELETE FROM ${q(t.m)}`).run();
        this.stmt(`INSERT INTO ${q(t.fts)} (${q(t.fts)}) VALUES ('delete-all')`).run();
      })
      .immediate();
    this.vocab.delete(index);
  }

  async swapIn<I extends IndexName>(index: I, docs: DocFor<I>[] | AsyncIterable<DocFor<I>[]> | Iterable<DocFor<I>[]>): Promise<number> {
    const db = this.open();
    const live = this.tables(index);
    // Build the next generation aside; searches keep using the live one meanwhile.
    const next = Math.max(live.gen, Number(this.meta(db, `building:${index}`) ?? 0)) + 1;
    this.setMeta(db, `building:${index}`, String(next));
    const t = db.transaction(() => this.createTables(db, index, next)).immediate();
    let count = 0;
    try {
      const batches: AsyncIterable<DocFor<I>[]> | Iterable<DocFor<I>[]> = Array.isArray(docs) && !Array.isArray(docs[0]) ? [docs as DocFor<I>[]] : (docs as Iterable<DocFor<I>[]>);
      for await (const batch of batches) {
        db.transaction(() => this.writeDocs(index, t, batch, false)).immediate();
        count += batch.length;
      }
      db.transaction(() => {
        const current = Number(this.meta(db, `gen:${index}`) ?? 0);
        this.setMeta(db, `gen:${index}`, String(next));
        this.setMeta(db, `sig:${index}`, signature(index));
        this.setMeta(db, `stale:${index}`, "0");
        if (current && current !== next) this.dropTables(db, tablesOf(index, current));
      }).immediate();
    } catch (e) {
      db.transaction(() => this.dropTables(db, t)).immediate();
      throw e;
    } finally {
      this.stmts.clear();
      this.gens.delete(index);
      this.vocab.delete(index);
    }
    db.exec(`INSERT INTO ${q(t.fts)} (${q(t.fts)}) VALUES ('optimize')`);
    return count;
  }

  // ---------- search ----------

  /** Latin words of the index vocabulary, for typo expansion. */
  private latinVocab(index: IndexName, t: Tables): Set<string> {
    const cached = this.vocab.get(index);
    const now = Date.now();
    if (cached && cached.gen === t.gen && (!cached.stale || now - cached.loadedAt < 5000)) return cached.words;
    const words = new Set<string>();
    for (const row of this.stmt(`SELECT term FROM ${q(t.vocab)}`).iterate() as Iterable<{ term: string }>) {
      if (isLatinWord(row.term)) words.add(row.term);
    }
    this.vocab.set(index, { gen: t.gen, words, loadedAt: now, stale: false });
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

  async search<I extends IndexName>(index: I, params: SearchParams): Promise<SearchResult<DocFor<I>>> {
    const t0 = performance.now();
    const layout = layoutOf(index);
    const { settings } = layout;
    const { page, hitsPerPage, facets, sort, filter } = validateSearchParams(index, params);
    const t = this.tables(index);
    const where = compileFilter(filter, layout, t.m);
    const plan = planQuery(params.q);

    // Expand each query group into FTS5 alternatives (+ typo variants for Latin words).
    interface Expanded {
      group: QueryGroup;
      exact: string; // FTS expression without typo variants
      withTypos: string; // FTS expression including typo variants
      oneTypo?: string; // for 2-typo words: alternatives with at most one typo
      hasTypos: boolean;
      variants: Array<{ term: string; typos: number }>;
    }
    const or = (xs: string[]) => (xs.length === 1 ? xs[0] : `(${xs.join(" OR ")})`);
    const expand = (p: QueryPlan): Expanded[] => {
      const vocab = p.groups.some((g) => g.word && g.word.kind === "latin" && typoBudget(g.word.text) > 0) ? this.latinVocab(index, t) : undefined;
      return p.groups.map((group) => {
        const alts = group.alts.map((a) => this.altFts(a));
        const variants = group.word && group.word.kind === "latin" && vocab ? this.typoVariants(group.word.text, group.word.prefix, vocab) : [];
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
    };

    this.stmt("DELETE FROM temp.lb_hits").run();
    let used = plan.groups.length;
    let total = 0;
    const placeholder = used === 0;
    // The query actually matched: all words, or fewer when trailing words were dropped. A shorter
    // query is planned again, so its new last word becomes the prefix (as Meilisearch does).
    let matched: QueryPlan = plan;
    let groups: Expanded[] = [];
    if (placeholder) {
      total = (this.stmt(`SELECT count(*) AS n FROM ${q(t.f)} f WHERE ${where.sql}`).get(...where.args) as { n: number }).n;
    } else {
      const weights = settings.searchable.map((s) => s.weight).join(", ");
      for (; used >= 1; used--) {
        matched = used === plan.groups.length ? plan : planQuery(plan.normalized.slice(0, plan.groups[used - 1].end));
        groups = expand(matched);
        const match = groups.map((g) => g.withTypos).join(" AND ");
        const typoParts: string[] = [];
        const typoArgs: string[] = [];
        for (const g of groups) {
          if (!g.hasTypos) continue;
          typoParts.push(`(CASE WHEN ${q(t.fts)}.rowid IN (SELECT rowid FROM ${q(t.fts)} WHERE ${q(t.fts)} MATCH ?) THEN 0 ELSE 1 END)`);
          typoArgs.push(g.exact);
          if (g.oneTypo) {
            typoParts.push(`(CASE WHEN ${q(t.fts)}.rowid IN (SELECT rowid FROM ${q(t.fts)} WHERE ${q(t.fts)} MATCH ?) THEN 0 ELSE 1 END)`);
            typoArgs.push(g.oneTypo);
          }
        }
        // proximity: all words (single-alternative groups) close together, in any order
        let proxSql = "0";
        const proxArgs: string[] = [];
        const simple = groups.every((g) => g.group.alts.length === 1 && g.group.alts[0].kind === "term" && !g.hasTypos);
        if (groups.length > 1 && simple) {
          proxSql = `(CASE WHEN ${q(t.fts)}.rowid IN (SELECT rowid FROM ${q(t.fts)} WHERE ${q(t.fts)} MATCH ?) THEN 0 ELSE 1 END)`;
          proxArgs.push(`NEAR(${groups.map((g) => g.exact).join(" ")}, ${groups.length * 3})`);
        }
        const sql =
          `INSERT INTO temp.lb_hits (rid, typo, prox, score) ` +
          `SELECT ${q(t.fts)}.rowid, ${typoParts.length ? typoParts.join(" + ") : "0"}, ${proxSql}, bm25(${q(t.fts)}, ${weights}) ` +
          `FROM ${q(t.fts)} JOIN ${q(t.f)} f ON f.rid = ${q(t.fts)}.rowid ` +
          `WHERE ${q(t.fts)} MATCH ? AND ${where.sql}`;
        total = Number(this.stmt(sql).run(...typoArgs, ...proxArgs, match, ...where.args).changes);
        if (total > 0 || used === 1) break;
      }
    }

    // where the hits are, for facets and the page
    const from = placeholder ? `${q(t.f)} f` : `temp.lb_hits h JOIN ${q(t.f)} f ON f.rid = h.rid`;
    const fromWhere = placeholder ? where.sql : "1";
    const fromArgs = placeholder ? where.args : [];

    const facetDistribution: Record<string, Record<string, number>> = {};
    const facetStats: Record<string, { min: number; max: number }> = {};
    for (const facet of facets) {
      const type = settings.filterable[facet];
      const dist: Record<string, number> = {};
      let rows: Array<{ v: unknown; c: number }>;
      if (type === "string[]") {
        rows = this.stmt(
          `SELECT mm.value AS v, count(*) AS c FROM ${from} JOIN ${q(t.m)} mm ON mm.rid = f.rid AND mm.attr = ? WHERE ${fromWhere} GROUP BY mm.value ORDER BY mm.value LIMIT ${MAX_FACET_VALUES}`,
        ).all(facet, ...fromArgs) as Array<{ v: unknown; c: number }>;
      } else {
        rows = this.stmt(
          `SELECT f.${q(facet)} AS v, count(*) AS c FROM ${from} WHERE ${fromWhere} AND f.${q(facet)} IS NOT NULL GROUP BY f.${q(facet)} ORDER BY f.${q(facet)} LIMIT ${MAX_FACET_VALUES}`,
        ).all(...fromArgs) as Array<{ v: unknown; c: number }>;
        if (type === "number" && total > 0) {
          const st = this.stmt(`SELECT min(f.${q(facet)}) AS mn, max(f.${q(facet)}) AS mx FROM ${from} WHERE ${fromWhere}`).get(...fromArgs) as {
            mn: number | null;
            mx: number | null;
          };
          if (st.mn !== null && st.mx !== null) facetStats[facet] = { min: st.mn, max: st.mx };
        }
      }
      for (const r of rows) dist[String(r.v)] = r.c;
      facetDistribution[facet] = dist;
    }

    // the page
    const capped = Math.min(total, MAX_TOTAL_HITS);
    const offset = (page - 1) * hitsPerPage;
    let hits: SearchHit<DocFor<I>>[] = [];
    if (hitsPerPage > 0 && offset < capped) {
      const order: string[] = [];
      for (const s of sort) order.push(`(f.${q(s.attr)} IS NULL)`, `f.${q(s.attr)} ${s.desc ? "DESC" : "ASC"}`);
      if (!placeholder) order.push("h.typo", "h.prox", "h.score");
      order.push("f.rid");
      const cols = placeholder ? "f.rid AS rid, 0 AS typo, 0 AS prox, 0 AS score" : "h.rid AS rid, h.typo AS typo, h.prox AS prox, h.score AS score";
      const rows = this.stmt(`SELECT ${cols} FROM ${from} WHERE ${fromWhere} ORDER BY ${order.join(", ")} LIMIT ? OFFSET ?`).all(
        ...fromArgs,
        Math.min(hitsPerPage, capped - offset),
        offset,
      ) as Array<{ rid: number; typo: number; prox: number; score: number }>;
      const docs = new Map<number, { id: string; doc: string }>();
      if (rows.length) {
        for (const d of this.stmt(`SELECT rid, id, doc FROM ${q(t.docs)} WHERE rid IN (SELECT value FROM json_each(?))`).all(
          JSON.stringify(rows.map((r) => r.rid)),
        ) as Array<{ rid: number; id: string; doc: string }>) {
          docs.set(d.rid, d);
        }
      }
      const terms = params.highlight ? this.matchTerms(groups) : undefined;
      const best = rows.reduce((m, r) => Math.min(m, r.score), 0);
      hits = rows.flatMap((r) => {
        const d = docs.get(r.rid);
        if (!d) return [];
        const doc = JSON.parse(d.doc) as DocFor<I>;
        const hit: SearchHit<DocFor<I>> = { id: d.id, doc };
        hit._rankingScore = placeholder ? 1 : Math.round((1 / (1 + r.typo)) * (r.prox ? 0.9 : 1) * (best < 0 ? r.score / best : 1) * 1e4) / 1e4;
        if (terms) hit._formatted = formatDoc(doc as unknown as Record<string, unknown>, settings, terms);
        return [hit];
      });
    }

    return {
      hits,
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

  private matchTerms(groups: Array<{ group: QueryGroup; variants: Array<{ term: string }> }>): MatchTerms {
    const terms: MatchTerms = { exact: new Set(), prefixes: new Set() };
    for (const g of groups) {
      for (const a of g.group.alts) {
        if (a.kind === "term") (a.prefix ? terms.prefixes : terms.exact).add(a.text);
        else if (a.kind === "phrase") {
          // a Han phrase is highlighted as one run (法援 → 法|援 must not mark every 法)
          if (a.tokens.every((x) => /\p{Script=Han}/u.test(x))) terms.exact.add(a.tokens.join(""));
          else a.tokens.forEach((x) => terms.exact.add(x));
        }
        else a.tokens.forEach((x, i) => (a.prefixLast && i === a.tokens.length - 1 ? terms.prefixes : terms.exact).add(x));
      }
      for (const v of g.variants) terms.exact.add(v.term);
    }
    return terms;
  }
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
