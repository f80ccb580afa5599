// Search and matching over real HTTP against the BUILT server on a fresh, seeded database. The server's
// background sync worker fills the search index from the outbox; the tests wait until it has.
// - an organization searches 培训 (JSON API and the page) and gets highlighted hits;
// - filter injection through the query string is inert (400, or no extra hits);
// - recommendations JSON: reasons, APPROVED orgs only, union-covered first at equal score; another
//   enterprise gets 404;
// - a broker invites a recommended org to bid and the org sees the notification (once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient } from "../http/client";
import { DEMO } from "../e2e/accounts";
import { ORGS } from "../../prisma/seed-data/orgs";
import { DEMO_ORG, DEMO_ORG2 } from "../../prisma/seed-data/build";

let srv: RunningServer;
let org: HttpClient;
let broker: HttpClient;
let ent: HttpClient;
const ENTERPRISE_B = { email: "ent-02@demo.laborbridge.cn", password: "Enterprise#2026" };

async function login(account: { email: string; password: string }): Promise<HttpClient> {
  const c = new HttpClient(srv.baseUrl);
  await c.login(account.email, account.password);
  return c;
}

const JSON_ACCEPT = { Accept: "application/json" };

interface Hit {
  id: string;
  doc: Record<string, unknown>;
  _formatted?: Record<string, string>;
}
interface Result {
  hits: Hit[];
  estimatedTotalHits: number;
  facetDistribution: Record<string, Record<string, number>>;
}
interface Rec {
  orgId: string;
  name: string;
  score: number;
  unionCoverage: string;
  invited: boolean;
  hasBid: boolean;
  reasons: { code: string; params: Record<string, unknown> }[];
}

async function getJson<T>(c: HttpClient, path: string): Promise<{ status: number; body: T }> {
  const res = await c.get(path, JSON_ACCEPT);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

beforeAll(async () => {
  srv = await startServer({ seed: true });
  org = await login(DEMO.org);
  broker = await login(DEMO.broker);
  ent = await login(DEMO.enterprise);
  // The sync worker indexes the seeded outbox in the background: wait until search answers.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const r = await getJson<Result>(org, `/api/search/projects?q=${encodeURIComponent("培训")}&hitsPerPage=1`);
    const o = await getJson<Result>(broker, `/api/search/organizations?hitsPerPage=1`);
    if (r.status === 200 && r.body.estimatedTotalHits > 0 && o.status === 200 && o.body.estimatedTotalHits > 0) break;
    if (Date.now() > deadline) throw new Error(`search index never filled: ${JSON.stringify(r.body).slice(0, 300)}\n${srv.output().slice(-2000)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}, 240_000);

afterAll(async () => {
  await srv?.stop();
});

describe("project search", () => {
  it("an organization searches 培训 and gets highlighted hits (API and page)", async () => {
    const r = await getJson<Result>(org, `/api/search/projects?q=${encodeURIComponent("培训")}&highlight=1&facets=category,state`);
    expect(r.status).toBe(200);
    expect(r.body.hits.length).toBeGreaterThan(0);
    expect(r.body.hits.some((h) => Object.values(h._formatted ?? {}).some((v) => v.includes("<mark>培训</mark>")))).toBe(true);
    expect(Object.keys(r.body.facetDistribution.category ?? {}).length).toBeGreaterThan(0);

    const page = await org.get(`/search/projects?q=${encodeURIComponent("培训")}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<mark>培训</mark>");
    // Recommendations greet a bare visit (with reasons); a search shows results first.
    expect(html).not.toContain("为您推荐的项目");
    const bare = await (await org.get("/search/projects")).text();
    expect(bare).toContain("为您推荐的项目");
    expect(bare).toMatch(/服务类别相符|服务区县覆盖/);
    // facets with counts and the budget buckets
    expect(html).toMatch(/name="category"[^>]*value="[a-z_]+"/);
    expect(html).toMatch(/name="budget"[^>]*value="1to5"/);
    // no-JS form: a GET form with a submit button
    expect(html).toMatch(/<form[^>]*method="get"[^>]*role="search"/);
  });

  it("a filter injection in the query string is inert", async () => {
    const base = await getJson<Result>(org, `/api/search/projects?q=${encodeURIComponent("培训")}&filter=${encodeURIComponent('state = "PUBLISHED"')}&hitsPerPage=0`);
    expect(base.status).toBe(200);
    const inj = await getJson<Result>(org, `/api/search/projects?q=${encodeURIComponent("培训")}&filter=${encodeURIComponent('state = "PUBLISHED") OR (state != "x"')}&hitsPerPage=0`);
    expect([200, 400]).toContain(inj.status);
    if (inj.status === 200) expect(inj.body.estimatedTotalHits).toBeLessThanOrEqual(base.body.estimatedTotalHits);

    // The page puts facet values into filters through the escaping builders: a quote cannot escape.
    const all = await org.get("/search/projects");
    const allHtml = await all.text();
    const total = Number(/共 (\d+) 条结果/.exec(allHtml)?.[1] ?? "NaN");
    expect(total).toBeGreaterThan(0);
    const evil = await org.get(`/search/projects?category=${encodeURIComponent('x" OR category != "y')}&state=${encodeURIComponent("PUBLISHED\\")}`);
    expect(evil.status).toBe(200);
    const evilHtml = await evil.text();
    expect(evilHtml).toContain("共 0 条结果");
    // Organizations search: the APPROVED restriction cannot be widened by the caller's filter.
    const orgs = await getJson<Result>(broker, `/api/search/organizations?filter=${encodeURIComponent('vettingStatus = "PENDING" OR vettingStatus != "APPROVED"')}&hitsPerPage=0`);
    expect([200, 400]).toContain(orgs.status);
    if (orgs.status === 200) expect(orgs.body.estimatedTotalHits).toBe(0);
  });

  it("only organizations and staff reach /search/projects; enterprises and brokers reach /search/organizations", async () => {
    expect((await ent.get("/search/projects")).status).toBe(403);
    expect((await org.get("/search/organizations")).status).toBe(403);
    const page = await ent.get("/search/organizations?sort=performance");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="unionCoverage"');
    expect(html).not.toMatch(/待审核 \/ pending/);
  });
});

