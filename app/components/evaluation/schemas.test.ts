import { describe, expect, it } from "vitest";
import { parseWithZod } from "@conform-to/zod";
import { defaultIndicatorTree } from "~/domain/indicators.server";
import { allocateByPercent } from "~/domain/payments.server";
import {
  bandsToText,
  indicatorEditorSchema,
  parseBands,
  previewAllocation,
  rowsToTree,
  scheduleSchema,
  shanghaiDayStart,
  treeToRows,
  type IndicatorRow,
} from "./schemas";

/** Editor rows as Conform would parse them (strings → numbers, empty → undefined). */
function parsedRows(): IndicatorRow[] {
  return treeToRows(defaultIndicatorTree()).map((r) => ({
    code: r.code,
    parent: r.parent || undefined,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    weight: Number(r.weight),
    kind: r.kind as IndicatorRow["kind"],
    bands: r.bands || undefined,
    graceDays: r.graceDays ? Number(r.graceDays) : undefined,
    pointsPerDayLate: r.pointsPerDayLate ? Number(r.pointsPerDayLate) : undefined,
    pointsPerItem: r.pointsPerItem ? Number(r.pointsPerItem) : undefined,
    minResponses: r.minResponses ? Number(r.minResponses) : undefined,
    missing: r.missing as IndicatorRow["missing"],
  }));
}

describe("indicator editor rows", () => {
  it("round-trips the default tree through editor rows", () => {
    const { tree, issues, formIssues } = rowsToTree(parsedRows(), "zh-CN");
    expect(issues).toEqual([]);
    expect(formIssues).toEqual([]);
    expect(tree).toEqual(defaultIndicatorTree());
  });

  it("puts a weight-sum error on every sibling's weight, in the user's language", () => {
    const rows = parsedRows();
    rows[0].weight = 20; // completion 25 → 20: level 1 adds up to 95
    const { issues } = rowsToTree(rows, "zh-CN");
    const top = rows.map((r, i) => (r.parent ? -1 : i)).filter((i) => i >= 0);
    expect(issues.map((i) => i.index).sort()).toEqual(top.sort());
    expect(issues.every((i) => i.field === "weight")).toBe(true);
    expect(issues[0].message).toBe("同级指标权重之和须为 100%（一级指标 下当前为 95%）");
    const en = rowsToTree(rows, "en").issues[0].message;
    expect(en).toBe("Sibling weights must add up to 100% (under top level they add up to 95%)");
  });

  it("rejects a parent that is missing, not a group, the row itself or a cycle", () => {
    const rows = parsedRows();
    rows[1].parent = "nope";
    rows[2].parent = rows[2].code;
    const { issues } = rowsToTree(rows, "en");
    expect(issues.filter((i) => i.field === "parent").map((i) => i.index)).toEqual([1, 2]);
    const leafParent = parsedRows();
    leafParent[2].parent = leafParent[1].code; // a leaf as parent
    expect(rowsToTree(leafParent, "en").issues[0]).toMatchObject({ index: 2, field: "parent" });
  });

  it("flags a fourth level on the row's parent field and bad bands on the bands field", () => {
    const rows = parsedRows();
    // completion.plan becomes a group holding a level-3 group holding a level-4 leaf.
    rows.push({ ...rows[2], code: "x.g3", parent: "completion.plan", kind: "GROUP", weight: 100 });
    rows.push({ ...rows[2], code: "x.leaf4", parent: "x.g3", kind: "BROKER_ASSESSMENT", weight: 100 });
    rows[2] = { ...rows[2], kind: "GROUP" };
    const depth = rowsToTree(rows, "en").issues;
    expect(depth.some((i) => i.field === "parent" && rows[i.index].code === "x.leaf4")).toBe(true);

    const bands = parsedRows();
    const people = bands.findIndex((r) => r.kind === "PEOPLE_RATIO");
    bands[people].bands = "80:66, 100:100"; // ascending
    expect(rowsToTree(bands, "en").issues).toEqual([{ index: people, field: "bands", message: expect.stringContaining("Invalid bands") }]);
    bands[people].bands = "lots";
    expect(rowsToTree(bands, "en").issues[0]).toMatchObject({ index: people, field: "bands" });
  });

  it("parses and prints bands as ratio%:score%", () => {
    expect(parseBands("100:100, 80:66.67；60：33.33")).toEqual([
      [10000, 10000],
      [8000, 6667],
      [6000, 3333],
    ]);
    expect(bandsToText([[10000, 10000], [8000, 6667]])).toBe("100:100, 80:66.67");
    expect(parseBands("")).toBeNull();
    expect(parseBands("100-100")).toBeNull();
  });

  it("the editor schema validates a posted form end to end", () => {
    const fd = new FormData();
    fd.set("name", "测试");
    treeToRows(defaultIndicatorTree()).forEach((r, i) => {
      for (const [k, v] of Object.entries(r)) fd.set(`rows[${i}].${k}`, v);
    });
    expect(parseWithZod(fd, { schema: indicatorEditorSchema("zh-CN") }).status).toBe("success");
    fd.set("rows[0].weight", "25.555");
    const bad = parseWithZod(fd, { schema: indicatorEditorSchema("zh-CN") });
    expect(bad.status).toBe("error");
    expect(bad.status === "error" && bad.error?.["rows[0].weight"]).toContain("indicators.editor.error.weightPrecision");
  });
});

