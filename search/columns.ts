// In-memory column store of the filterable attributes of one index, keyed by the engine's integer
// row id (rid). Filters, facets and sorts run over typed arrays here instead of joining SQLite tables
// per hit: that is what keeps broad queries (tens of thousands of hits) fast. SQLite stays the source
// of truth; the store is loaded from it and kept current by the engine.
import type { FilterNode } from "./filter";
import type { AttrType } from "./settings";

interface Categorical {
  kind: "cat";
  ids: Int32Array; // rid → value id, -1 = null
  dict: string[]; // value id → value (first spelling seen)
  lookup: Map<string, number>; // lower-cased value → value id
}
interface Multi {
  kind: "multi";
  lists: Array<Int32Array | undefined>; // rid → value ids
  dict: string[];
  lookup: Map<string, number>;
}
interface Numeric {
  kind: "num";
  values: Float64Array; // NaN = null
}
type Column = Categorical | Multi | Numeric;

export type Predicate = (rid: number) => boolean;

const key = (v: string) => v.toLowerCase();

export class ColumnStore {
  private capacity = 0;
  /** 1 where a document exists. */
  alive = new Uint8Array(0);
  size = 0;
  maxRid = 0;
  private readonly columns = new Map<string, Column>();

  constructor(readonly types: Readonly<Record<string, AttrType>>) {
    for (const [attr, type] of Object.entries(types)) {
      if (type === "number") this.columns.set(attr, { kind: "num", values: new Float64Array(0) });
      else if (type === "string[]") this.columns.set(attr, { kind: "multi", lists: [], dict: [], lookup: new Map() });
      else this.columns.set(attr, { kind: "cat", ids: new Int32Array(0), dict: [], lookup: new Map() });
    }
  }

  private grow(rid: number): void {
    if (rid < this.capacity) return;
    let cap = Math.max(1024, this.capacity);
    while (cap <= rid) cap *= 2;
    const alive = new Uint8Array(cap);
    alive.set(this.alive);
    this.alive = alive;
    for (const col of this.columns.values()) {
      if (col.kind === "num") {
        const v = new Float64Array(cap).fill(Number.NaN);
        v.set(col.values);
        col.values = v;
      } else if (col.kind === "cat") {
        const ids = new Int32Array(cap).fill(-1);
        ids.set(col.ids);
        col.ids = ids;
      }
    }
    this.capacity = cap;
  }

  private valueId(col: Categorical | Multi, v: string): number {
    const k = key(v);
    let id = col.lookup.get(k);
    if (id === undefined) {
      id = col.dict.length;
      col.dict.push(v);
      col.lookup.set(k, id);
    }
    return id;
  }

  /** Sets (adds or replaces) the attributes of one row; `rec` holds document values. */
  set(rid: number, rec: Record<string, unknown>): void {
    this.grow(rid);
    if (!this.alive[rid]) {
      this.alive[rid] = 1;
      this.size++;
    }
    if (rid > this.maxRid) this.maxRid = rid;
    for (const [attr, col] of this.columns) {
      const v = rec[attr];
      if (col.kind === "num") {
        col.values[rid] = typeof v === "number" && Number.isFinite(v) ? v : Number.NaN;
      } else if (col.kind === "cat") {
        col.ids[rid] = v === null || v === undefined ? -1 : this.valueId(col, typeof v === "boolean" ? String(v) : String(v));
      } else {
        const vs = Array.isArray(v) ? [...new Set(v.filter((x) => x != null && x !== "").map((x) => this.valueId(col, String(x))))] : [];
        col.lists[rid] = vs.length ? Int32Array.from(vs) : undefined;
      }
    }
  }

  remove(rid: number): void {
    if (rid >= this.capacity || !this.alive[rid]) return;
    this.alive[rid] = 0;
    this.size--;
    for (const col of this.columns.values()) {
      if (col.kind === "num") col.values[rid] = Number.NaN;
      else if (col.kind === "cat") col.ids[rid] = -1;
      else col.lists[rid] = undefined;
    }
  }

  clear(): void {
    this.capacity = 0;
    this.alive = new Uint8Array(0);
    this.size = 0;
    this.maxRid = 0;
    for (const col of this.columns.values()) {
      if (col.kind === "num") col.values = new Float64Array(0);
      else if (col.kind === "cat") col.ids = new Int32Array(0);
      else col.lists = [];
    }
  }

  /** All live rids in ascending order. */
  allRids(pred?: Predicate | null): Int32Array {
    const out = new Int32Array(this.size);
    let n = 0;
    for (let rid = 1; rid <= this.maxRid; rid++) if (this.alive[rid] && (!pred || pred(rid))) out[n++] = rid;
    return out.subarray(0, n);
  }

