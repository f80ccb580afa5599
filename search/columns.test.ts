import { describe, expect, it } from "vitest";
import { ColumnStore } from "./columns";
import { parseFilter } from "./filter";

const types = { state: "string", budgetFen: "number", incubated: "boolean", tags: "string[]" } as const;

describe("ColumnStore", () => {
  it("grows, replaces and removes rows", () => {
    const s = new ColumnStore(types);
    for (let rid = 1; rid <= 3000; rid++) s.set(rid, { state: rid % 2 ? "A" : "B", budgetFen: rid, incubated: "true", tags: rid % 3 ? [] : ["x", "x", "Y"] });
    expect(s.size).toBe(3000);
    s.set(2, { state: "A", budgetFen: null, incubated: null, tags: ["z"] });
    s.remove(3);
    s.remove(3);
    s.remove(99_999);
    expect(s.size).toBe(2999);
    const rids = (f: string) => [...s.allRids(s.compile(parseFilter(f)))];
    expect(rids("budgetFen IS NULL")).toEqual([2]);
    expect(rids("budgetFen <= 6")).toEqual([1, 4, 5, 6]);
    expect(rids("tags = y AND budgetFen < 10")).toEqual([6, 9]);
    expect(rids("tags IS EMPTY AND budgetFen < 6")).toEqual([1, 4, 5]);
    expect(rids("state = a AND budgetFen < 6")).toEqual([1, 5]); // case-insensitive, like Meilisearch
    expect(rids("state != A AND budgetFen < 7")).toEqual([4, 6]);
    expect(rids("NOT incubated = true AND budgetFen < 1000").length).toBe(0);
    expect(rids("incubated IS NULL")).toEqual([2]);
    expect(rids("state = nosuchvalue")).toEqual([]);
    expect(rids("state != nosuchvalue").length).toBe(2999);
  });

  it("counts facets with first-seen spelling, sorted, and numeric stats", () => {
    const s = new ColumnStore(types);
    s.set(1, { state: "Open", budgetFen: 5, incubated: "true", tags: ["b", "a"] });
    s.set(2, { state: "open", budgetFen: 7, incubated: "false", tags: ["a"] });
    s.set(3, { state: "Closed", budgetFen: null, incubated: "true", tags: [] });
    const all = s.allRids();
    expect(s.facet("state", all).dist).toEqual({ Closed: 1, Open: 2 });
    expect(s.facet("tags", all).dist).toEqual({ a: 2, b: 1 });
    expect(s.facet("incubated", all).dist).toEqual({ false: 1, true: 2 });
    expect(s.facet("budgetFen", all)).toEqual({ dist: { 5: 1, 7: 1 }, stats: { min: 5, max: 7 } });
    expect(s.facet("budgetFen", [3])).toEqual({ dist: {} });
  });
});
