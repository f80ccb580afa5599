// The marketplace pages over real HTTP against the BUILT server on a fresh, seeded database: needs
// (create, submit, field errors that keep the input, attachments checked by content), ownership (another
// enterprise gets 404), sealed bids (nobody else sees an amount before the deadline), refusals (a
// pending organization cannot bid, a broker decision is not fired from this page), notifications.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient } from "../http/client";
import { DEMO } from "../e2e/accounts";

let srv: RunningServer;
const ENTERPRISE_B = { email: "ent-02@demo.laborbridge.cn", password: "Enterprise#2026" };

const DAY = 86400_000;
/** A calendar day in Asia/Shanghai, n days from now. */
const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * DAY).toISOString().slice(0, 10);

function need(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "save",
    title: `职工心理健康讲座 ${Math.random().toString(36).slice(2, 7)}`,
    description: "为一线职工开展心理健康讲座和个体咨询，共 4 场，每场约 50 人。",
    categoryCode: "psych_counselling",
    districtCode: "yuhua",
    beneficiariesPlanned: "200",
    sessionsPlanned: "4",
    serviceStart: day(60),
    serviceEnd: day(90),
    budget: "28,000.50",
    fundingSource: "UNION_FUNDS",
    bidDeadline: `${day(30)}T17:00`,
    unionRule: "NONE",
    ...overrides,
  };
}

async function login(account: { email: string; password: string }): Promise<HttpClient> {
  const c = new HttpClient(srv.baseUrl);
  await c.login(account.email, account.password);
  return c;
}

/** Creates a draft through the form; returns its id. */
async function createDraft(c: HttpClient, fields: Record<string, string> = {}): Promise<string> {
  const res = await c.post("/projects/new", need(fields));
  expect(res.status, await res.clone().text()).toBe(303);
  const m = /^\/projects\/([^/?]+)\?ok=created$/.exec(res.headers.get("location") ?? "");
  expect(m, res.headers.get("location") ?? "").not.toBeNull();
  return m![1];
}

/** A multipart POST with this site's Origin (like a browser form with a file input). */
function postMultipart(c: HttpClient, path: string, fields: Record<string, string>, files: Array<{ name: string; field: string; bytes: Uint8Array; type: string }>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.field, new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  return c.request(path, { method: "POST", headers: { Origin: c.origin }, body: fd });
}

const html = async (res: Response) => {
  const s = await res.text();
  return s;
};

/** Every id on the page is unique (a form's id shared with a section would detach its inputs). */
function expectUniqueIds(page: string): void {
  const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect(dup).toEqual([]);
}

beforeAll(async () => {
  srv = await startServer({ seed: true });
}, 180_000);

afterAll(async () => {
  await srv?.stop();
});

