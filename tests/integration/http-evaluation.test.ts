// Evaluation, worker survey, invoices, reports and open data over real HTTP against the BUILT server on a
// fresh demo-seeded database (tests/http/server.ts). Like a browser without JavaScript: plain form posts,
// pages parsed for the links and hidden fields a user would follow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient } from "../http/client";
import { DEMO } from "../e2e/accounts";
import { validateOcdsReleasePackage } from "~/domain/ocds.server";

let srv: RunningServer;
const clients: Record<string, HttpClient> = {};

async function as(who: keyof typeof DEMO): Promise<HttpClient> {
  if (!clients[who]) {
    const c = new HttpClient(srv.baseUrl);
    await c.login(DEMO[who].email, DEMO[who].password);
    clients[who] = c;
  }
  return clients[who];
}

/** The page's text; never with NUL bytes (React 18 streaming left some in Chinese text: html-stream.server). */
async function html(res: Response): Promise<string> {
  const text = await res.text();
  expect(text.includes("\u0000"), `NUL byte in ${res.url}`).toBe(false);
  return text;
}

/** Decodes the few HTML entities React writes into attribute values and text. */
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Table rows (<tr>…</tr>) of a page. */
const rows = (page: string) => page.match(/<tr[\s\S]*?<\/tr>/g) ?? [];

/** The value of a hidden / text input by name (first match). */
function inputValue(page: string, name: string): string | null {
  const re = new RegExp(`<input[^>]*name="${name.replace(/[[\].]/g, "\\$&")}"[^>]*>`);
  const tag = page.match(re)?.[0];
  const v = tag?.match(/value="([^"]*)"/)?.[1];
  return v === undefined ? null : unescape(v);
}

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  srv = await startServer({ seed: true });
}, 180_000);

afterAll(async () => {
  await srv?.stop();
});

