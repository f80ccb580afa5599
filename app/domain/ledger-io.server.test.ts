import ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  badChecksumUscc,
  makeBroker,
  makeEnterprise,
  makeOrg,
  makeOrgWithUser,
  makeProject,
  validUscc,
} from "../../tests/fixtures/registry";
import { isDomainError } from "./errors";
import { listOrganizations } from "./ledger.server";
import {
  exportEnterprises,
  exportOrganizations,
  importNeeds,
  importOrganizations,
  parseFundingCell,
  readTable,
  type ExportFile,
} from "./ledger-io.server";
import type { DomainActor } from "./organizations.server";
import { orgWithLinks } from "./organizations.server";

let broker: DomainActor;
beforeAll(async () => {
  broker = await makeBroker();
});

const csvFile = (rows: (string | number)[][], fileName = "orgs.csv") => ({
  data: new Uint8Array(Buffer.from(`\uFEFF${stringify(rows)}`, "utf8")),
  fileName,
});

/** Parses an exported file back into header + rows of strings. */
async function readBack(f: ExportFile): Promise<{ headers: string[]; rows: string[][] }> {
  if (f.fileName.endsWith(".csv")) {
    expect([...f.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
    const all = parseCsv(f.body.toString("utf8").replace(/^\uFEFF/, "")) as string[][];
    return { headers: all[0], rows: all.slice(1) };
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(f.body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: string[][] = [];
  ws.eachRow((r) => {
    const vals = (r.values as ExcelJS.CellValue[]).slice(1);
    out.push(vals.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? "" : String(v))));
  });
  return { headers: out[0], rows: out.slice(1) };
}

async function errorOf(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error("expected a DomainError");
    },
    (e: unknown) => {
      if (!isDomainError(e)) throw e;
      return e;
    },
  );
}

describe("funding cell", () => {
  it("reads labels, synonyms and codes with percentages", () => {
    expect(parseFundingCell("政府购买 60%；社会捐赠 40%")).toEqual([
      { source: "GOVERNMENT", shareBp: 6000 },
      { source: "DONATION", shareBp: 4000 },
    ]);
    expect(parseFundingCell("工会:12.5%,收费：87.5")).toEqual([
      { source: "UNION", shareBp: 1250 },
      { source: "FEES", shareBp: 8750 },
    ]);
    expect(parseFundingCell("政府购买")).toEqual([{ source: "GOVERNMENT", shareBp: 10000 }]);
    expect(parseFundingCell("彩票 50%")).toBeNull();
  });
});