describe("indicator editor rows: bad input never throws", () => {
  const leaf = (code: string, over: Partial<IndicatorRow> = {}): IndicatorRow => ({ code, nameZh: "指标", nameEn: "n", weight: 100, kind: "BROKER_ASSESSMENT", ...over });

  it("numbers out of range (1e308, ±Infinity, NaN, negative, fractional basis points) are weight issues", () => {
    for (const weight of [1e308, Infinity, -Infinity, Number.NaN, -5, 0, 0.001, 100.5]) {
      const r = rowsToTree([leaf("a", { weight })], "zh-CN");
      expect(r.tree.length + r.issues.length + r.formIssues.length, String(weight)).toBeGreaterThan(0);
      expect(r.issues.some((i) => i.field === "weight"), String(weight)).toBe(true);
    }
    const cfg = rowsToTree([leaf("a", { kind: "ON_TIME", graceDays: 1e308, pointsPerDayLate: -1 }), leaf("b", { kind: "SURVEY", minResponses: 0.5 })], "zh-CN");
    expect(cfg.issues.map((i) => i.field).sort()).toEqual(["graceDays", "graceDays", "minResponses", "weight", "weight"].sort());
  });

  it("duplicate codes, empty codes, self-parents and cycles are row issues", () => {
    const dup = rowsToTree([leaf("a", { weight: 50 }), leaf("a", { weight: 50 })], "zh-CN");
    expect(dup.issues).toContainEqual({ index: 1, field: "code", message: "指标代码 a 重复" });
    expect(rowsToTree([leaf("", {})], "zh-CN").issues[0]).toMatchObject({ index: 0, field: "code" });
    const cycle = rowsToTree(
      [leaf("a", { kind: "GROUP", parent: "c" }), leaf("b", { kind: "GROUP", parent: "a" }), leaf("c", { kind: "GROUP", parent: "b" })],
      "zh-CN",
    );
    expect(cycle.issues.filter((i) => i.field === "parent").map((i) => i.index)).toEqual([0, 1, 2]);
    expect(cycle.tree).toEqual([]);
  });

  it("codes that are Object.prototype keys, dotted codes and deep chains", () => {
    const proto = rowsToTree([leaf("__proto__", { kind: "GROUP", weight: 50 }), leaf("constructor", { weight: 50 }), leaf("x", { parent: "__proto__" })], "zh-CN");
    expect(proto.issues.some((i) => i.field === "code")).toBe(true);
    const chain = Array.from({ length: 150 }, (_, i) => leaf(`c${i}`, { kind: i < 149 ? "GROUP" : "BROKER_ASSESSMENT", parent: i ? `c${i - 1}` : undefined }));
    const deep = rowsToTree(chain, "zh-CN");
    expect(deep.issues.some((i) => i.field === "parent" && i.message === "指标最多 3 级")).toBe(true);
  });

  it("more rows than the editor takes: one form issue, no quadratic work", () => {
    const many = Array.from({ length: 5000 }, (_, i) => leaf(`c${i}`, { kind: "GROUP", parent: i ? `c${i - 1}` : undefined }));
    const t0 = Date.now();
    const r = rowsToTree(many, "zh-CN");
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r).toEqual({ tree: [], issues: [], formIssues: ["指标最多 200 项，请删减后再保存"] });
  });

  it("the editor schema: fields sent twice, holes, a scalar list and 201 rows give translated errors", () => {
    const parse = (entries: [string, string][]) => {
      const fd = new FormData();
      for (const [k, v] of entries) fd.append(k, v);
      const s = parseWithZod(fd, { schema: indicatorEditorSchema("zh-CN") });
      expect(s.status).toBe("error");
      return s.status === "error" ? (s.error ?? {}) : {};
    };
    expect(parse([["name", "x"], ["rows[0].code", "a"], ["rows[0].code", "b"]])["rows[0].code"]).toEqual(["error.invalidInput"]);
    expect(parse([["name", "x"], ["name", "y"]]).name).toEqual(["error.invalidInput"]);
    expect(parse([["name", "x"], ["rows[2].code", "a"]])["rows[0].code"]).toEqual(["error.required"]);
    expect(parse([["name", "x"], ["rows", "abc"]])["rows[0]"]).toEqual(["indicators.editor.error.rowMissing"]);
    const big: [string, string][] = [["name", "x"]];
    for (let i = 0; i < 201; i++) big.push([`rows[${i}].code`, `c${i}`], [`rows[${i}].nameZh`, "n"], [`rows[${i}].nameEn`, "n"], [`rows[${i}].weight`, "1"], [`rows[${i}].kind`, "GROUP"]);
    expect(parse(big).rows).toEqual(["指标最多 200 项，请删减后再保存"]);
  });
});