describe("worker survey", () => {
  let projectId = "";
  let tokens: string[] = [];

  it("the awarded organization generates one-time links for its project in delivery (a printable QR sheet)", async () => {
    const org = await as("org");
    const list = await html(await org.get("/surveys"));
    // A project in delivery offers "发放与结果" (issue and results).
    const row = rows(list).find((r) => r.includes("服务中"));
    expect(row, "an IN_DELIVERY project of org@").toBeDefined();
    projectId = row!.match(/\/projects\/([A-Za-z0-9_-]+)\/survey/)![1];

    const res = await org.post(`/projects/${projectId}/survey`, { count: 2 });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const page = await html(res);
    tokens = [...page.matchAll(/\/s\/([A-Za-z0-9_-]{22})(?=[<"])/g)].map((m) => m[1]);
    tokens = [...new Set(tokens)];
    expect(tokens).toHaveLength(2);
    expect(page).toContain("<svg"); // QR codes
    expect(page).toContain("lb-print-sheet");
  });

  it("another organization cannot see or generate the survey of that project (404)", async () => {
    const org2 = await as("org2");
    expect((await org2.get(`/projects/${projectId}/survey`)).status).toBe(404);
    expect((await org2.post(`/projects/${projectId}/survey`, { count: 1 })).status).toBe(404);
  });

  it("a worker (no account) answers once; the link then says it was used", async () => {
    const worker = new HttpClient(srv.baseUrl);
    const token = tokens[0];
    const page = await worker.get(`/s/${token}`);
    expect(page.status).toBe(200);
    const body = await html(page);
    expect(body).toContain("服务满意度调查");
    expect(body).toMatch(/<fieldset[^>]*>[\s\S]*?<legend/); // questions are fieldsets with legends
    expect(body.match(/type="radio"/g)?.length).toBe(25);

    // Missing answers: 400, the form again with a message, the token not used.
    const incomplete = await worker.post(`/s/${token}`, { q1: 5, q2: 4 });
    expect(incomplete.status).toBe(400);
    expect(await html(incomplete)).toContain("请为此题选择 1–5 星");

    const done = await worker.post(`/s/${token}`, { q1: 5, q2: 4, q3: 4, q4: 5, q5: 5, comment: "老师讲得很实用" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toContain(`/s/${token}?done=1`);
    expect(await html(await worker.get(done.headers.get("location")!))).toContain("提交成功");

    const again = await worker.get(`/s/${token}`);
    expect(again.status).toBe(409);
    expect(await html(again)).toContain("该问卷已提交过");
    const resubmit = await worker.post(`/s/${token}`, { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1 });
    expect(resubmit.status).toBe(409);
    expect(await html(resubmit)).toContain("该问卷已提交过");
  });

  it("an unknown or malformed token gets a clear 'invalid link' page (404)", async () => {
    const worker = new HttpClient(srv.baseUrl);
    for (const t of ["AAAAAAAAAAAAAAAAAAAAAA", "not-a-token"]) {
      const res = await worker.get(`/s/${t}`);
      expect(res.status).toBe(404);
      expect(await html(res)).toContain("问卷链接无效");
    }
  });

  it("the organization sees the anonymous summary with the new answer", async () => {
    const org = await as("org");
    const page = await html(await org.get(`/projects/${projectId}/survey`));
    expect(page).toContain("老师讲得很实用");
    expect(page).not.toContain(tokens[1]); // links are never shown again
  });
});

describe("invoices", () => {
  let invoiceId = "";
  let verifyToken = "";

  it("the organization issues an invoice for a due instalment of a union-funded project", async () => {
    const org = await as("org");
    const page = await html(await org.get("/invoices"));
    // Invoiceable instalments carry a hidden instalmentId; pick one paid by the union (payer 工会).
    const row = rows(page).find((r) => r.includes('name="instalmentId"') && /<td[^>]*>工会<\/td>/.test(r));
    expect(row, "a DUE UNION instalment of org@").toBeDefined();
    const instalmentId = inputValue(row!, "instalmentId")!;
    const res = await org.post("/invoices", { instalmentId });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/invoices\/[A-Za-z0-9_-]+\?issued=1$/);
    invoiceId = location.split("/")[2].split("?")[0];
    const detail = await html(await org.get(location));
    expect(detail).toMatch(/LB-\d{4}-\d{6}/);
    expect(detail).toContain("待付款");
    verifyToken = detail.match(/\/invoices\/verify\/([A-Za-z0-9_-]+)/)![1];
  });

  it("the PDF downloads as an attachment of type application/pdf", async () => {
    const org = await as("org");
    const res = await org.get(`/invoices/${invoiceId}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="LB-\d{4}-\d{6}\.pdf"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("a foreign organization gets 404 on the invoice, its PDF and its actions", async () => {
    const org2 = await as("org2");
    expect((await org2.get(`/invoices/${invoiceId}`)).status).toBe(404);
    expect((await org2.get(`/invoices/${invoiceId}/pdf`)).status).toBe(404);
    expect((await org2.post(`/invoices/${invoiceId}`, { intent: "credit", reason: "x" })).status).toBe(404);
    // An enterprise that is not a party does not see it either.
    const ent = await as("enterprise");
    expect((await ent.get(`/invoices/${invoiceId}`)).status).toBe(404);
    // Nobody signed in: sent to the login page.
    const anon = new HttpClient(srv.baseUrl);
    const res = await anon.get(`/invoices/${invoiceId}/pdf`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/login");
  });

  it("the public verification page shows number, parties, amount and status", async () => {
    const anon = new HttpClient(srv.baseUrl);
    const res = await anon.get(`/invoices/verify/${verifyToken}`);
    expect(res.status).toBe(200);
    const page = await html(res);
    expect(page).toContain("核验通过");
    expect(page).toMatch(/LB-\d{4}-\d{6}/);
    expect(page).toContain("长沙市雨花区心桥心理咨询服务中心");
    expect(page).toMatch(/¥[\d,]+\.\d{2}/);
    expect((await anon.get("/invoices/verify/AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
  });

  it("the payer (a broker for union instalments) records the payment; the organization sees it paid", async () => {
    // The organization is not the payer: no payment form for it.
    const org = await as("org");
    expect(await html(await org.get(`/invoices/${invoiceId}`))).not.toContain("确认已付款");

    const broker = await as("broker");
    const payables = await html(await broker.get("/invoices?status=open"));
    expect(payables).toContain(`/invoices/${invoiceId}`);
    const bad = await broker.post(`/invoices/${invoiceId}`, { intent: "paid", paidAt: shanghaiToday(), reference: "" });
    expect(bad.status).toBe(400);
    expect(await html(bad)).toContain("此项为必填项");
    const ok = await broker.post(`/invoices/${invoiceId}`, { intent: "paid", paidAt: shanghaiToday(), reference: "BANK-2026-0001" });
    expect(ok.status).toBe(200);
    expect(await html(ok)).toContain("付款已登记");
    expect(await html(await org.get(`/invoices/${invoiceId}`))).toContain("已付款");
  });

  it("the organization credits an unpaid invoice with a credit note that references it", async () => {
    const org = await as("org");
    const page = await html(await org.get("/invoices"));
    const row = rows(page).find((r) => r.includes('name="instalmentId"'));
    expect(row).toBeDefined();
    const issued = await org.post("/invoices", { instalmentId: inputValue(row!, "instalmentId")! });
    expect(issued.status).toBe(303);
    const id = issued.headers.get("location")!.split("/")[2].split("?")[0];
    const number = (await html(await org.get(`/invoices/${id}`))).match(/LB-\d{4}-\d{6}/)![0];

    const noReason = await org.post(`/invoices/${id}`, { intent: "credit", reason: "" });
    expect(noReason.status).toBe(400);
    const credited = await org.post(`/invoices/${id}`, { intent: "credit", reason: "金额填写错误" });
    expect(credited.status).toBe(303);
    const creditPage = await html(await org.get(credited.headers.get("location")!));
    expect(creditPage).toContain("红字结算单");
    expect(creditPage).toContain(number);
  });
});

describe("open data", () => {
  it("GET /open-data/ocds.json is a valid OCDS 1.1 release package without personal data", async () => {
    const res = await fetch(`${srv.baseUrl}/open-data/ocds.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await res.text();
    const pkg = JSON.parse(text) as { releases: unknown[] };
    const { valid, errors } = validateOcdsReleasePackage(pkg);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(pkg.releases.length).toBeGreaterThan(0);
    // No e-mail addresses or mobile numbers anywhere.
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect((await fetch(`${srv.baseUrl}/open-data/ocds.json?year=abc`)).status).toBe(400);
  });
});

describe("broker evaluation", () => {
  let projectId = "";

  it("lists ACCEPTED projects awaiting evaluation; the broker opens one with the computed indicators filled in", async () => {
    const broker = await as("broker");
    const list = await html(await broker.get("/broker/evaluations"));
    const row = rows(list).find((r) => r.includes("开始评价"));
    expect(row, "an ACCEPTED project without an evaluation").toBeDefined();
    projectId = row!.match(/\/projects\/([A-Za-z0-9_-]+)\/evaluation/)![1];

    const opened = await broker.post(`/projects/${projectId}/evaluation`, { intent: "open" });
    expect(opened.status).toBe(303);
    const page = await html(await broker.get(`/projects/${projectId}/evaluation`));
    expect(page).toContain("指标得分明细");
    expect(page).toMatch(/实际服务 [\d,]+ 人次/); // a computed input, with its numbers
    expect(inputValue(page, "items[0].code")).toBeTruthy();
  });

  it("others cannot see or act on the evaluation (404 for parties, 403 for the wrong role)", async () => {
    const org = await as("org");
    expect((await org.get(`/projects/${projectId}/evaluation`)).status).toBe(404);
    expect((await org.post(`/projects/${projectId}/evaluation`, { intent: "close" })).status).toBe(404);
    const ent = await as("enterprise");
    expect((await ent.get("/broker/evaluations")).status).toBe(403);
  });

  it("closing needs every broker assessment; then the project is EVALUATED and the result locked", async () => {
    const broker = await as("broker");
    const page = await html(await broker.get(`/projects/${projectId}/evaluation`));
    const codes: string[] = [];
    for (let i = 0; ; i++) {
      const c = inputValue(page, `items[${i}].code`);
      if (!c) break;
      codes.push(c);
    }
    expect(codes.length).toBeGreaterThan(0);

    const partial: Record<string, string> = { intent: "close" };
    codes.forEach((c, i) => (partial[`items[${i}].code`] = c));
    const refused = await broker.post(`/projects/${projectId}/evaluation`, partial);
    expect(refused.status).toBe(400);
    expect(await html(refused)).toContain("结束评价前请填写此项得分");

    const outOfRange = { ...partial, intent: "save", "items[0].score": "101" };
    const bad = await broker.post(`/projects/${projectId}/evaluation`, outOfRange);
    expect(bad.status).toBe(400);
    expect(await html(bad)).toContain("评分须在 0–100 之间");

    const full: Record<string, string> = { intent: "close" };
    codes.forEach((c, i) => {
      full[`items[${i}].code`] = c;
      full[`items[${i}].score`] = "88.5";
      full[`items[${i}].comment`] = "资料齐全，执行规范";
    });
    const closed = await broker.post(`/projects/${projectId}/evaluation`, full);
    expect(closed.status).toBe(200);
    expect(await html(closed)).toContain("绩效评价已结束");

    const after = await html(await broker.get(`/projects/${projectId}/evaluation`));
    expect(after).toContain("评价已于");
    expect(after).toContain("已评估"); // project state badge
    expect(after).not.toContain('name="items[0].score"'); // read-only now
    const list = await html(await broker.get("/broker/evaluations"));
    expect(rows(list).some((r) => r.includes(projectId) && r.includes("开始评价"))).toBe(false);

    // Closing again changes nothing: the evaluation is closed.
    const again = await broker.post(`/projects/${projectId}/evaluation`, full);
    expect(again.status).toBe(409);
  });
});

describe("payment schedule, reports and indicator systems", () => {
  it("the broker's schedule must add up to 100%, with the error next to the list", async () => {
    const broker = await as("broker");
    const list = await html(await broker.get("/invoices"));
    // An awarded project without invoices yet: its schedule can still change.
    const ids = [...list.matchAll(/\/projects\/([A-Za-z0-9_-]+)\/payments/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    let target = "";
    for (const id of ids) {
      const p = await html(await broker.get(`/projects/${id}/payments`));
      if (p.includes('name="instalments[0].percent"')) {
        target = id;
        break;
      }
    }
    expect(target, "an editable schedule").not.toBe("");
    const page = await html(await broker.get(`/projects/${target}/payments`));
    const payer = inputValue(page, "instalments[0].payer") ?? (page.match(/name="instalments\[0\]\.payer"[\s\S]*?<option value="(\w+)"/)?.[1] ?? "UNION");
    const wrong = await broker.post(`/projects/${target}/payments`, {
      "instalments[0].percent": "30",
      "instalments[0].trigger": "ON_AWARD",
      "instalments[0].payer": payer,
      "instalments[1].percent": "60",
      "instalments[1].trigger": "ON_ACCEPTANCE",
      "instalments[1].payer": payer,
    });
    expect(wrong.status).toBe(400);
    expect(await html(wrong)).toContain("各期比例之和须为 100%（当前为 90%）");
    const right = await broker.post(`/projects/${target}/payments`, {
      "instalments[0].percent": "40",
      "instalments[0].trigger": "ON_AWARD",
      "instalments[0].payer": payer,
      "instalments[1].percent": "60",
      "instalments[1].trigger": "ON_ACCEPTANCE",
      "instalments[1].payer": payer,
    });
    expect(right.status).toBe(200);
    expect(await html(right)).toContain("付款计划已保存");
    // Only the broker sets schedules.
    const org2 = await as("org2");
    expect((await org2.post(`/projects/${target}/payments`, { "instalments[0].percent": "100" })).status).toBe(404);
  });

  it("the annual report downloads as PDF, XLSX and CSV for brokers only", async () => {
    const broker = await as("broker");
    const year = Number(shanghaiToday().slice(0, 4));
    const page = await broker.get(`/reports/annual?year=${year}`);
    expect(page.status).toBe(200);
    expect(await html(page)).toContain("<svg");
    const pdf = await broker.get(`/reports/annual/export?format=pdf&year=${year}`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toContain("attachment");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const csv = await broker.get(`/reports/annual/export?format=csv&year=${year}`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(Buffer.from(await csv.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const xlsx = await broker.get(`/reports/annual/export?format=xlsx&year=${year}`);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const org = await as("org");
    expect((await org.get(`/reports/annual/export?format=csv&year=${year}`)).status).toBe(403);
  });

  it("an organization's performance page is visible to itself, brokers and enterprises, not to other organizations", async () => {
    const org = await as("org");
    const own = await org.get("/performance");
    expect(own.status).toBe(302);
    const path = own.headers.get("location")!;
    expect(path).toMatch(/^\/orgs\/[A-Za-z0-9_-]+\/performance$/);
    expect((await org.get(path)).status).toBe(200);
    expect((await (await as("broker")).get(path)).status).toBe(200);
    expect((await (await as("enterprise")).get(path)).status).toBe(200);
    expect((await (await as("org2")).get(path)).status).toBe(404);
  });

  it("the admin creates next year's indicator system from the default; weights not adding up to 100% are refused next to the fields", async () => {
    const admin = await as("admin");
    const year = Number(shanghaiToday().slice(0, 4)) + 1;
    const created = await admin.post("/admin/indicators", { intent: "create", year, name: `测试指标体系 ${Date.now()}`, source: "default" });
    expect(created.status).toBe(303);
    const path = created.headers.get("location")!;
    const page = await html(await admin.get(path));
    // Post the tree back as it is, with the first level-1 weight changed from 25 to 20.
    const fields: Record<string, string> = { name: inputValue(page, "name")! };
    for (let i = 0; ; i++) {
      const code = inputValue(page, `rows[${i}].code`);
      if (!code) break;
      for (const f of ["code", "nameZh", "nameEn", "weight", "bands", "graceDays", "pointsPerDayLate", "pointsPerItem", "minResponses"]) {
        const v = inputValue(page, `rows[${i}].${f}`);
        if (v !== null) fields[`rows[${i}].${f}`] = v;
      }
      const selected = (name: string) => page.match(new RegExp(`name="rows\\[${i}\\]\\.${name}"[\\s\\S]*?</select>`))?.[0].match(/<option[^>]*selected[^>]*value="([^"]*)"|<option value="([^"]*)"[^>]*selected/);
      const kind = selected("kind");
      const parent = selected("parent");
      fields[`rows[${i}].kind`] = (kind?.[1] ?? kind?.[2]) as string;
      fields[`rows[${i}].parent`] = (parent?.[1] ?? parent?.[2] ?? "") as string;
    }
    expect(fields["rows[0].code"]).toBe("completion");
    const same = await admin.post(path, fields);
    expect(same.status).toBe(200);
    expect(await html(same)).toContain("指标体系已保存");
    const wrong = await admin.post(path, { ...fields, "rows[0].weight": "20" });
    expect(wrong.status).toBe(400);
    expect(await html(wrong)).toContain("同级指标权重之和须为 100%（一级指标 下当前为 95%）");
    // Brokers cannot edit indicator systems.
    expect((await (await as("broker")).post(path, fields)).status).toBe(403);
  });
});
