// The registry pages (issue 4) over real HTTP against the BUILT server on a fresh, seeded database:
// vetting (and who may do it), the org's own profile and documents, the ledger export of exactly the
// filtered set, the bulk import with its row-error report. See tests/http/server.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient } from "../http/client";
import { DEMO } from "../e2e/accounts";
import { makeUscc } from "../../app/domain/uscc";

let srv: RunningServer;
let broker: HttpClient;

beforeAll(async () => {
  srv = await startServer({ seed: true });
  broker = new HttpClient(srv.baseUrl);
  await broker.login(DEMO.broker.email, DEMO.broker.password);
}, 180_000);

afterAll(async () => {
  await srv?.stop();
});

async function signedIn(account: { email: string; password: string }): Promise<HttpClient> {
  const c = new HttpClient(srv.baseUrl);
  await c.login(account.email, account.password);
  return c;
}

/** The value of the org profile form's name input (HTML-unescaped enough for Chinese names). */
function inputValue(html: string, name: string): string {
  const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html) ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (!m) throw new Error(`no input ${name}`);
  return m[1].replace(/&amp;/g, "&").replace(/&quot;/g, '"');
}

/** The id of the org whose card/row links to /broker/orgs/<id> with exactly this name. */
function orgIdByName(html: string, name: string): string {
  const re = /href="\/broker\/orgs\/([a-z0-9]+)"[^>]*>([^<]+)</g;
  for (let m = re.exec(html); m; m = re.exec(html)) if (m[2] === name) return m[1];
  throw new Error(`org ${name} not found in page`);
}

/** Multipart POST with this site's Origin (as a browser form with enctype=multipart/form-data). */
function postMultipart(c: HttpClient, path: string, form: FormData): Promise<Response> {
  return c.request(path, { method: "POST", body: form, headers: { Origin: c.origin } });
}

const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