describe("enterprise: needs", () => {
  it("creates a draft through the form and submits it for review (a repeated submit changes nothing)", async () => {
    const ent = await login(DEMO.enterprise);
    const dash = await ent.get("/enterprise");
    expect(dash.status).toBe(200);
    expect(await html(dash)).toContain("企业工作台");

    const title = `职工法律援助讲座 ${Date.now()}`;
    const id = await createDraft(ent, { title, categoryCode: "legal_aid" });
    const page = await html(await ent.get(`/projects/${id}`));
    expectUniqueIds(page);
    expectUniqueIds(await html(await ent.get(`/projects/${id}/edit`)));
    expectUniqueIds(await html(await ent.get("/projects/new")));
    expect(page).toContain(title);
    expect(page).toContain("¥28,000.50");
    expect(page).toContain("草稿");
    expect(page).toContain('name="name" value="submit"'); // the submit button is offered

    const first = await ent.post(`/projects/${id}`, { intent: "transition", name: "submit" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/projects/${id}?ok=submit`);
    const second = await ent.post(`/projects/${id}`, { intent: "transition", name: "submit" });
    expect(second.status).toBe(303);

    const after = await html(await ent.get(`/projects/${id}?ok=submit`));
    expect(after).toContain("待审核");
    expect(after).toContain("已提交审核");
    expect(after).not.toContain('name="name" value="submit"'); // no longer offered
    // The timeline records the change once (Asia/Shanghai time, who, from → to).
    expect(after.match(/提交审核<\/p>/g)?.length ?? 0).toBe(1);

    // The edit page of a submitted need sends the user back to the project.
    const edit = await ent.get(`/projects/${id}/edit`);
    expect(edit.status).toBe(302);
  });

  it("a bad budget is a field error in Chinese; the other input is kept; nothing is created", async () => {
    const ent = await login(DEMO.enterprise);
    const title = `保留输入测试 ${Date.now()}`;
    const res = await ent.post("/projects/new", need({ title, budget: "abc" }));
    expect(res.status).toBe(400);
    const page = await html(res);
    expect(page).toContain("请输入有效的金额");
    expect(page).toContain(`value="${title}"`);
    expect(page).toContain("为一线职工开展心理健康讲座");
    expect(page).toContain('value="abc"');
    const list = await html(await ent.get(`/projects?q=${encodeURIComponent(title)}`));
    expect(list).toContain("没有符合条件的项目");
  });

  it("answers bad input with field errors in English for an English user, never a 500", async () => {
    const ent = await login(DEMO.enterprise);
    ent.jar.set("lb_locale", "en");
    const res = await ent.post("/projects/new", need({ title: "", beneficiariesPlanned: "-3", serviceEnd: day(10), serviceStart: day(20), budget: "1.234" }));
    expect(res.status).toBe(400);
    const page = await html(res);
    expect(page).toContain("Enter a valid amount in yuan");
    expect(page).toContain("The service end date cannot be before its start date");
    const odd = await ent.post("/projects/new", { intent: "save", title: ["a", "b"] as unknown as string, minGrade: "9", unionRule: "EVIL" });
    expect(odd.status).toBe(400);
  });

  it("another enterprise gets 404 on a draft (page, edit, action, attachment download)", async () => {
    const entA = await login(DEMO.enterprise);
    const entB = await login(ENTERPRISE_B);
    const id = await createDraft(entA);
    expect((await entB.get(`/projects/${id}`)).status).toBe(404);
    expect((await entB.get(`/projects/${id}/edit`)).status).toBe(404);
    expect((await entB.post(`/projects/${id}`, { intent: "transition", name: "submit" })).status).toBe(404);
    expect((await entB.post(`/projects/${id}`, { intent: "transition", name: "cancel", reason: "我想取消别人的需求" })).status).toBe(404);
    expect((await entB.post(`/projects/${id}/edit`, need())).status).toBe(404);
    // Organizations cannot see a draft either.
    const org = await login(DEMO.org);
    expect((await org.get(`/projects/${id}`)).status).toBe(404);
    // …and the owner still can, unchanged.
    const own = await html(await entA.get(`/projects/${id}`));
    expect(own).toContain("草稿");
  });

  it("refuses an attachment that is not what its name says (fake PDF), accepts a real one, and guards the download", async () => {
    const ent = await login(DEMO.enterprise);
    const id = await createDraft(ent);
    const fake = await postMultipart(ent, `/projects/${id}/edit`, need(), [
      { field: "files", name: "需求说明.pdf", type: "application/pdf", bytes: new TextEncoder().encode("MZ\u0090\u0000 this is an executable, not a PDF") },
    ]);
    expect(fake.status).toBe(415);
    const fakePage = await html(fake);
    expect(fakePage).toContain("文件类型不符");
    expect(fakePage).toContain("为一线职工开展心理健康讲座"); // other input kept
    expect(await html(await ent.get(`/projects/${id}`))).toContain("没有附件");

    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    const ok = await postMultipart(ent, `/projects/${id}/edit`, need(), [{ field: "files", name: "需求说明.pdf", type: "application/pdf", bytes: pdf }]);
    expect(ok.status).toBe(303);
    const page = await html(await ent.get(`/projects/${id}`));
    const link = /href="(\/projects\/[^"]+\/attachments\/[^"]+)"/.exec(page);
    expect(link).not.toBeNull();
    const dl = await ent.get(link![1]);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(dl.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await dl.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");

    const other = await login(ENTERPRISE_B);
    expect((await other.get(link![1])).status).toBe(404);
    const org = await login(DEMO.org);
    expect((await org.get(link![1])).status).toBe(404);

    // Removing it (owner only); a repeat is harmless.
    const attachmentId = link![1].split("/").pop()!;
    expect((await other.post(`/projects/${id}/edit`, { intent: "removeAttachment", attachmentId })).status).toBe(404);
    expect((await ent.post(`/projects/${id}/edit`, { intent: "removeAttachment", attachmentId })).status).toBe(303);
    expect((await ent.post(`/projects/${id}/edit`, { intent: "removeAttachment", attachmentId })).status).toBe(303);
    expect((await ent.get(link![1])).status).toBe(404);
  });

  it("refuses a foreign-origin POST", async () => {
    const ent = await login(DEMO.enterprise);
    const res = await ent.post("/projects/new", need(), { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});

describe("organizations: sealed bids", () => {
  /** A PUBLISHED project (seeded) on which org@ has a live bid. */
  async function projectWithOrgBid(org: HttpClient): Promise<string> {
    const list = await html(await org.get("/projects?mine=1&state=PUBLISHED"));
    const ids = [...list.matchAll(/href="\/projects\/([a-z0-9]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const page = await html(await org.get(`/projects/${id}`));
      if (page.includes('name="intent" value="withdraw"')) return id;
    }
    throw new Error("no published project with a live bid of org@ in the seed");
  }

  it("the bidder edits its bid; before the deadline org2, the enterprise and the broker never see the amount", async () => {
    const org = await login(DEMO.org);
    const id = await projectWithOrgBid(org);
    const res = await org.post(`/projects/${id}`, {
      intent: "bid",
      amount: "12,345.67",
      overBudgetReason: "含两场加开的团体辅导",
      plan: "分四次开展专题讲座，并提供一对一咨询，课后回访。",
      timeline: "第 1–2 周讲座，第 3–4 周个体咨询",
      team: "国家二级心理咨询师 3 名，社工 2 名",
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const own = await html(await org.get(`/projects/${id}`));
    expectUniqueIds(own);
    expect(own).toContain("¥12,345.67");
    expect(own).toContain("国家二级心理咨询师");

    const org2 = await login(DEMO.org2);
    const seen = await html(await org2.get(`/projects/${id}`));
    expect(seen).not.toContain("12,345.67");
    expect(seen).not.toContain("12345.67");
    expect(seen).not.toContain("1234567");
    expect(seen).not.toContain("国家二级心理咨询师");

    const broker = await login(DEMO.broker);
    const brokerView = await html(await broker.get(`/projects/${id}`));
    expect(brokerView).not.toContain("12,345.67");
    expect(brokerView).not.toContain("1234567");
    expect(brokerView).toContain(`/broker/projects/${id}`);

    // The owner enterprise (whoever it is) sees the count only: try the demo enterprise.
    const ent = await login(DEMO.enterprise);
    const entView = await ent.get(`/projects/${id}`);
    if (entView.status === 200) {
      const body = await html(entView);
      expect(body).not.toContain("12,345.67");
      expect(body).not.toContain("1234567");
      expect(body).toContain("密封");
    } else {
      expect(entView.status).toBe(404);
    }
  });

  it("a pending organization sees the open project but its bid is refused", async () => {
    const org = await login(DEMO.org);
    const id = await projectWithOrgBid(org);
    const pending = await login(DEMO.pendingOrg);
    const page = await html(await pending.get(`/projects/${id}`));
    expect(page).toContain("机构已通过市总工会审核"); // the failing admission rule, listed
    expect(page).not.toContain('name="intent" value="bid"');
    const res = await pending.post(`/projects/${id}`, {
      intent: "bid",
      amount: "1000",
      plan: "我们希望参与投标并提供完整的服务方案。",
      timeline: "一个月",
      team: "三人",
    });
    expect(res.status).toBe(403);
    expect(await html(res)).toContain("尚未通过审核");
    const dash = await html(await pending.get("/org"));
    expect(dash).toContain("不能投标");
  });

  it("refuses transitions this user may not fire, with a clear message and no change", async () => {
    const org = await login(DEMO.org);
    const id = await projectWithOrgBid(org);
    const accept = await org.post(`/projects/${id}`, { intent: "transition", name: "accept" });
    expect(accept.status).toBe(403);
    expect(await html(accept)).toContain("不能执行此操作");
    const broker = await login(DEMO.broker);
    const publish = await broker.post(`/projects/${id}`, { intent: "transition", name: "publish" });
    expect(publish.status).toBe(403);
    expect(await html(publish)).toContain("撮合工作台");
    const unknown = await org.post(`/projects/${id}`, { intent: "transition", name: "explode" });
    expect(unknown.status).toBe(400);
    expect(await html(await org.get(`/projects/${id}`))).toContain("招标中");
  });

  it("organizations list open projects with filters; bad filters are ignored", async () => {
    const org = await login(DEMO.org);
    const res = await org.get("/projects?state=NOPE&category=%3Cscript%3E&page=-4&pageSize=7");
    expect(res.status).toBe(200);
    const body = await html(res);
    expect(body).toContain("公开项目");
    expect(body).not.toContain("<script>alert");
    const dash = await org.get("/org");
    expect(dash.status).toBe(200);
    expect(await html(dash)).toContain("推荐项目");
  });
});

describe("delivery, acceptance, dispute and rating", () => {
  const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

  /** A project of `state` listed for `c` whose page offers the given transition/intent. */
  async function findOffering(c: HttpClient, query: string, marker: string, owner?: HttpClient): Promise<string> {
    const list = await html(await c.get(`/projects?${query}`));
    for (const [, id] of list.matchAll(/href="\/projects\/([a-z0-9]+)"/g)) {
      const page = await html(await c.get(`/projects/${id}`));
      if (!page.includes(marker)) continue;
      if (owner && (await owner.get(`/projects/${id}`)).status !== 200) continue;
      return id;
    }
    throw new Error(`no project for ${query} offering ${marker}`);
  }

  it("the awarded organization starts delivery and files its report with evidence; the enterprise disputes it", async () => {
    const org = await login(DEMO.org);
    const ent = await login(DEMO.enterprise);
    const id = await findOffering(org, "mine=1&state=AWARDED", 'name="name" value="start_delivery"', ent);
    expect((await ent.post(`/projects/${id}`, { intent: "transition", name: "start_delivery" })).status).toBe(403);
    expect((await org.post(`/projects/${id}`, { intent: "transition", name: "start_delivery" })).status).toBe(303);
    expect((await org.post(`/projects/${id}`, { intent: "transition", name: "start_delivery" })).status).toBe(303); // repeat: harmless
    const withForm = await html(await org.get(`/projects/${id}`));
    expect(withForm).toContain('name="intent" value="deliver"');
    expectUniqueIds(withForm);
    const report = {
      intent: "deliver",
      beneficiariesActual: "86",
      sessionsHeld: "9",
      startDate: day(-20),
      endDate: day(-1),
      summary: "共开展 9 场团体辅导，服务职工 86 人，职工反馈良好。",
    };
    const fake = await postMultipart(org, `/projects/${id}`, report, [
      { field: "evidenceFiles", name: "签到表.pdf", type: "application/pdf", bytes: new TextEncoder().encode("<html>not a pdf</html>") },
    ]);
    expect(fake.status).toBe(415);
    expect(await html(fake)).toContain("文件类型不符");
    const bad = await postMultipart(org, `/projects/${id}`, { ...report, endDate: day(5) }, []);
    expect(bad.status).toBe(400);
    expect(await html(bad)).toContain("结束日期不能晚于今天");

    const ok = await postMultipart(org, `/projects/${id}`, report, [{ field: "evidenceFiles", name: "签到表.pdf", type: "application/pdf", bytes: PDF }]);
    expect(ok.status, await ok.clone().text()).toBe(303);
    const entPage = await html(await ent.get(`/projects/${id}`));
    expectUniqueIds(entPage);
    expect(entPage).toContain("已交付");
    expect(entPage).toContain("共开展 9 场团体辅导");
    const evidence = /href="(\/projects\/[^"]+\/evidence\/[^"]+)"/.exec(entPage);
    expect(evidence).not.toBeNull();
    const dl = await ent.get(evidence![1]);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment;/);
    const org2 = await login(DEMO.org2);
    expect((await org2.get(evidence![1])).status).toBe(404);

    // Dispute: a reason is required; then the project is DISPUTED.
    const short = await ent.post(`/projects/${id}`, { intent: "transition", name: "dispute", reason: "差" });
    expect(short.status).toBe(400);
    expect(await html(short)).toContain("请填写原因");
    expect((await ent.post(`/projects/${id}`, { intent: "transition", name: "dispute", reason: "实际只开展了 7 场，与报告不符" })).status).toBe(303);
    const disputed = await html(await ent.get(`/projects/${id}`));
    expect(disputed).toContain("有异议");
    expect(disputed).toContain("实际只开展了 7 场");
  });

  it("the enterprise accepts a delivery and rates the organization once", async () => {
    const ent = await login(DEMO.enterprise);
    const id = await findOffering(ent, "state=DELIVERED", 'name="name" value="accept"');
    expect((await ent.post(`/projects/${id}`, { intent: "transition", name: "accept" })).status).toBe(303);
    expect((await ent.post(`/projects/${id}`, { intent: "transition", name: "accept" })).status).toBe(303);
    const page = await html(await ent.get(`/projects/${id}`));
    expectUniqueIds(page);
    expect(page).toContain("已验收");
    expect(page).toContain('name="intent" value="rate"');

    const bad = await ent.post(`/projects/${id}`, { intent: "rate", quality: "9", timeliness: "4", professionalism: "5", workerResponse: "" });
    expect(bad.status).toBe(400);
    expect(await html(bad)).toContain("评分须为 1 至 5 分");
    const rating = { intent: "rate", quality: "5", timeliness: "4", professionalism: "5", workerResponse: "4", comment: "服务认真，职工反响好。" };
    expect((await ent.post(`/projects/${id}`, rating)).status).toBe(303);
    expect((await ent.post(`/projects/${id}`, rating)).status).toBe(303); // the same rating again: harmless
    const other = await ent.post(`/projects/${id}`, { ...rating, quality: "1" });
    expect(other.status).toBe(409);
    expect(await html(other)).toContain("您已评价过该项目");
    const after = await html(await ent.get(`/projects/${id}`));
    expect(after).toContain("服务认真，职工反响好。");
    expect(after).not.toContain('name="intent" value="rate"');
  });
});

describe("notifications", () => {
  it("shows the unread count in the header, lists own notifications and marks them read", async () => {
    const ent = await login(DEMO.enterprise);
    const page = await html(await ent.get("/notifications"));
    const m = /通知：(\d+) 条未读/.exec(page);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    const res = await ent.post("/notifications", { intent: "readAll" });
    expect(res.status).toBe(303);
    const after = await html(await ent.get("/notifications"));
    expect(after).toContain("0 条未读");
    expect(after).not.toMatch(/通知：\d+ 条未读/);
  });

  it("requires sign-in for every marketplace page", async () => {
    const anon = new HttpClient(srv.baseUrl);
    for (const path of ["/enterprise", "/org", "/projects", "/projects/new", "/notifications"]) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toMatch(/^\/login/);
    }
    const org = await login(DEMO.org);
    expect((await org.get("/enterprise")).status).toBe(403);
    expect((await org.get("/projects/new")).status).toBe(403);
  });
});
