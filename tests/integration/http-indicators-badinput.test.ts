// Bad input to the indicator-system editor (POST /admin/indicators/:systemId) and the other forms with
// Conform list fields, over real HTTP against the BUILT server on a fresh demo-seeded database. Regression
// tests of a 500 the fuzz (http-fuzz.test.ts) once got from the editor with sparse `rows[n].*` fields, a
// huge numeric `intent` and junk codes / parents: a field sent twice (`rows[3].code=a&rows[3].code=b`)
// came back in the reply as an array and the re-render called `.trim()` on it. Also: huge list indexes
// (`rows[99999999].code` made Conform build a 100-million-slot array: minutes and gigabytes), forged list
// intents, a list field sent as a scalar (`rows=abc`: Conform's getFieldList throws), a kind named
// "constructor", hundreds of rows. Every such post answers 400 (200 for a list intent) with a Chinese
// message, never a 5xx, and the stored system is unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../app/db.server";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient } from "../http/client";
import { DEMO } from "../e2e/accounts";
import { seedIds } from "../security/fixtures";

let srv: RunningServer;
let admin: HttpClient;
let broker: HttpClient;
let path = "";
let valid: Record<string, string> = {};
let deliveredProject = "";

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function inputValue(page: string, name: string): string | null {
  const re = new RegExp(`<input[^>]*name="${name.replace(/[[\].]/g, "\\$&")}"[^>]*>`);
  const v = page.match(re)?.[0].match(/value="([^"]*)"/)?.[1];
  return v === undefined ? null : unescape(v);
}

/** The editor's form as a browser would post it unchanged (the seed's default tree). */
function formOf(page: string): Record<string, string> {
  const fields: Record<string, string> = { name: inputValue(page, "name")! };
  for (let i = 0; ; i++) {
    if (!inputValue(page, `rows[${i}].code`)) break;
    for (const f of ["code", "nameZh", "nameEn", "weight", "bands", "graceDays", "pointsPerDayLate", "pointsPerItem", "minResponses"]) {
      const v = inputValue(page, `rows[${i}].${f}`);
      if (v !== null) fields[`rows[${i}].${f}`] = v;
    }
    const selected = (name: string) => {
      const m = page.match(new RegExp(`name="rows\\[${i}\\]\\.${name}"[\\s\\S]*?</select>`))?.[0].match(/<option[^>]*selected[^>]*value="([^"]*)"|<option value="([^"]*)"[^>]*selected/);
      return m?.[1] ?? m?.[2] ?? "";
    };
    fields[`rows[${i}].kind`] = selected("kind");
    fields[`rows[${i}].parent`] = selected("parent");
  }
  return fields;
}

/** The stored system and its indicators (what a rejected post must leave as it was). */
async function stored(): Promise<string> {
  const db = createPrismaClient(srv.databaseUrl);
  try {
    const id = path.split("/").pop()!;
    const system = await db.indicatorSystem.findUniqueOrThrow({ where: { id } });
    const indicators = await db.indicator.findMany({ where: { systemId: id }, orderBy: [{ level: "asc" }, { sortOrder: "asc" }, { code: "asc" }] });
    return JSON.stringify({ system, indicators: indicators.map(({ id: _id, parentId: _p, ...rest }) => rest) });
  } finally {
    await db.$disconnect();
  }
}

const ORIGIN = () => new URL(srv.baseUrl).origin;

/** Posts a raw urlencoded body (field names and values exactly as given, already encoded). */
async function postRaw(client: HttpClient, url: string, body: string): Promise<{ status: number; text: string; ms: number }> {
  const t0 = Date.now();
  const res = await client.request(url, {
    method: "POST",
    body,
    headers: { Origin: ORIGIN(), "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
  });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - t0 };
}

const enc = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
const intent = (o: unknown) => `__intent__=${encodeURIComponent(JSON.stringify(o))}`;

