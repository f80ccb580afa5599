import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FilterError,
  filterAnd,
  filterCmp,
  filterEq,
  filterIn,
  filterNe,
  filterNot,
  filterOr,
  filterRange,
  parseFilter,
  quoteFilterValue,
  serializeFilter,
  type FilterNode,
} from "./filter";
import { SETTINGS } from "./settings";

const P = SETTINGS.projects.filterable;
const O = SETTINGS.organizations.filterable;

describe("parseFilter", () => {
  it("parses comparisons, IN, TO, EXISTS, IS NULL/EMPTY with Meilisearch precedence", () => {
    expect(parseFilter('category = "legal_aid" AND district IN ["雨花区","开福区"] OR budgetFen >= 4')).toEqual({
      type: "or",
      children: [
        {
          type: "and",
          children: [
            { type: "cmp", attr: "category", op: "=", value: "legal_aid" },
            { type: "in", attr: "district", values: ["雨花区", "开福区"] },
          ],
        },
        { type: "cmp", attr: "budgetFen", op: ">=", value: "4" },
      ],
    });
    expect(parseFilter("NOT (a = 1 OR b != x)")).toEqual({
      type: "not",
      child: {
        type: "or",
        children: [
          { type: "cmp", attr: "a", op: "=", value: "1" },
          { type: "cmp", attr: "b", op: "!=", value: "x" },
        ],
      },
    });
    expect(parseFilter("NOT NOT a = 1")).toEqual({ type: "cmp", attr: "a", op: "=", value: "1" });
    expect(parseFilter("budgetFen 10 TO 20.5")).toEqual({ type: "range", attr: "budgetFen", from: "10", to: "20.5" });
    expect(parseFilter("a NOT IN [x, 'y z',]")).toEqual({ type: "not", child: { type: "in", attr: "a", values: ["x", "y z"] } });
    expect(parseFilter("a IN []")).toEqual({ type: "in", attr: "a", values: [] });
    expect(parseFilter("a EXISTS AND b NOT EXISTS")).toEqual({
      type: "and",
      children: [
        { type: "exists", attr: "a" },
        { type: "not", child: { type: "exists", attr: "b" } },
      ],
    });
    expect(parseFilter("a IS NULL OR a IS NOT EMPTY")).toEqual({
      type: "or",
      children: [
        { type: "null", attr: "a" },
        { type: "not", child: { type: "empty", attr: "a" } },
      ],
    });
    expect(parseFilter("a<-1.5")).toEqual({ type: "cmp", attr: "a", op: "<", value: "-1.5" });
    expect(parseFilter("  ")).toBeNull();
    expect(parseFilter(undefined)).toBeNull();
  });

  it("unescapes quoted values", () => {
    expect(parseFilter('a = "say \\"hi\\" \\\\ ok"')).toEqual({ type: "cmp", attr: "a", op: "=", value: 'say "hi" \\ ok' });
    expect(parseFilter("a = 'it\\'s'")).toEqual({ type: "cmp", attr: "a", op: "=", value: "it's" });
  });

  it("rejects malformed filters with a FilterError", () => {
    for (const bad of [
      "a =",
      "a = 1 AND",
      "= 1",
      "(a = 1",
      "a = 1)",
      'a = "open',
      "a IN [1, 2",
      "a ~ 1",
      "a 1 TO",
      "a = 1 b = 2",
      "a IS MAYBE",
      "a NOT = 1",
      "AND = 1",
      "a = OR",
    ]) {
      expect(() => parseFilter(bad), bad).toThrow(FilterError);
    }
    expect(() => parseFilter("(".repeat(100) + "a = 1" + ")".repeat(100))).toThrow(/deeply/);
    expect(() => parseFilter("a = 1 OR ".repeat(1000) + "a = 1")).toThrow(/longer/);
  });

  it("whitelists attributes and checks operators against types", () => {
    expect(() => parseFilter("state = PUBLISHED", P)).not.toThrow();
    expect(() => parseFilter("title = x", P)).toThrow(/not filterable/);
    expect(() => parseFilter("state = DRAFT OR password = 1", P)).toThrow(/not filterable/);
    expect(() => parseFilter("__proto__ = 1", P)).toThrow(/not filterable/);
    expect(() => parseFilter("constructor = 1", P)).toThrow(/not filterable/);
    expect(() => parseFilter("state > 1", P)).toThrow(/numeric/);
    expect(() => parseFilter("budgetFen > abc", P)).toThrow(/number/);
    expect(() => parseFilter("budgetFen a TO 3", P)).toThrow(/numbers/);
    expect(() => parseFilter("grade >= 4 AND categories = legal_aid AND incubated = true", O)).not.toThrow();
  });
});