  /** Compiles a (validated) filter AST to a predicate over rids, with Meilisearch semantics. */
  compile(node: FilterNode | null): Predicate | null {
    if (!node) return null;
    const F: Predicate = () => false;
    const T: Predicate = () => true;
    const num = (v: string): number | null => {
      const n = Number(v);
      return v.trim() !== "" && Number.isFinite(n) ? n : null;
    };
    const walk = (n: FilterNode): Predicate => {
      switch (n.type) {
        case "and": {
          const ps = n.children.map(walk);
          return (rid) => ps.every((p) => p(rid));
        }
        case "or": {
          const ps = n.children.map(walk);
          return (rid) => ps.some((p) => p(rid));
        }
        case "not": {
          const p = walk(n.child);
          return (rid) => !p(rid);
        }
      }
      const col = this.columns.get(n.attr);
      if (!col) return F;
      if (n.type === "exists") return T;
      if (col.kind === "num") {
        const vals = col.values;
        switch (n.type) {
          case "cmp": {
            const x = num(n.value);
            if (x === null) return n.op === "!=" ? T : F;
            switch (n.op) {
              case "=":
                return (rid) => vals[rid] === x;
              case "!=":
                return (rid) => vals[rid] !== x; // NaN (null) !== x → true, as NOT (=)
              case ">":
                return (rid) => vals[rid] > x;
              case ">=":
                return (rid) => vals[rid] >= x;
              case "<":
                return (rid) => vals[rid] < x;
              case "<=":
                return (rid) => vals[rid] <= x;
            }
            return F;
          }
          case "in": {
            const xs = new Set(n.values.map(num).filter((x): x is number => x !== null));
            return (rid) => xs.has(vals[rid]);
          }
          case "range": {
            const a = num(n.from);
            const b = num(n.to);
            if (a === null || b === null) return F;
            return (rid) => vals[rid] >= a && vals[rid] <= b;
          }
          case "null":
            return (rid) => Number.isNaN(vals[rid]);
          case "empty":
            return F;
        }
      }
      if (col.kind === "cat") {
        const ids = col.ids;
        const idOf = (v: string) => col.lookup.get(key(v)) ?? -2;
        switch (n.type) {
          case "cmp": {
            if (n.op !== "=" && n.op !== "!=") return F;
            const id = idOf(n.value);
            return n.op === "=" ? (rid) => ids[rid] === id : (rid) => ids[rid] !== id;
          }
          case "in": {
            const set = new Set(n.values.map(idOf));
            return (rid) => set.has(ids[rid]);
          }
          case "range":
            return F;
          case "null":
            return (rid) => ids[rid] === -1;
          case "empty": {
            const id = col.lookup.get("") ?? -2;
            return (rid) => ids[rid] === id;
          }
        }
      }
      const lists = (col as Multi).lists;
      const idOf = (v: string) => (col as Multi).lookup.get(key(v)) ?? -2;
      const has = (rid: number, id: number) => {
        const l = lists[rid];
        if (!l) return false;
        for (let i = 0; i < l.length; i++) if (l[i] === id) return true;
        return false;
      };
      switch (n.type) {
        case "cmp": {
          if (n.op !== "=" && n.op !== "!=") return F;
          const id = idOf(n.value);
          return n.op === "=" ? (rid) => has(rid, id) : (rid) => !has(rid, id);
        }
        case "in": {
          const set = new Set(n.values.map(idOf));
          return (rid) => {
            const l = lists[rid];
            if (!l) return false;
            for (let i = 0; i < l.length; i++) if (set.has(l[i])) return true;
            return false;
          };
        }
        case "null":
        case "range":
          return F;
        case "empty":
          return (rid) => !lists[rid];
      }
      return F;
    };
    return walk(node);
  }

  /** Value counts of one attribute over the given rids (values sorted, at most `max`). */
  facet(attr: string, rids: ArrayLike<number>, max = 100): { dist: Record<string, number>; stats?: { min: number; max: number } } {
    const col = this.columns.get(attr);
    const dist: Record<string, number> = {};
    if (!col) return { dist };
    if (col.kind === "num") {
      const counts = new Map<number, number>();
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = 0; i < rids.length; i++) {
        const v = col.values[rids[i]];
        if (Number.isNaN(v)) continue;
        counts.set(v, (counts.get(v) ?? 0) + 1);
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      for (const v of [...counts.keys()].sort((a, b) => a - b).slice(0, max)) dist[String(v)] = counts.get(v)!;
      return counts.size ? { dist, stats: { min: mn, max: mx } } : { dist };
    }
    const counts = new Int32Array(col.dict.length);
    if (col.kind === "cat") {
      const ids = col.ids;
      for (let i = 0; i < rids.length; i++) {
        const id = ids[rids[i]];
        if (id >= 0) counts[id]++;
      }
    } else {
      for (let i = 0; i < rids.length; i++) {
        const l = col.lists[rids[i]];
        if (l) for (let j = 0; j < l.length; j++) counts[l[j]]++;
      }
    }
    const present: number[] = [];
    for (let id = 0; id < counts.length; id++) if (counts[id] > 0) present.push(id);
    present.sort((a, b) => (col.dict[a] < col.dict[b] ? -1 : col.dict[a] > col.dict[b] ? 1 : 0));
    for (const id of present.slice(0, max)) dist[col.dict[id]] = counts[id];
    return { dist };
  }

  /** The numeric column of a sortable attribute (NaN = null). */
  numbers(attr: string): Float64Array | undefined {
    const col = this.columns.get(attr);
    return col?.kind === "num" ? col.values : undefined;
  }
}