describe("organization import", () => {
  it("imports good rows, reports bad and duplicate rows per row and column in Chinese, and is idempotent", async () => {
    const existingSame = await makeOrg({ name: "已存在且相同的中心", districtCode: "tianxin", categories: ["legal_aid"] });
    const existingDiff = await makeOrg({ name: "已存在需更新的中心", districtCode: "tianxin", vettingStatus: "APPROVED" });
    const u1 = validUscc("5");
    const u2 = validUscc("5");
    const header = ["机构名称", "统一社会信用代码", "登记管理机关", "成立日期", "专职人员数", "所在区县", "服务区县", "服务类别", "资金来源", "工会覆盖", "是否孵化", "孵化基地", "联系电话", "备注"];
    const rows: (string | number)[][] = [
      header,
      ["长沙市启航社工服务中心", u1, "长沙市民政局", "2016/5/8", "15", "雨花区", "雨花区、开福区", "法律援助、心理咨询", "政府购买 70%；社会捐赠 30%", "已加入联合工会", "是", "雨花区", "0731-88886666", "备注列会被忽略"],
      ["最简单的机构", u2, "", "", "", "kaifu", "", "", "", "", "", "", "", ""],
      ["校验位错误的机构", badChecksumUscc(), "", "", "", "雨花区", "", "", "", "", "", "", "", ""],
      ["区县不存在的机构", validUscc("5"), "", "", "", "火星区", "", "", "", "", "", "", "", ""],
      ["占比不对的机构", validUscc("5"), "", "", "", "岳麓区", "", "", "政府购买 60%；社会捐赠 30%", "", "", "", "", ""],
      ["重复的机构", u1, "", "", "", "雨花区", "", "", "", "", "", "", "", ""],
      ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
      ["", validUscc("5"), "", "", "abc", "芙蓉区", "", "法律援助、烹饪", "", "", "", "", "", ""],
      [existingSame.name, existingSame.uscc, "", "", "", "天心区", "", "", "", "", "", "", "", ""],
      [existingDiff.name, existingDiff.uscc, "", "", "99", "天心区", "", "", "", "", "", "", "", ""],
    ];
    const s = await importOrganizations(broker, csvFile(rows));
    expect(s).toMatchObject({ kind: "orgs", total: 9, created: 2, updated: 1, unchanged: 1, failed: 5, ignoredColumns: ["备注"] });

    const byRow = (n: number) => s.errors.filter((e) => e.row === n);
    expect(byRow(4)).toEqual([{ row: 4, column: "统一社会信用代码", message: "统一社会信用代码校验位不正确，请核对", value: rows[3][1] }]);
    expect(byRow(5)).toEqual([{ row: 5, column: "所在区县", message: "未知的区县：火星区", value: "火星区" }]);
    expect(byRow(6)).toEqual([{ row: 6, column: "资金来源", message: "资金来源占比合计应为 100%（当前为 90%）", value: "政府购买 60%；社会捐赠 30%" }]);
    expect(byRow(7)).toEqual([{ row: 7, column: "统一社会信用代码", message: "与第 2 行重复", value: u1 }]);
    // Row 8 is blank (skipped); row 9 has three problems, each reported.
    expect(byRow(9).map((e) => e.column).sort()).toEqual(["专职人员数", "服务类别", "机构名称"].sort());
    expect(byRow(9).find((e) => e.column === "服务类别")!.message).toBe("未知的服务类别：烹饪");
    expect(byRow(9).find((e) => e.column === "机构名称")!.message).toBe("此项为必填项");

    // The downloadable report.
    const report = s.errorReport!;
    expect(report.fileName).toMatch(/^社会组织导入错误-\d{8}\.csv$/);
    const back = parseCsv(report.body.toString("utf8").replace(/^\uFEFF/, "")) as string[][];
    expect(back[0]).toEqual(["行号", "列", "错误信息", "原值"]);
    expect(back).toHaveLength(1 + s.errors.length);
    expect(back[1]).toEqual(["4", "统一社会信用代码", "统一社会信用代码校验位不正确，请核对", rows[3][1]]);

    // What landed in the database.
    const o1 = await db.organization.findUniqueOrThrow({ where: { uscc: u1 }, include: orgWithLinks });
    expect(o1).toMatchObject({
      name: "长沙市启航社工服务中心",
      registeringAuthority: "长沙市民政局",
      staffCount: 15,
      districtCode: "yuhua",
      unionCoverage: "JOINT_UNION",
      incubated: true,
      incubationDistrictCode: "yuhua",
      contactPhone: "0731-88886666",
      vettingStatus: "PENDING",
    });
    expect(o1.foundedAt?.toISOString()).toBe("2016-05-08T00:00:00.000Z");
    expect(o1.serviceDistricts.map((x) => x.districtCode).sort()).toEqual(["kaifu", "yuhua"]);
    expect(o1.categories.map((x) => x.categoryCode).sort()).toEqual(["legal_aid", "psych_counselling"]);
    expect(o1.fundingSources).toEqual([
      { source: "DONATION", shareBp: 3000 },
      { source: "GOVERNMENT", shareBp: 7000 },
    ]);
    const o2 = await db.organization.findUniqueOrThrow({ where: { uscc: u2 }, include: orgWithLinks });
    expect(o2.serviceDistricts.map((x) => x.districtCode)).toEqual(["kaifu"]); // defaults to the home district
    const d = await db.organization.findUniqueOrThrow({ where: { id: existingDiff.id } });
    expect(d.staffCount).toBe(99);
    expect(d.legalRepresentative).toBe("王法人"); // blank cells / absent columns never overwrite
    expect(d.vettingStatus).toBe("APPROVED"); // import never touches vetting
    expect(await db.searchOutbox.findFirst({ where: { docId: existingDiff.id }, orderBy: { id: "desc" } })).toMatchObject({ op: "UPSERT" });
    expect(await db.auditLog.count({ where: { action: "org.import.create" } })).toBe(2);
    expect(await db.auditLog.count({ where: { action: "org.import.update" } })).toBe(1);

    // Re-import the same file: nothing changes.
    const orgsBefore = await db.organization.count();
    const auditsBefore = await db.auditLog.count();
    const again = await importOrganizations(broker, csvFile(rows));
    expect(again).toMatchObject({ total: 9, created: 0, updated: 0, unchanged: 4, failed: 5 });
    expect(await db.organization.count()).toBe(orgsBefore);
    expect(await db.auditLog.count()).toBe(auditsBefore + 1); // only the import's own summary record
    const summaryAudit = await db.auditLog.findFirstOrThrow({ where: { action: "org.import" }, orderBy: { seq: "desc" } });
    expect(summaryAudit.after).toMatchObject({ fileName: "orgs.csv", total: 9, unchanged: 4, failed: 5 });
  });

  it("reads XLSX with English headers, real date cells and numbers; a dry run writes nothing", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("名单");
    ws.addRow(["name", "USCC", "district", "founded_at", "staff", "category", "Union Coverage"]);
    const u = validUscc("5");
    ws.addRow(["Excel 导入的中心", u, "Yuelu", new Date(Date.UTC(2012, 8, 9)), 7, "Legal aid", "OWN_UNION"]);
    ws.addRow([{ richText: [{ text: "富文本" }, { text: "名称中心" }] }, validUscc("5"), "望城", 41000, 3, "skills_training", "无"]);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());

    const dry = await importOrganizations(broker, { data, fileName: "名单.xlsx" }, { dryRun: true });
    expect(dry).toMatchObject({ created: 2, failed: 0, dryRun: true });
    expect(await db.organization.count({ where: { uscc: u } })).toBe(0);

    const s = await importOrganizations(broker, { data, fileName: "名单.xlsx" });
    expect(s).toMatchObject({ created: 2, failed: 0 });
    const o = await db.organization.findUniqueOrThrow({ where: { uscc: u }, include: orgWithLinks });
    expect(o).toMatchObject({ districtCode: "yuelu", staffCount: 7, unionCoverage: "OWN_UNION" });
    expect(o.foundedAt?.toISOString()).toBe("2012-09-09T00:00:00.000Z");
    const rich = await db.organization.findFirstOrThrow({ where: { name: "富文本名称中心" } });
    expect(rich.districtCode).toBe("wangcheng");
    expect(rich.foundedAt?.toISOString()).toBe("2012-04-01T00:00:00.000Z"); // Excel serial 41000
  });

  it("decodes a GB18030 CSV saved by a Chinese Excel", async () => {
    // "机构名称,统一社会信用代码,所在区县\n测试,<uscc>,雨花区" encoded in GBK by hand for the Chinese parts.
    const gbk = (s: string) => {
      const table: Record<string, number[]> = {
        机: [0xbb, 0xfa], 构: [0xb9, 0xb9], 名: [0xc3, 0xfb], 称: [0xb3, 0xc6], 统: [0xcd, 0xb3], 一: [0xd2, 0xbb],
        社: [0xc9, 0xe7], 会: [0xbb, 0xe1], 信: [0xd0, 0xc5], 用: [0xd3, 0xc3], 代: [0xb4, 0xfa], 码: [0xc2, 0xeb],
        所: [0xcb, 0xf9], 在: [0xd4, 0xda], 区: [0xc7, 0xf8], 县: [0xcf, 0xd8], 测: [0xb2, 0xe2], 试: [0xca, 0xd4],
        雨: [0xd3, 0xea], 花: [0xbb, 0xa8],
      };
      return [...s].flatMap((ch) => table[ch] ?? [ch.charCodeAt(0)]);
    };
    const u = validUscc("5");
    const bytes = new Uint8Array(gbk(`机构名称,统一社会信用代码,所在区县\n测试,${u},雨花区\n`));
    const t = await readTable(bytes, "csv");
    expect(t.headers).toEqual(["机构名称", "统一社会信用代码", "所在区县"]);
    const s = await importOrganizations(broker, { data: bytes, fileName: "gbk.csv" });
    expect(s).toMatchObject({ created: 1, failed: 0 });
    expect((await db.organization.findUniqueOrThrow({ where: { uscc: u } })).name).toBe("测试");
  });

  it("refuses a file without the required columns, an empty file, and non-staff importers", async () => {
    const e = await errorOf(importOrganizations(broker, csvFile([["机构名称", "联系人"], ["某中心", "张三"]])));
    expect(e).toMatchObject({ status: 400, code: "error.import.missingColumns", params: { columns: "统一社会信用代码、所在区县" } });
    expect((await errorOf(importOrganizations(broker, { data: new Uint8Array(), fileName: "x.csv" }))).status).toBe(400);
    expect((await errorOf(importOrganizations(broker, csvFile([["机构名称", "统一社会信用代码", "所在区县"]])))).code).toBe("error.import.empty");
    const { user } = await makeOrgWithUser();
    expect((await errorOf(importOrganizations(user, csvFile([["机构名称"]])))).status).toBe(403);
  });
});