describe("payment schedule form", () => {
  it("needs the shares to add up to 100%", () => {
    const fd = new FormData();
    fd.set("instalments[0].percent", "30");
    fd.set("instalments[0].trigger", "ON_AWARD");
    fd.set("instalments[0].payer", "UNION");
    fd.set("instalments[1].percent", "60");
    fd.set("instalments[1].trigger", "ON_ACCEPTANCE");
    fd.set("instalments[1].payer", "UNION");
    const r = parseWithZod(fd, { schema: scheduleSchema("zh-CN") });
    expect(r.status === "error" && r.error?.instalments).toEqual(["各期比例之和须为 100%（当前为 90%）"]);
    fd.set("instalments[1].percent", "70");
    expect(parseWithZod(fd, { schema: scheduleSchema("zh-CN") }).status).toBe("success");
  });

  it("previews the same split as the domain's allocation", () => {
    for (const [total, bps] of [
      [1_000_001, [3333, 3333, 3334]],
      [65_800_00, [3000, 6000, 1000]],
      [7, [5000, 5000]],
    ] as const) {
      expect(previewAllocation(total, bps)).toEqual(allocateByPercent(total, bps));
    }
  });
});

describe("dates", () => {
  it("reads a calendar day as Asia/Shanghai midnight and refuses impossible dates", () => {
    expect(shanghaiDayStart("2026-03-05")?.toISOString()).toBe("2026-03-04T16:00:00.000Z");
    expect(shanghaiDayStart("2026-02-31")).toBeNull();
    expect(shanghaiDayStart("05/03/2026")).toBeNull();
  });
});