beforeAll(async () => {
  srv = await startServer({ seed: true });
  admin = new HttpClient(srv.baseUrl);
  await admin.login(DEMO.admin.email, DEMO.admin.password);
  broker = new HttpClient(srv.baseUrl);
  await broker.login(DEMO.broker.email, DEMO.broker.password);
  deliveredProject = (await seedIds(srv.databaseUrl)).deliveredProject;
  // A system of its own (next year's, from the default tree), so no other test's data matters.
  const year = new Date().getUTCFullYear() + 2;
  const created = await admin.post("/admin/indicators", { intent: "create", year, name: `坏输入测试 ${Date.now()}`, source: "default" });
  expect(created.status).toBe(303);
  path = created.headers.get("location")!;
  valid = formOf(await (await admin.get(path)).text());
  expect(valid["rows[0].code"]).toBeTruthy();
}, 180_000);

afterAll(async () => {
  await srv?.stop();
});

/** Each case: the raw body, the status expected and a Chinese message the page must show. */
type Case = { label: string; body: () => string; status?: number; message: string | RegExp | (() => string) };

const INVALID_INPUT = "提交的内容有误，请检查后重试";
const TOO_MANY = "指标最多 200 项，请删减后再保存";

function rows(n: number, chain: boolean): Record<string, string> {
  const f: Record<string, string> = { name: "x" };
  for (let i = 0; i < n; i++) {
    Object.assign(f, {
      [`rows[${i}].code`]: `C${i}`,
      [`rows[${i}].parent`]: chain && i > 0 ? `C${i - 1}` : "",
      [`rows[${i}].nameZh`]: "指标",
      [`rows[${i}].nameEn`]: "n",
      [`rows[${i}].weight`]: "1",
      [`rows[${i}].kind`]: "GROUP",
    });
  }
  return f;
}