describe("who may vet", () => {
  it("an org user cannot open the vetting queue, an org's broker page, or post a decision (403)", async () => {
    const org = await signedIn(DEMO.org);
    expect((await org.get("/broker/vetting")).status).toBe(403);
    expect((await org.get("/broker/ledger")).status).toBe(403);
    expect((await org.get("/broker/ledger/export?format=csv")).status).toBe(403);
    const queue = await (await broker.get("/broker/vetting")).text();
    const someId = /href="\/broker\/orgs\/([a-z0-9]+)"/.exec(queue)![1];
    expect((await org.get(`/broker/orgs/${someId}`)).status).toBe(403);
    const post = await org.post("/broker/vetting", { orgId: someId, intent: "approve" });
    expect(post.status).toBe(403);
  });

  it("a signed-out visitor is sent to the login page; an enterprise cannot open an org's profile", async () => {
    const anon = new HttpClient(srv.baseUrl);
    const res = await anon.get("/broker/vetting");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fbroker%2Fvetting/);
    const ent = await signedIn(DEMO.enterprise);
    expect((await ent.get("/org/profile")).status).toBe(403);
    expect((await ent.get("/enterprise/profile")).status).toBe(200);
  });

  it("a vetting decision from a foreign origin is refused", async () => {
    const res = await broker.post("/broker/vetting", { orgId: "x", intent: "approve" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});

describe("vetting a pending organization", () => {
  it("the broker approves the pending org: it becomes APPROVED, the pending notice goes away, a repeat is a clear 409", async () => {
    const pending = await signedIn(DEMO.pendingOrg);
    const before = await (await pending.get("/org/profile")).text();
    expect(before).toContain("您的机构正在审核中");
    const name = inputValue(before, "name");

    const queue = await (await broker.get("/broker/vetting")).text();
    const orgId = orgIdByName(queue, name);

    // A reason is required to reject: the form says so and nothing changes.
    const noReason = await broker.post("/broker/vetting", { orgId, intent: "reject", reason: "  " });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("请填写原因");

    // Rejected with a reason: the org sees the reason, fixes its profile and resubmits (→ PENDING again).
    const rejected = await broker.post("/broker/vetting", { orgId, intent: "reject", reason: "登记证书已过期，请更新" });
    expect(rejected.status).toBe(200);
    const seen = await (await pending.get("/org/profile")).text();
    expect(seen).toContain("您的机构未通过审核");
    expect(seen).toContain("登记证书已过期，请更新");
    expect(seen).toContain("重新提交审核");
    const resubmit = await pending.post("/org/profile", { intent: "resubmit" });
    expect(resubmit.status).toBe(200);
    expect(await resubmit.text()).toContain("已重新提交审核");
    expect((await pending.post("/org/profile", { intent: "resubmit" })).status).toBe(409);

    const res = await broker.post("/broker/vetting", { orgId, intent: "approve" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`已通过“${name}”的审核`);

    const after = await (await pending.get("/org/profile")).text();
    expect(after).not.toContain("您的机构正在审核中");
    expect(after).toMatch(/审核状态[\s\S]{0,400}已通过/);

    // The org is no longer in the PENDING tab, and approving again is refused without a change.
    expect(await (await broker.get("/broker/vetting")).text()).not.toContain(`>${name}<`);
    const again = await broker.post("/broker/vetting", { orgId, intent: "approve" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("机构当前的审核状态不允许此操作");

    // The org detail page shows the decision in the vetting history.
    const detail = await (await broker.get(`/broker/orgs/${orgId}`)).text();
    expect(detail).toContain("审核与变更记录");
    expect(detail).toMatch(/通过审核[\s\S]{0,300}待审核 → 已通过/);
    expect(detail).toMatch(/重新提交审核[\s\S]{0,300}未通过 → 待审核/);
  });

  it("a grade whose validity has passed shows as expired in the ledger", async () => {
    const queue = await (await broker.get("/broker/vetting?status=APPROVED")).text();
    const orgId = /href="\/broker\/orgs\/([a-z0-9]+)"/.exec(queue)![1];
    const bad = await broker.post(`/broker/orgs/${orgId}`, { intent: "grade", grade: "3", assessedAt: "2020-01-01", validUntil: "2019-12-31" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("有效期应晚于评定日期");
    const ok = await broker.post(`/broker/orgs/${orgId}`, { intent: "grade", grade: "3", assessedAt: "2020-01-01", validUntil: "2023-01-01" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("等级已保存");
    const name = />([^<]+)<\/h1>/.exec(await (await broker.get(`/broker/orgs/${orgId}`)).text())![1];
    const ledger = await (await broker.get(`/broker/ledger?q=${encodeURIComponent(name)}&gradeStatus=EXPIRED`)).text();
    expect(ledger).toContain("3A（已过期）");
  });

  it("after approval, a change of the organization's name waits for the broker as a pending change", async () => {
    const org = await signedIn(DEMO.org2);
    const page = await (await org.get("/org/profile")).text();
    const name = inputValue(page, "name");
    // Re-post the form as the browser would, with a new name.
    const form: Record<string, string | string[]> = {
      intent: "save",
      name: `${name}（新名称）`,
      uscc: inputValue(page, "uscc"),
      districtCode: /<select[^>]*name="districtCode"[\s\S]*?<option[^>]*value="([a-z_]+)"[^>]*selected/.exec(page)?.[1] ?? "yuhua",
      serviceDistricts: [...page.matchAll(/<input[^>]*name="serviceDistricts"[^>]*value="([a-z_]+)"[^>]*checked/g)].map((m) => m[1]),
      categories: [...page.matchAll(/<input[^>]*name="categories"[^>]*value="([a-z_]+)"[^>]*checked/g)].map((m) => m[1]),
    };
    if ((form.serviceDistricts as string[]).length === 0) form.serviceDistricts = ["yuhua"];
    if ((form.categories as string[]).length === 0) form.categories = ["legal_aid"];
    const res = await org.post("/org/profile", form);
    const html = await res.text();
    expect(res.status, html.slice(0, 2000)).toBe(200);
    expect(html).toContain("待审核变更");
    expect(html).toContain("登记信息的变更已提交市总工会审核");

    const changes = await (await broker.get("/broker/vetting?status=CHANGES")).text();
    expect(changes).toContain(`${name}（新名称）`);
  });
});

describe("org profile validation", () => {
  it("shows field errors in Chinese and keeps the input", async () => {
    const org = await signedIn(DEMO.org);
    const res = await org.post("/org/profile", {
      intent: "save",
      name: "测试机构名称保留",
      uscc: "91430100MA4L00001X",
      districtCode: "kaifu",
      "fundingSources[0].source": "GOVERNMENT",
      "fundingSources[0].sharePercent": "60",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("统一社会信用代码校验位不正确");
    expect(html).toContain("请至少选择一个服务区县");
    expect(html).toContain("资金来源占比合计应为 100%（当前为 60%）");
    expect(html).toContain('value="测试机构名称保留"');
  });
});

describe("enterprise profile", () => {
  it("an enterprise edits its own profile; the broker's list and export show it", async () => {
    const ent = await signedIn(DEMO.enterprise);
    const page = await (await ent.get("/enterprise/profile")).text();
    const name = inputValue(page, "name");
    const uscc = inputValue(page, "uscc");
    const res = await ent.post("/enterprise/profile", { name, uscc, districtCode: "yuhua", industry: "集成测试行业", employees: "321", hasUnion: "on" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("已保存");
    const bad = await ent.post("/enterprise/profile", { name: "", uscc, districtCode: "yuhua", employees: "-1" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("此项为必填项");
    expect(badHtml).toContain("数值过小");

    const list = await (await broker.get(`/broker/enterprises?industry=${encodeURIComponent("集成测试行业")}`)).text();
    expect(list).toContain("符合条件的企业：1 家");
    const csv = await broker.get(`/broker/enterprises/export?format=csv&industry=${encodeURIComponent("集成测试行业")}`);
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, "")) as string[][];
    expect(rows.length).toBe(2);
    expect(rows[1]).toContain(name);
    expect((await (await signedIn(DEMO.org)).get("/broker/enterprises")).status).toBe(403);
  });
});

describe("documents", () => {
  it("refuses a PNG disguised as a PDF with a clear message; stores a real PNG; downloads it as an attachment; others get 404", async () => {
    const org = await signedIn(DEMO.org);
    const fake = new FormData();
    fake.set("kind", "certificate");
    fake.set("file", new Blob([PNG_BYTES], { type: "application/pdf" }), "登记证书.pdf");
    const bad = await postMultipart(org, "/org/documents", fake);
    expect(bad.status).toBe(415);
    expect(await bad.text()).toContain("文件类型不符");

    const empty = new FormData();
    empty.set("kind", "certificate");
    empty.set("file", new Blob([]), "");
    const none = await postMultipart(org, "/org/documents", empty);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("请选择要上传的文件");

    const good = new FormData();
    good.set("kind", "certificate");
    good.set("file", new Blob([PNG_BYTES], { type: "image/png" }), "证书照片.png");
    const ok = await postMultipart(org, "/org/documents", good);
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain("已上传：证书照片.png");
    const docId = /href="\/documents\/org\/([a-z0-9]+)"/.exec(html)![1];

    const dl = await org.get(`/documents/org/${docId}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("image/png");
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment; filename=".*"; filename\*=UTF-8''%E8%AF%81%E4%B9%A6%E7%85%A7%E7%89%87\.png$/);
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PNG_BYTES);

    // The broker may download it; another org and an enterprise may not (404, existence not revealed).
    expect((await broker.get(`/documents/org/${docId}`)).status).toBe(200);
    expect((await (await signedIn(DEMO.org2)).get(`/documents/org/${docId}`)).status).toBe(404);
    expect((await (await signedIn(DEMO.enterprise)).get(`/documents/org/${docId}`)).status).toBe(404);
  });

  it("refuses a file over 10 MB", async () => {
    const org = await signedIn(DEMO.org);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG_BYTES);
    const form = new FormData();
    form.set("kind", "other");
    form.set("file", new Blob([big], { type: "image/png" }), "big.png");
    const res = await postMultipart(org, "/org/documents", form);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("文件不能超过 10 MB");
  });
});

describe("ledger export", () => {
  it("exports exactly the filtered district to CSV (Chinese headers) and XLSX", async () => {
    const page = await (await broker.get("/broker/ledger?district=kaifu")).text();
    const total = Number(/符合条件的机构：(\d+) 家/.exec(page)![1]);
    expect(total).toBeGreaterThan(0);
    // The export links on the page carry the current filter.
    expect(page).toContain('href="/broker/ledger/export?format=csv&amp;district=kaifu"');

    const csv = await broker.get("/broker/ledger/export?format=csv&district=kaifu");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment;/);
    const body = Buffer.from(await csv.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.toString("utf8").replace(/^\uFEFF/, "")) as string[][];
    const [headers, ...data] = rows;
    expect(headers.slice(0, 3)).toEqual(["机构名称", "统一社会信用代码", "登记管理机关"]);
    const col = headers.indexOf("所在区县");
    expect(col).toBeGreaterThanOrEqual(0);
    expect(data.length).toBe(total);
    for (const r of data) expect(r[col]).toBe("开福区");

    const all = (parseCsv((await (await broker.get("/broker/ledger/export?format=csv")).text()).replace(/^\uFEFF/, "")) as string[][]).slice(1);
    expect(all.length).toBeGreaterThan(data.length);

    const xlsx = await broker.get("/broker/ledger/export?format=xlsx&district=kaifu&status=APPROVED");
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0];
    const head = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    const dCol = head.indexOf("所在区县") + 1;
    const sCol = head.indexOf("审核状态") + 1;
    const approvedPage = await (await broker.get("/broker/ledger?district=kaifu&status=APPROVED")).text();
    expect(ws.rowCount - 1).toBe(Number(/符合条件的机构：(\d+) 家/.exec(approvedPage)![1]));
    for (let r = 2; r <= ws.rowCount; r++) {
      expect(ws.getRow(r).getCell(dCol).value).toBe("开福区");
      expect(ws.getRow(r).getCell(sCol).value).toBe("已通过");
    }
  });

  it("refuses an unknown export format", async () => {
    expect((await broker.get("/broker/ledger/export?format=pdf")).status).toBe(400);
  });
});

describe("bulk import", () => {
  it("previews, imports the good row, reports the bad one in a downloadable CSV, and is idempotent", async () => {
    const goodUscc = makeUscc("52430105MJ7777001");
    const goodName = `导入测试服务社${Date.now().toString(36)}`;
    const csv = `\uFEFF${stringifyCsv([
      ["机构名称", "统一社会信用代码", "所在区县", "服务类别", "资金来源"],
      [goodName, goodUscc, "开福区", "法律援助", "政府购买 60%；社会捐赠 40%"],
      ["坏数据服务社", "52430105MJ7777000Z", "火星区", "法律援助", ""],
    ])}`;
    const file = () => new Blob([Buffer.from(csv, "utf8")], { type: "text/csv" });

    const preview = new FormData();
    preview.set("kind", "orgs");
    preview.set("intent", "preview");
    preview.set("file", file(), "民政名录.csv");
    const res = await postMultipart(broker, "/broker/ledger/import", preview);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("共 2 行：将新建 1，将更新 0，无变化 0，有错误 1");
    expect(html).toContain("未知的区县：火星区");
    // Nothing written by the preview.
    expect(await (await broker.get(`/broker/ledger?q=${encodeURIComponent(goodName)}`)).text()).toContain("符合条件的机构：0 家");

    // The error report: a CSV (BOM, Chinese headers) with the bad row's number.
    const href = /href="data:text\/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)"/.exec(html)![1];
    const report = parseCsv(Buffer.from(href, "base64").toString("utf8").replace(/^\uFEFF/, "")) as string[][];
    expect(report[0]).toEqual(["行号", "列", "错误信息", "原值"]);
    expect(report.slice(1).every((r) => r[0] === "3")).toBe(true);
    expect(report.slice(1).map((r) => r[2]).join(" ")).toContain("未知的区县");

    // Import the previewed file by its token.
    const token = /name="token" value="([a-f0-9]{32})"/.exec(html)![1];
    const done = await broker.post("/broker/ledger/import", { token, kind: "orgs" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("共 2 行：新建 1，更新 0，无变化 0，失败 1");
    const ledger = await (await broker.get(`/broker/ledger?q=${encodeURIComponent(goodName)}`)).text();
    expect(ledger).toContain("符合条件的机构：1 家");
    // A token is good once.
    expect((await broker.post("/broker/ledger/import", { token, kind: "orgs" })).status).toBe(410);

    // The same file again changes nothing.
    const again = new FormData();
    again.set("kind", "orgs");
    again.set("intent", "import");
    again.set("file", file(), "民政名录.csv");
    const res2 = await postMultipart(broker, "/broker/ledger/import", again);
    expect(await res2.text()).toContain("共 2 行：新建 0，更新 0，无变化 1，失败 1");
  });

  it("rejects a file that is not a table with a clear message; an org may not import", async () => {
    const form = new FormData();
    form.set("kind", "orgs");
    form.set("intent", "preview");
    form.set("file", new Blob([PNG_BYTES]), "x.csv");
    const res = await postMultipart(broker, "/broker/ledger/import", form);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.text()).toMatch(/缺少必需的列|无法读取文件/);

    const org = await signedIn(DEMO.org);
    const f2 = new FormData();
    f2.set("kind", "orgs");
    f2.set("file", new Blob(["机构名称\n"]), "x.csv");
    expect((await postMultipart(org, "/broker/ledger/import", f2)).status).toBe(403);
  });
});

describe("dashboard and meetings", () => {
  it("renders the dashboard charts as accessible inline SVG with the numbers of the ledger", async () => {
    const html = await (await broker.get("/broker/ledger/dashboard")).text();
    const total = Number(/机构总数<\/dt><dd[^>]*>(\d+)</.exec(html)![1]);
    const ledger = await (await broker.get("/broker/ledger")).text();
    expect(total).toBe(Number(/符合条件的机构：(\d+) 家/.exec(ledger)![1]));
    expect((html.match(/role="img"/g) ?? []).length).toBeGreaterThanOrEqual(7);
    expect(html).toMatch(/<div role="img" aria-label="按所在区县：共 \d+ 家机构/);
    expect(html).toContain("<svg");
    expect(html).toContain("查看数据表");
  });

  it("schedules a meeting in Asia/Shanghai time, invites an org (only it sees the meeting), records attendance", async () => {
    const res = await broker.post("/broker/meetings", {
      title: "2027 年上半年服务组织联席会",
      level: "DISTRICT",
      districtCode: "kaifu",
      scheduledAt: "2027-03-15T14:30",
      place: "开福区总工会三楼会议室",
      agenda: "工作交流",
    });
    expect(res.status).toBe(302);
    const path = res.headers.get("location")!.split("?")[0];
    const page = await (await broker.get(path)).text();
    expect(page).toContain("2027/03/15 14:30"); // Asia/Shanghai wall clock, whatever the server's zone

    const org = await signedIn(DEMO.org);
    const profile = await (await org.get("/org/profile")).text();
    const orgName = inputValue(profile, "name");
    const orgId = new RegExp(`name="organizationIds"[^>]*value="([a-z0-9]+)"[^>]*/?>[\\s\\S]{0,80}?${orgName}`).exec(page)?.[1];
    expect(orgId).toBeTruthy();
    const inv = await broker.post(path, { intent: "invite", organizationIds: [orgId!] });
    expect(await inv.text()).toContain("已邀请 1 家机构");

    const meetingId = path.split("/").pop()!;
    const mine = await org.get(`/org/meetings/${meetingId}`);
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain("开福区总工会三楼会议室");
    expect((await (await signedIn(DEMO.org2)).get(`/org/meetings/${meetingId}`)).status).toBe(404);

    const att = await broker.post(path, { intent: "attendance", [`att.${orgId}`]: "yes" });
    expect(await att.text()).toContain("出席情况已保存（1 项变更）");
  });
});