describe("filter builders", () => {
  it("quote and escape values", () => {
    expect(filterEq("district", "yuhua")).toBe('district = "yuhua"');
    expect(filterEq("district", 'x" OR state = "DRAFT')).toBe('district = "x\\" OR state = \\"DRAFT"');
    expect(filterEq("code", "a\\")).toBe('code = "a\\\\"');
    expect(filterNe("state", "DRAFT")).toBe('state != "DRAFT"');
    expect(filterIn("district", ["a", 'b"]'])).toBe('district IN ["a", "b\\"]"]');
    expect(filterIn("district", [])).toBe("district IN []");
    expect(filterCmp("budgetFen", ">=", 100)).toBe("budgetFen >= 100");
    expect(filterRange("budgetFen", 1, 2)).toBe("budgetFen 1 TO 2");
    expect(filterEq("incubated", true)).toBe("incubated = true");
    expect(filterAnd("a = 1", null, "b = x OR c = 3", "")).toBe('(a = 1) AND ((b = "x") OR (c = 3))');
    expect(filterAnd("a = 1")).toBe("a = 1");
    expect(filterAnd()).toBe("");
    expect(filterOr("a = 1", "b = 2")).toBe("(a = 1) OR (b = 2)");
    expect(filterNot("a = 1 OR b = 2")).toBe("NOT ((a = 1) OR (b = 2))");
  });

  it("refuse to combine a part that only parses thanks to the surrounding parentheses", () => {
    expect(() => filterAnd('state != "DRAFT"', 'district = "x") OR (state = "DRAFT"')).toThrow(FilterError);
    expect(() => filterOr("a = 1", "b = 2) AND (c = 3")).toThrow(FilterError);
    expect(() => filterAnd("a = 1", "OR b = 2")).toThrow(FilterError);
  });

  it("refuse unsafe attribute names and non-finite numbers", () => {
    expect(() => filterEq('a = 1 OR b', "x")).toThrow(FilterError);
    expect(() => filterIn("a]", ["x"])).toThrow(FilterError);
    expect(() => filterCmp("a", ">=", Number.NaN)).toThrow(FilterError);
    expect(() => quoteFilterValue(Infinity)).toThrow(FilterError);
    expect(() => filterCmp("a", "= 1 OR b =" as never, 1)).toThrow(FilterError);
  });

  it("any string value round-trips through escape + parse unchanged (no injection)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), (v, vs) => {
        expect(parseFilter(filterEq("district", v))).toEqual({ type: "cmp", attr: "district", op: "=", value: v });
        expect(parseFilter(filterIn("district", vs))).toEqual({ type: "in", attr: "district", values: vs });
        const both = parseFilter(filterAnd(filterEq("state", "PUBLISHED"), filterEq("district", v)));
        expect(both).toEqual({
          type: "and",
          children: [
            { type: "cmp", attr: "state", op: "=", value: "PUBLISHED" },
            { type: "cmp", attr: "district", op: "=", value: v },
          ],
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("serializeFilter", () => {
  it("produces a canonical filter that parses back to the same AST", () => {
    const inputs = [
      'category = "legal_aid" AND district IN ["雨花区","开福区"] OR budgetFen >= 4',
      "NOT (a = 1 OR b != 'x\"y')",
      "a 1 TO 2 AND b EXISTS AND c NOT EXISTS AND d IS NULL AND e IS NOT EMPTY",
      'a = "back\\\\slash"',
    ];
    for (const input of inputs) {
      const ast = parseFilter(input) as FilterNode;
      expect(parseFilter(serializeFilter(ast))).toEqual(ast);
    }
    expect(serializeFilter(parseFilter('a = 1 AND (b = "x" OR c = y) AND d IN [1, -2.5, "3a"]') as FilterNode)).toBe(
      '(a = 1) AND ((b = "x") OR (c = "y")) AND (d IN [1, -2.5, "3a"])',
    );
  });
});
