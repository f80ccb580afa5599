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