const CASES: Case[] = [
  {
    // The shape of the fuzz's failing body: sparse rows, a field given twice, a huge numeric intent, junk.
    label: "fuzz-like: sparse rows, duplicate code field, huge intent, junk codes and parents",
    body: () => `intent=99999999999999999999999&rows%5B3%5D.code=a&rows%5B3%5D.code=%27%20OR%201%3D1%20--&rows%5B7%5D.parent=%3Cscript%3E&rows%5B1%5D.weight=1e308&rows%5B5%5D.kind=__proto__`,
    message: INVALID_INPUT,
  },
  {
    // LB_FUZZ_SEED=1 (LB_FUZZ_ONLY=/admin/indicators/ LB_FUZZ_RUNS=400) before the fix: KIND_FIELDS["constructor"] is
    // Object's constructor, a function of length 1, so the re-render called `.map` on it.
    label: "fuzz seed 1: a huge numeric intent, a long number as a name, kind 'constructor'",
    body: () => "intent=1e308&rows%5B6%5D.nameEn=1126546153698958667282301889558657493611372726360779334730390235533549651758&rows%5B3%5D.kind=constructor&rows%5B13%5D.weight=",
    message: "请选择有效的指标类型",
  },
  { label: "a valid form with rows[0].code sent twice", body: () => `${enc(valid)}&rows%5B0%5D.code=second`, message: INVALID_INPUT },
  { label: "a valid form with every field of row 1 sent twice", body: () => `${enc(valid)}&${Object.keys(valid).filter((k) => k.startsWith("rows[1].")).map((k) => `${encodeURIComponent(k)}=x`).join("&")}`, message: INVALID_INPUT },
  { label: "kind 'constructor'", body: () => enc({ ...valid, "rows[0].kind": "constructor" }), message: "请选择有效的指标类型" },
  { label: "objects where strings go (rows[0].code.x)", body: () => `${enc(valid)}&rows%5B0%5D.code.x=1&rows%5B0%5D.kind.y=2&rows%5B0%5D.parent.z=3`, message: INVALID_INPUT },
  { label: "the list as a scalar (rows=abc)", body: () => "name=x&rows=abc", message: INVALID_INPUT },
  // (`rows=abc` BEFORE the rows is overwritten by them — Conform — and the form saves; after them it is a row)
  { label: "a scalar after the rows of a valid form", body: () => `${enc(valid)}&rows=abc`, message: "这一行的内容缺失，请填写或删除该行" },
  { label: "a list index of 99,999,999", body: () => `${enc(valid)}&rows%5B99999999%5D.code=a`, message: INVALID_INPUT },
  { label: "a list index of 2^32-2", body: () => "name=x&rows%5B4294967294%5D.code=a", message: "指标体系至少需要一个指标" },
  { label: "a list index of 1e20", body: () => `${enc(valid)}&rows%5B100000000000000000000%5D.code=a`, message: INVALID_INPUT },
  { label: "insert intent at index 1e20", body: () => `${enc(valid)}&${intent({ type: "insert", payload: { name: "rows", index: 1e20 } })}`, message: INVALID_INPUT },
  { label: "remove intent at index 1e20", body: () => `${enc(valid)}&${intent({ type: "remove", payload: { name: "rows", index: 1e20 } })}`, message: INVALID_INPUT },
  { label: "reorder intent from 1e20 to -5", body: () => `${enc(valid)}&${intent({ type: "reorder", payload: { name: "rows", from: 1e20, to: -5 } })}`, message: INVALID_INPUT },
  { label: "update intent at index 2^32-2", body: () => `${enc(valid)}&${intent({ type: "update", payload: { name: "rows", index: 4294967294, value: { code: "x" } } })}`, message: INVALID_INPUT },
  { label: "insert intent into rows[99999999]", body: () => `${enc(valid)}&${intent({ type: "insert", payload: { name: "rows[99999999].x" } })}`, message: INVALID_INPUT },
  { label: "a numeric __intent__", body: () => `${enc(valid)}&__intent__=1e308`, message: INVALID_INPUT },
  { label: "__intent__ null", body: () => `${enc(valid)}&__intent__=null`, message: INVALID_INPUT },
  { label: "weight 1e308", body: () => enc({ ...valid, "rows[0].weight": "1e308" }), message: "权重须为 0.01%–100% 之间的数值" },
  { label: "weight Infinity", body: () => enc({ ...valid, "rows[0].weight": "Infinity" }), message: "权重须为 0.01%–100% 之间的数值" },
  { label: "weight -5", body: () => enc({ ...valid, "rows[0].weight": "-5" }), message: "权重须为 0.01%–100% 之间的数值" },
  { label: "weight NaN", body: () => enc({ ...valid, "rows[0].weight": "NaN" }), message: "请输入有效的数字" },
  { label: "weight 0.001", body: () => enc({ ...valid, "rows[0].weight": "0.001" }), message: "权重须为 0.01%–100% 之间的数值" },
  { label: "a code used twice", body: () => enc({ ...valid, "rows[1].code": valid["rows[0].code"] }), message: () => `指标代码 ${valid["rows[0].code"]} 重复` },
  { label: "a row its own parent", body: () => enc({ ...valid, "rows[0].parent": valid["rows[0].code"] }), message: "请选择有效的上级指标分组（不能是自身或其下级）" },
  { label: "a parent that does not exist", body: () => enc({ ...valid, "rows[1].parent": "no-such-code" }), message: "请选择有效的上级指标分组（不能是自身或其下级）" },
  {
    label: "a cycle of parents",
    body: () => {
      const f = rows(3, false);
      f["rows[0].parent"] = "C2";
      f["rows[1].parent"] = "C0";
      f["rows[2].parent"] = "C1";
      return enc(f);
    },
    message: "请选择有效的上级指标分组（不能是自身或其下级）",
  },
  { label: "a chain deeper than 3 levels", body: () => enc(rows(6, true)), message: /指标最多 3 级|指标分组下至少需要一个子指标/ },
  { label: "config numbers out of range (1e308, -1, 0.5)", body: () => `${enc(valid)}&${Object.keys(valid).filter((k) => /\.(graceDays|pointsPerDayLate|pointsPerItem|minResponses)$/.test(k)).map((k) => `${encodeURIComponent(k)}=${k.endsWith("minResponses") ? "0.5" : k.endsWith("graceDays") ? "-1" : "1e308"}`).join("&") || "rows%5B0%5D.graceDays=1e308"}`, message: /此项|无效|须为|请输入有效的数字/ },
  { label: "bands junk", body: () => enc({ ...valid, ...Object.fromEntries(Object.keys(valid).filter((k) => k.endsWith(".bands")).map((k) => [k, "1:2:3, 💥"])) }), message: /分档设置无效|此项为必填项/ },
  { label: "very long strings", body: () => enc({ ...valid, name: "名".repeat(20_000), "rows[0].code": "c".repeat(10_000), "rows[0].nameZh": "中".repeat(5_000) }), message: "内容过长" },
  { label: "nothing but the name", body: () => "name=x", message: "指标体系至少需要一个指标" },
  { label: "an empty body", body: () => "", message: /此项为必填项|指标体系至少需要一个指标/ },
  { label: "201 rows", body: () => enc(rows(201, false)), message: TOO_MANY },
  { label: "900 chained rows", body: () => enc(rows(900, true)), message: TOO_MANY },
];