describe("recommendations", () => {
  let entProjects: string[] = [];

  beforeAll(async () => {
    const list = await (await ent.get("/projects")).text();
    entProjects = [...new Set([...list.matchAll(/href="\/projects\/([a-z0-9]{10,})"/g)].map((m) => m[1]))];
    expect(entProjects.length).toBeGreaterThan(0);
  });

  it("JSON has reasons, only APPROVED orgs, union-covered first at equal score", async () => {
    const approved = new Set<string>();
    for (let page = 1; page <= 5; page++) {
      const o = await getJson<Result>(broker, `/api/search/organizations?hitsPerPage=100&page=${page}`);
      o.body.hits.forEach((h) => approved.add(h.id));
      if (o.body.hits.length < 100) break;
    }
    let checked = 0;
    for (const id of entProjects.slice(0, 6)) {
      const r = await getJson<{ items: Rec[] }>(ent, `/api/projects/${id}/recommendations?limit=50`);
      expect(r.status).toBe(200);
      for (const it of r.body.items) {
        expect(typeof it.orgId).toBe("string");
        expect(typeof it.score).toBe("number");
        expect(it.reasons.length).toBeGreaterThan(0);
        expect(it.reasons.map((x) => x.code)).toContain("match.reason.vetted");
        expect(approved.has(it.orgId)).toBe(true);
      }
      for (let i = 1; i < r.body.items.length; i++) {
        const a = r.body.items[i - 1];
        const b = r.body.items[i];
        expect(a.score).toBeGreaterThanOrEqual(b.score);
        if (a.score === b.score && a.unionCoverage === "NONE") expect(b.unionCoverage).toBe("NONE");
      }
      checked += r.body.items.length;
    }
    expect(checked).toBeGreaterThan(0);
    const bad = await getJson<unknown>(ent, `/api/projects/${entProjects[0]}/recommendations?limit=abc`);
    expect(bad.status).toBe(400);
  });

  it("enterprise B gets 404 on enterprise A's project recommendations (API and page); orgs too", async () => {
    const b = await login(ENTERPRISE_B);
    expect((await b.get(`/api/projects/${entProjects[0]}/recommendations`, JSON_ACCEPT)).status).toBe(404);
    expect((await b.get(`/projects/${entProjects[0]}/recommendations`)).status).toBe(404);
    expect((await org.get(`/api/projects/${entProjects[0]}/recommendations`, JSON_ACCEPT)).status).toBe(404);
    expect((await ent.get(`/projects/${entProjects[0]}/recommendations`)).status).toBe(200);
    // the need's page links to its recommendations
    expect(await (await ent.get(`/projects/${entProjects[0]}`)).text()).toContain(`href="/projects/${entProjects[0]}/recommendations"`);
    expect((await b.get(`/broker/projects/${entProjects[0]}/recommendations`)).status).toBe(403);
  });

  it("a broker invites a recommended org; the org gets one notification; a foreign Origin is refused", async () => {
    const names = new Map<string, { email: string; password: string }>([
      [ORGS[DEMO_ORG].name, DEMO.org],
      [ORGS[DEMO_ORG2].name, DEMO.org2],
    ]);
    const open = await getJson<Result>(broker, `/api/search/projects?filter=${encodeURIComponent('state = "PUBLISHED"')}&hitsPerPage=100`);
    let target: { projectId: string; code: string; rec: Rec } | null = null;
    for (const h of open.body.hits) {
      const r = await getJson<{ items: Rec[] }>(broker, `/api/projects/${h.id}/recommendations?limit=50`);
      if (r.status !== 200) continue;
      const rec = r.body.items.find((i) => names.has(i.name) && !i.invited && !i.hasBid);
      if (rec) {
        target = { projectId: h.id, code: String(h.doc.code), rec };
        break;
      }
    }
    expect(target, "no open project recommends a demo org").not.toBeNull();
    const { projectId, code, rec } = target!;
    const path = `/broker/projects/${projectId}/recommendations`;

    const foreign = await broker.post(path, { intent: "invite", orgId: rec.orgId }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);

    expect(await (await broker.get(`/broker/projects/${projectId}`)).text()).toContain(`href="${path}"`);
    const page = await broker.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${rec.orgId}"`);

    const res = await broker.post(path, { intent: "invite", orgId: rec.orgId });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("invited=1");
    const again = await broker.post(path, { intent: "invite", orgId: rec.orgId });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toContain("invited=0");

    const orgClient = await login(names.get(rec.name)!);
    const notes = await (await orgClient.get("/notifications")).text();
    expect(notes).toContain(`邀请投标：${code}`);
    const count = (s: string) => s.split(`邀请投标：${code}`).length - 1;
    const n = count(notes);
    // A repeated invitation notifies nobody again.
    expect((await broker.post(path, { intent: "invite", orgId: rec.orgId })).headers.get("location")).toContain("invited=0");
    expect(count(await (await orgClient.get("/notifications")).text())).toBe(n);

    const after = await getJson<{ items: Rec[] }>(broker, `/api/projects/${projectId}/recommendations?limit=50`);
    expect(after.body.items.find((i) => i.orgId === rec.orgId)?.invited).toBe(true);
  });
});