describe("organization export", () => {
  it("exports exactly the filtered orgs to CSV and XLSX with Chinese headers; a column list picks the columns", async () => {
    const mark = `导出测试${Date.now()}`;
    await makeOrg({ name: `${mark}甲`, districtCode: "kaifu", vettingStatus: "APPROVED", grade: 4, categories: ["legal_aid", "employment"] });
    await makeOrg({ name: `${mark}乙`, districtCode: "kaifu", vettingStatus: "PENDING" });
    await makeOrg({ name: `=${mark}丙`, districtCode: "kaifu", vettingStatus: "APPROVED", fundingSources: null });
    await makeOrg({ name: `${mark}丁`, districtCode: "furong", vettingStatus: "APPROVED" });

    const filter = { district: "kaifu", status: "APPROVED", q: mark, page: "2", pageSize: "1" };
    const listed = await listOrganizations(broker, { ...filter, page: "1", pageSize: "200" });
    expect(listed.total).toBe(2);
    for (const format of ["csv", "xlsx"] as const) {
      const f = await exportOrganizations(broker, filter, format);
      expect(f.fileName).toMatch(new RegExp(`^社会组织台账-\\d{8}\\.${format}$`));
      const { headers, rows } = await readBack(f);
      expect(headers.slice(0, 3)).toEqual(["机构名称", "统一社会信用代码", "登记管理机关"]);
      expect(headers).toContain("审核状态");
      expect(headers).toContain("联席会出席次数");
      expect(rows).toHaveLength(2); // pagination ignored, filter applied
      const usccCol = headers.indexOf("统一社会信用代码");
      expect(rows.map((r) => r[usccCol]).sort()).toEqual(listed.rows.map((r) => r.uscc).sort());
      const a = rows.find((r) => r[0].endsWith("甲"))!;
      expect(a[headers.indexOf("所在区县")]).toBe("开福区");
      expect(a[headers.indexOf("服务类别")]).toBe("就业创业服务、法律援助");
      expect(a[headers.indexOf("等级")]).toBe("4A");
      expect(a[headers.indexOf("审核状态")]).toBe("已通过");
      expect(a[headers.indexOf("资金来源")]).toBe("政府购买 60%；社会捐赠 40%");
      expect(a[headers.indexOf("成立日期")]).toBe("2018-03-01");
      const c = rows.find((r) => r[0].includes("丙"))!;
      // Formula injection: neutralised in CSV; XLSX stores plain strings.
      expect(c[0]).toBe(format === "csv" ? `'=${mark}丙` : `=${mark}丙`);
    }

    const picked = await exportOrganizations(broker, filter, "csv", { columns: ["uscc", "name", "grade"] });
    const back = await readBack(picked);
    expect(back.headers).toEqual(["统一社会信用代码", "机构名称", "等级"]);
    expect(back.rows).toHaveLength(2);
    expect(back.rows.every((r) => r.length === 3)).toBe(true);
    expect((await errorOf(exportOrganizations(broker, filter, "csv", { columns: ["password"] }))).status).toBe(400);

    const { user } = await makeOrgWithUser();
    expect((await errorOf(exportOrganizations(user, {}, "csv"))).status).toBe(403);
  });

  it("an export re-imports as unchanged (CSV and XLSX)", async () => {
    await makeOrg({ name: "往返测试中心", districtCode: "yuhua", incubated: true, incubationDistrictCode: "kaifu", serviceDistricts: ["yuhua", "tianxin"] });
    for (const format of ["csv", "xlsx"] as const) {
      const f = await exportOrganizations(broker, {}, format);
      const total = await db.organization.count();
      const s = await importOrganizations(broker, { data: new Uint8Array(f.body), fileName: f.fileName });
      expect(s.errors).toEqual([]);
      expect(s).toMatchObject({ total, created: 0, updated: 0, unchanged: total, failed: 0 });
    }
  });
});

