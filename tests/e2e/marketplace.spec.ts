// The marketplace flow in the browser with FOUR signed-in contexts — enterprise, org A (org@), org B
// (org2@) and a broker — against the built server on the seeded database:
//   draft → submit → broker publishes → two sealed bids (each invisible to the other org, to the
//   enterprise and to the broker before the deadline) → deadline passes → broker awards with a
//   rationale (after a refused attempt without the no-conflict declaration) → the loser is notified →
//   delivery → delivery report → acceptance → rating;
// and a dispute path: delivery report → dispute → broker resolves "deliver again" → new report → accept.
//
// MOVING TIME: the broker publishes with a bid deadline one day ahead (the domain refuses a deadline in
// the past, and waiting minutes for a real one would make the test slow and flaky). Once the bids are in,
// the test sets Project.bidDeadline to one minute ago directly in the e2e database through Prisma
// (LB_E2E_DATABASE_URL, the server's own database). The next page load closes bidding exactly as the
// deadline timer would (closeBiddingIfExpired → close_bidding → EVALUATING).
//
// Screenshots of the review queue and the award comparison (desktop) go to test-results/screens/.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { createPrismaClient } from "../../app/db.server";
import type { PrismaClient } from "../../app/generated/sqlite/client";
import { randomTestIp } from "../http/client";
import { DEMO } from "./accounts";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const DAY = 24 * 3600_000;
const SCREENS = "test-results/screens";

/** YYYY-MM-DD in Asia/Shanghai, `days` from now. */
function shanghaiDate(days = 0): string {
  return new Date(Date.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);
}
/** YYYY-MM-DDTHH:mm in Asia/Shanghai, `ms` from now (a datetime-local value). */
function shanghaiDateTime(ms: number): string {
  return new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 16);
}

/**
 * Opens a page and waits until it is quiet, i.e. hydrated: typing into a server-rendered form before
 * React hydrates it can be lost (seen with the need form).
 */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

interface Party {
  context: BrowserContext;
  page: Page;
}

let db: PrismaClient;

test.beforeAll(() => {
  const url = process.env.LB_E2E_DATABASE_URL;
  if (!url) throw new Error("LB_E2E_DATABASE_URL is not set (run through playwright.config.ts)");
  db = createPrismaClient(url);
});

test.afterAll(async () => {
  await db?.$disconnect();
});

async function signedIn(browser: Browser, baseURL: string | undefined, account: { email: string; password: string }): Promise<Party> {
  const context = await browser.newContext({
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1440, height: 900 },
    // Each party is its own client address for the per-IP login limit (the server trusts one proxy).
    extraHTTPHeaders: { "X-Forwarded-For": randomTestIp() },
  });
  const page = await context.newPage();
  await signIn(page, account.email, account.password);
  return { context, page };
}

async function orgName(email: string): Promise<string> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, include: { organization: true } });
  return u.organization!.name;
}

/** The enterprise drafts a need and submits it; returns the project id and code. */
async function draftAndSubmit(ent: Page, title: string): Promise<{ id: string; code: string }> {
  await open(ent, "/projects/new");
  await ent.getByLabel("需求名称").fill(title);
  await ent.getByLabel("需求说明").fill("为一线职工开展心理健康讲座和团体辅导，帮助职工缓解工作压力，提升心理调适能力。地点在企业培训中心。");
  await ent.getByRole("combobox", { name: "服务类别" }).selectOption({ label: "心理咨询" });
  await ent.getByRole("combobox", { name: "服务所在区县" }).selectOption({ label: "雨花区" });
  await ent.getByLabel("计划服务人数").fill("80");
  await ent.getByLabel("计划场次").fill("4");
  await ent.getByLabel("服务开始日期").fill(shanghaiDate(30));
  await ent.getByLabel("服务结束日期").fill(shanghaiDate(60));
  await ent.getByLabel("预算（元）").fill("50000");
  await ent.getByRole("combobox", { name: "资金来源" }).selectOption({ label: "工会经费" });
  await ent.getByLabel("建议投标截止时间").fill(shanghaiDateTime(7 * DAY));
  await ent.getByRole("button", { name: "保存草稿" }).click();
  await expect(ent).toHaveURL(/\/projects\/[^/?]+\?ok=created$/);
  const id = new URL(ent.url()).pathname.split("/").pop()!;
  await ent.getByRole("button", { name: "提交审核" }).click();
  await expect(ent).toHaveURL(new RegExp(`/projects/${id}\\?ok=submit$`));
  const p = await db.project.findUniqueOrThrow({ where: { id } });
  expect(p.state).toBe("SUBMITTED");
  return { id, code: p.code };
}