describe("POST /admin/indicators/:systemId with bad input", () => {
  it.each(CASES)("$label: a 4xx with a Chinese message, never a 5xx, nothing stored", async ({ body, status = 400, message }) => {
    const before = await stored();
    const res = await postRaw(admin, path, body());
    expect(res.status, res.text.slice(0, 300)).toBe(status);
    const text = unescape(res.text);
    const expected = typeof message === "function" ? message() : message;
    const shown = typeof expected === "string" ? text.includes(expected) : expected.test(text);
    expect(shown, `${String(expected)} not on the page`).toBe(true);
    expect(res.ms, "answered promptly").toBeLessThan(20_000);
    expect(await stored()).toBe(before);
  });

  it("the unchanged form still saves (the harness posts what a browser would)", async () => {
    const res = await postRaw(admin, path, enc(valid));
    expect(res.status).toBe(200);
    expect(res.text).toContain("指标体系已保存");
  });

  it("the system list: copying into an impossible year is a 400 with a message, not a bare error", async () => {
    const before = await stored();
    for (const year of ["1e308", "NaN", "-1", "99999999999999999999999", ""]) {
      const res = await postRaw(admin, "/admin/indicators", `intent=copyLast&year=${encodeURIComponent(year)}`);
      expect(res.status, year).toBe(400);
      expect(res.text).toContain("年度须为 2000 至 2100 之间的整数");
    }
    for (const body of ["intent=create&year=1e308&name=x&source=default", "intent=create&year=2030&name=x&name=y&source=default", `intent=create&year=2030&name=x&source=${"s".repeat(1000)}`, "rows%5B99999999%5D.code=a&intent=create"]) {
      const res = await postRaw(admin, "/admin/indicators", body);
      expect(res.status, body).toBe(400);
    }
    expect(await stored()).toBe(before);
  });
});

describe("the other forms with Conform lists: same class of input", () => {
  const bodies = [
    ["the list as a scalar", (list: string) => `${list}=abc`],
    ["a field sent twice", (list: string) => `${list}%5B0%5D.code=a&${list}%5B0%5D.code=b&${list}%5B0%5D.percent=1&${list}%5B0%5D.percent=2`],
    ["objects where strings go", (list: string) => `${list}%5B0%5D.code.x=1&${list}%5B0%5D.score.y=2&${list}%5B0%5D.trigger.z=3`],
    ["a list index of 99,999,999", (list: string) => `${list}%5B99999999%5D.code=a`],
    ["a list index of 2^32-2", (list: string) => `${list}%5B4294967294%5D.percent=1`],
    ["an update intent at index 2^32-2", (list: string) => intent({ type: "update", payload: { name: list, index: 4294967294, value: {} } })],
    ["a remove intent at index 1e20", (list: string) => intent({ type: "remove", payload: { name: list, index: 1e20 } })],
  ] as const;

  it.each(bodies)("broker's assessment (items) and payment schedule (instalments): %s → never a 5xx", async (_label, make) => {
    for (const [url, list] of [
      [`/projects/${deliveredProject}/evaluation`, "items"],
      [`/projects/${deliveredProject}/payments`, "instalments"],
    ] as const) {
      const res = await postRaw(broker, url, make(list));
      expect(res.status, `${url}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      expect(res.ms, "answered promptly").toBeLessThan(20_000);
    }
  });
});