describe("needs import", () => {
  it("creates DRAFT projects for known enterprises, reports bad rows, and re-imports as unchanged", async () => {
    const ent = await makeEnterprise();
    const header = ["企业统一社会信用代码", "服务类别", "区县", "需求标题", "需求描述", "预算（元）", "受益人数"];
    const rows: (string | number)[][] = [
      header,
      [ent.uscc, "法律援助", "雨花区", "劳动合同法讲座", "面向一线职工的普法讲座", "12,800.50", "200"],
      [ent.uscc, "skills_training", "yuhua", "叉车技能培训", "叉车操作资格培训", "30000", "40"],
      [validUscc("9"), "法律援助", "雨花区", "未注册企业的需求", "描述", "1000", "10"],
      [ent.uscc, "法律援助", "雨花区", "预算写错", "描述", "一万元", "10"],
      [ent.uscc, "法律援助", "雨花区", "劳动合同法讲座", "重复标题", "100", "10"],
      [ent.uscc, "心理咨询", "雨花区", "", "", "100", "0"],
    ];
    const s = await importNeeds(broker, csvFile(rows, "needs.csv"));
    expect(s).toMatchObject({ kind: "needs", total: 6, created: 2, updated: 0, unchanged: 0, failed: 4 });
    const msg = (row: number) => s.errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.message}`);
    expect(msg(4)).toEqual(["企业统一社会信用代码:未找到该统一社会信用代码对应的企业"]);
    expect(msg(5)).toEqual(["预算（元）:预算金额格式不正确（单位：元，最多两位小数）"]);
    expect(msg(6)).toEqual(["需求标题:与第 2 行重复"]);
    expect(msg(7).sort()).toEqual(["受益人数:数值过小", "需求描述:此项为必填项", "需求标题:此项为必填项"].sort());

    const p = await db.project.findFirstOrThrow({ where: { enterpriseId: ent.id, title: "劳动合同法讲座" } });
    expect(p).toMatchObject({ state: "DRAFT", budgetFen: 1_280_050, beneficiariesPlanned: 200, categoryCode: "legal_aid", fundingSource: "ENTERPRISE_SELF", sessionsPlanned: 1 });
    expect(p.code).toMatch(/^XQ-\d{4}-\d{4}$/);
    expect(await db.auditLog.count({ where: { action: "project.import.create" } })).toBe(2);

    const again = await importNeeds(broker, csvFile(rows, "needs.csv"));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 4 });
    expect(await db.project.count({ where: { enterpriseId: ent.id } })).toBe(2);

    // A changed description updates the draft; once submitted, a differing row is refused.
    const changed = rows.map((r) => [...r]);
    changed[1][4] = "更新后的描述";
    expect(await importNeeds(broker, csvFile(changed))).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await db.project.findUniqueOrThrow({ where: { id: p.id } })).version).toBe(p.version + 1);
    await db.project.update({ where: { id: p.id }, data: { state: "SUBMITTED" } });
    changed[1][5] = "99999";
    const locked = await importNeeds(broker, csvFile(changed));
    expect(locked).toMatchObject({ updated: 0, unchanged: 1 });
    expect(locked.errors.find((e) => e.row === 2)?.message).toBe("该需求已不是草稿（待审核），不能通过导入修改");
  });

  it("leaves projects of other enterprises alone", async () => {
    const ent = await makeEnterprise();
    const other = await makeProject({ title: "同名需求", enterpriseId: (await makeEnterprise()).id, state: "DRAFT" });
    const s = await importNeeds(broker, csvFile([
      ["企业统一社会信用代码", "服务类别", "区县", "需求标题", "需求描述", "预算", "受益人数"],
      [ent.uscc, "法律援助", "雨花区", "同名需求", "描述", "500", "5"],
    ]));
    expect(s.created).toBe(1);
    expect((await db.project.findUniqueOrThrow({ where: { id: other.id } })).description).toBe(other.description);
  });
});

describe("enterprise export", () => {
  it("exports exactly the filtered enterprises", async () => {
    const tag = `企业导出${Date.now()}`;
    await makeEnterprise({ name: `${tag}A`, districtCode: "liuyang", hasUnion: true });
    await makeEnterprise({ name: `${tag}B`, districtCode: "liuyang", hasUnion: false });
    await makeEnterprise({ name: `${tag}C`, districtCode: "ningxiang", hasUnion: true });
    for (const format of ["csv", "xlsx"] as const) {
      const f = await exportEnterprises(broker, { q: tag, hasUnion: "yes" }, format);
      const { headers, rows } = await readBack(f);
      expect(headers).toEqual(["企业名称", "统一社会信用代码", "所属行业", "所在区县", "职工人数", "是否建立工会", "联系人", "联系电话", "地址", "需求数", "注册时间"]);
      expect(rows.map((r) => r[0]).sort()).toEqual([`${tag}A`, `${tag}C`]);
      expect(rows.find((r) => r[0] === `${tag}A`)![3]).toBe("浏阳市");
    }
  });
});