/** The broker finds the need in the review queue, opens it and publishes it with a deadline a day ahead. */
async function reviewAndPublish(broker: Page, id: string, code: string, title: string, screenshot = false): Promise<void> {
  await open(broker, "/broker/review");
  const row = broker.getByRole("row").filter({ hasText: code });
  await expect(row).toContainText(title);
  if (screenshot) await broker.screenshot({ path: `${SCREENS}/review-queue.png`, fullPage: true });
  await row.getByRole("link", { name: `审核需求 ${code}` }).click();
  await expect(broker).toHaveURL(new RegExp(`/broker/projects/${id}$`));
  await broker.getByLabel("投标截止时间").fill(shanghaiDateTime(DAY));
  await broker.getByRole("button", { name: "发布招标" }).click();
  await expect(broker).toHaveURL(new RegExp(`/broker/projects/${id}\\?done=publish$`));
  await expect(broker.getByText("需求已发布招标")).toBeVisible();
  expect((await db.project.findUniqueOrThrow({ where: { id } })).state).toBe("PUBLISHED");
}

async function placeBid(org: Page, id: string, bid: { amount: string; plan: string; timeline: string; team: string }): Promise<void> {
  await open(org, `/projects/${id}`);
  await org.getByLabel("报价（元）").fill(bid.amount);
  await org.getByLabel("服务方案").fill(bid.plan);
  await org.getByLabel("进度安排").fill(bid.timeline);
  await org.getByLabel("服务团队").fill(bid.team);
  await org.getByRole("button", { name: "提交投标" }).click();
  await expect(org).toHaveURL(new RegExp(`/projects/${id}\\?ok=bid$`));
}

/** "Time passes": the bid deadline is moved to one minute ago in the server's database (see the header). */
async function passDeadline(id: string): Promise<void> {
  await db.project.update({ where: { id }, data: { bidDeadline: new Date(Date.now() - 60_000) } });
}

async function award(broker: Page, id: string, winnerName: string, screenshot = false): Promise<void> {
  await open(broker, `/broker/projects/${id}/award`);
  await expect(broker.getByRole("heading", { name: "投标对比" })).toBeVisible();
  if (screenshot) await broker.screenshot({ path: `${SCREENS}/award-comparison.png`, fullPage: true });
  const form = broker.locator("form#award");
  await form.locator("label").filter({ hasText: winnerName }).click();
  await form.getByLabel("批准理由").fill("报价低于预算，服务方案针对一线职工的压力来源，团队有心理咨询师资质，绩效良好。");
  // Without the no-conflict declaration the award is refused.
  await form.getByRole("button", { name: "批准中标" }).click();
  await expect(form.getByText("请确认您与投标机构不存在利益冲突")).toBeVisible();
  expect((await db.project.findUniqueOrThrow({ where: { id } })).state).toBe("EVALUATING");
  await form.getByLabel("本人声明：与上述投标机构不存在利益冲突").check();
  await form.getByRole("button", { name: "批准中标" }).click();
  await expect(broker).toHaveURL(new RegExp(`/broker/projects/${id}\\?done=award$`));
  await expect(broker.getByText("已批准中标")).toBeVisible();
}

async function startAndReport(org: Page, id: string, summary: string, start = true): Promise<void> {
  await open(org, `/projects/${id}`);
  if (start) {
    await org.getByRole("button", { name: "开始服务" }).click();
    await expect(org).toHaveURL(new RegExp(`/projects/${id}\\?ok=start_delivery$`));
  }
  const form = org.locator("form#deliver");
  await form.getByLabel("实际服务人数").fill("78");
  await form.getByLabel("实际场次").fill("4");
  await form.getByLabel("服务开始日期").fill(shanghaiDate(0));
  await form.getByLabel("服务结束日期").fill(shanghaiDate(0));
  await form.getByLabel("服务总结").fill(summary);
  await form.getByRole("button", { name: "提交交付报告" }).click();
  await expect(org).toHaveURL(new RegExp(`/projects/${id}\\?ok=file_delivery$`));
}

async function accept(ent: Page, id: string): Promise<void> {
  await open(ent, `/projects/${id}`);
  await ent.getByRole("button", { name: "确认验收" }).click();
  await expect(ent).toHaveURL(new RegExp(`/projects/${id}\\?ok=accept$`));
}

test.describe("marketplace flow with four parties", () => {
  test.setTimeout(240_000);

  test("draft → submit → publish → two sealed bids → deadline → award → delivery → acceptance → rating", async ({ browser, baseURL }) => {
    const [ent, orgA, orgB, broker] = await Promise.all([
      signedIn(browser, baseURL, DEMO.enterprise),
      signedIn(browser, baseURL, DEMO.org),
      signedIn(browser, baseURL, DEMO.org2),
      signedIn(browser, baseURL, DEMO.broker),
    ]);
    const tag = Date.now().toString(36);
    const title = `E2E 一线职工心理健康讲座 ${tag}`;
    const { id, code } = await draftAndSubmit(ent.page, title);
    await reviewAndPublish(broker.page, id, code, title, true);

    const planA = `A方案${tag}：四场团体辅导加一对一咨询，覆盖三个班组。`;
    const planB = `B方案${tag}：两场讲座加两场减压工作坊，配套职工心理测评。`;
    await placeBid(orgA.page, id, { amount: "42000", plan: planA, timeline: "第1周调研，第2-5周每周一场", team: "国家二级心理咨询师2名，社工3名" });
    await placeBid(orgB.page, id, { amount: "39800", plan: planB, timeline: "第1-4周每周一场", team: "心理咨询师3名" });

    // Sealed: each org sees its own bid only; the enterprise and the broker see the count, not the bids.
    await open(orgA.page, `/projects/${id}`);
    const a = await orgA.page.content();
    expect(a).toContain(planA);
    expect(a).not.toContain(planB);
    expect(a).not.toContain("39,800");
    await open(orgB.page, `/projects/${id}`);
    const b = await orgB.page.content();
    expect(b).toContain(planB);
    expect(b).not.toContain(planA);
    expect(b).not.toContain("42,000");
    await open(ent.page, `/projects/${id}`);
    await expect(ent.page.getByText("已收到 2 份投标。")).toBeVisible();
    const e = await ent.page.content();
    for (const secret of [planA, planB, "42,000", "39,800"]) expect(e).not.toContain(secret);
    await open(broker.page, `/broker/projects/${id}/award`);
    await expect(broker.page.getByText("投标尚在密封期")).toBeVisible();
    await open(broker.page, `/broker/projects/${id}`);
    await expect(broker.page.getByText("已收到 2 份投标。")).toBeVisible();
    const br = await broker.page.content();
    for (const secret of [planA, planB, "42,000", "39,800"]) expect(br).not.toContain(secret);
    await open(broker.page, `/broker/projects/${id}/award`);
    const brAward = await broker.page.content();
    for (const secret of [planA, planB, "42,000", "39,800"]) expect(brAward).not.toContain(secret);

    // The deadline passes; the comparison opens; the broker awards org B (the lower price).
    await passDeadline(id);
    const nameA = await orgName(DEMO.org.email);
    const nameB = await orgName(DEMO.org2.email);
    await open(broker.page, `/broker/projects/${id}/award`);
    await expect(broker.page.getByRole("columnheader", { name: new RegExp(nameA) })).toBeVisible();
    await expect(broker.page.getByRole("columnheader", { name: new RegExp(nameB) })).toBeVisible();
    await expect(broker.page.getByText(planA)).toBeVisible();
    await award(broker.page, id, nameB, true);
    expect((await db.project.findUniqueOrThrow({ where: { id }, include: { award: true } })).award?.amountFen).toBe(3_980_000);

    // Org A lost and was told so.
    await open(orgA.page, "/notifications");
    await expect(orgA.page.getByText(`未中标：${code}`).first()).toBeVisible();

    // Org B delivers and files its report; the enterprise accepts and rates.
    await startAndReport(orgB.page, id, "共开展四场活动，78名职工参加，满意度调查平均4.6分，附签到表和照片。");
    await accept(ent.page, id);
    const rating = ent.page.locator("form#rate");
    for (const legend of ["服务质量", "及时性", "专业水平", "职工反响"]) {
      await rating.getByRole("group", { name: legend }).locator("label").filter({ hasText: "5" }).click();
    }
    await rating.getByLabel("评价意见（选填）").fill("服务专业，职工反响很好。");
    await rating.getByRole("button", { name: "提交评价" }).click();
    await expect(ent.page).toHaveURL(new RegExp(`/projects/${id}\\?ok=rated$`));
    const done = await db.project.findUniqueOrThrow({ where: { id }, include: { ratings: true } });
    expect(done.state).toBe("ACCEPTED");
    expect(done.ratings).toHaveLength(1);
    expect(done.ratings[0].quality).toBe(5);

    await Promise.all([ent, orgA, orgB, broker].map((p) => p.context.close()));
  });

  test("dispute path: report → dispute → broker resolves (deliver again, upheld) → new report → acceptance", async ({ browser, baseURL }) => {
    const [ent, orgA, broker] = await Promise.all([
      signedIn(browser, baseURL, DEMO.enterprise),
      signedIn(browser, baseURL, DEMO.org),
      signedIn(browser, baseURL, DEMO.broker),
    ]);
    const tag = Date.now().toString(36);
    const title = `E2E 职工减压工作坊 ${tag}`;
    const { id, code } = await draftAndSubmit(ent.page, title);
    await reviewAndPublish(broker.page, id, code, title);
    await placeBid(orgA.page, id, { amount: "45000", plan: `方案${tag}：三场减压工作坊和一场讲座。`, timeline: "四周内完成", team: "心理咨询师2名" });
    await passDeadline(id);
    await award(broker.page, id, await orgName(DEMO.org.email));
    await startAndReport(orgA.page, id, "开展了两场工作坊，职工参与度一般，讲座因场地原因未开展。");

    // The enterprise disputes the delivery.
    await open(ent.page, `/projects/${id}`);
    await ent.page.locator("summary").filter({ hasText: "提出异议" }).click();
    const dispute = ent.page.locator("form").filter({ has: ent.page.getByLabel("异议原因") });
    await dispute.getByLabel("异议原因").fill("计划四场，只开展了两场，讲座没有举办。");
    await dispute.getByRole("button", { name: "提出异议" }).click();
    await expect(ent.page).toHaveURL(new RegExp(`/projects/${id}\\?ok=dispute$`));
    expect((await db.project.findUniqueOrThrow({ where: { id } })).state).toBe("DISPUTED");

    // The broker resolves it: deliver again, the complaint is upheld.
    await open(broker.page, "/broker/disputes");
    const item = broker.page.locator(`li#d-${id}`);
    await expect(item).toContainText("计划四场，只开展了两场");
    await item.getByRole("button", { name: "处理异议" }).click();
    await expect(item.getByText("请选择处理结果")).toBeVisible();
    await item.getByLabel("机构重新交付").check();
    await item.getByLabel("处理意见").fill("机构须补办讲座和两场工作坊，完成后重新提交交付报告。");
    await item.getByRole("radio", { name: "成立", exact: true }).check();
    await item.getByRole("button", { name: "处理异议" }).click();
    await expect(broker.page).toHaveURL(/\/broker\/disputes\?resolved=/);
    await expect(broker.page.getByText("异议已处理")).toBeVisible();
    const resolved = await db.project.findUniqueOrThrow({ where: { id }, include: { disputes: true } });
    expect(resolved.state).toBe("IN_DELIVERY");
    expect(resolved.disputes[0].upheld).toBe(true);

    // The organization delivers again; the enterprise accepts.
    await startAndReport(orgA.page, id, "补办了讲座和两场工作坊，共四场，78名职工参加，附签到表。", false);
    await accept(ent.page, id);
    expect((await db.project.findUniqueOrThrow({ where: { id } })).state).toBe("ACCEPTED");

    await Promise.all([ent, orgA, broker].map((p) => p.context.close()));
  });
});
