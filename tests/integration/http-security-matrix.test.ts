// Security matrix over real HTTP against the BUILT server on a fresh demo-seeded database (one server for
// the whole file; every role signed in once). What it proves is listed in docs/security.md.
//
//  1. Permission matrix: every route file of app/routes (read at test time, tests/security/routes.ts) ×
//     8 roles → the expected status class of a GET, and of a POST with this site's Origin and a garbage
//     body where the route has an action. A route file without a row FAILS the test: add its row.
//     Records in the URLs are owned by the "A" side (enterprise A, org A; tests/security/fixtures.ts), so
//     enterprise B / org B / the unvetted org are the "not owned" case.
//  2. Sealed-bid secrecy before the deadline, survey-token secrecy.
//  3. Security headers, session fixation, sessions revoked on password change, uploads served as
//     attachments (and checked by magic number and size), rate limits on login, sign-up and survey.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient, setCookiesOf } from "../http/client";
import { hasAction, routeTable, ROUTES_DIR } from "../security/routes";
import { loginAll, ROLES, seedIds, urlFor, type RoleKey, type SeedIds } from "../security/fixtures";
import { createPrismaClient } from "../../app/db.server";
import { validUscc } from "../fixtures/registry";

// ---------------------------------------------------------------------------------------------------
// The table. Columns (in this order): anon, entA, entB, orgA, orgB, pending (unvetted org), broker, admin.
// Cells:  2 = 2xx · 3 = redirect (not to /login) · L = sign-in required (redirect to /login, or 401)
//         4xx = that exact status.  In `post`, a leading "+" marks a role that MAY act on the route (its
//         garbage body may be refused with any 4xx, or succeed); every other POST cell must be L/401/403/404.
// `known`: a cell that deviates from the rules today, with the reason (also listed in docs/security.md);
//         the test asserts the observed value so a fix shows up as a failure to update the row.
// ---------------------------------------------------------------------------------------------------
interface Row {
  pattern: string;
  get: string;
  post?: string;
  note?: string;
  known?: { method: "GET" | "POST"; role: RoleKey; observed: string; why: string }[];
}

const MATRIX: Row[] = [
  // public
  { pattern: "/", get: "2 2 2 2 2 2 2 2" },
  { pattern: "/*", get: "404 404 404 404 404 404 404 404", post: "404 404 404 404 404 404 404 404", note: "catch-all 404 page" },
  { pattern: "/healthz", get: "2 2 2 2 2 2 2 2" },
  { pattern: "/help", get: "2 2 2 2 2 2 2 2" },
  { pattern: "/open-data/ocds.json", get: "2 2 2 2 2 2 2 2", note: "public OCDS: only published/awarded data" },
  { pattern: "/locale", get: "3 3 3 3 3 3 3 3", post: "+3 +3 +3 +3 +3 +3 +3 +3" },
  { pattern: "/login", get: "2 3 3 3 3 3 3 3", post: "+400 +3 +3 +3 +3 +3 +3 +3" },
  { pattern: "/logout", get: "3 3 3 3 3 3 3 3", post: "+3 +3 +3 +3 +3 +3 +3 +3" },
  { pattern: "/signup", get: "2 3 3 3 3 3 3 3" },
  { pattern: "/signup/enterprise", get: "2 3 3 3 3 3 3 3", post: "+400 +3 +3 +3 +3 +3 +3 +3" },
  { pattern: "/signup/org", get: "2 3 3 3 3 3 3 3", post: "+400 +3 +3 +3 +3 +3 +3 +3" },
  { pattern: "/invoices/verify/:token", get: "2 2 2 2 2 2 2 2", note: "public verification of an issued invoice by its token" },
  { pattern: "/s/:token", get: "404 404 404 404 404 404 404 404", post: "+400 +400 +400 +400 +400 +400 +400 +400", note: "random token: the invalid page" },
  // any signed-in user
  { pattern: "/account/data.json", get: "L 2 2 2 2 2 2 2" },
  { pattern: "/account/password", get: "L 2 2 2 2 2 2 2", post: "401 +400 +400 +400 +400 +400 +400 +400" },
  { pattern: "/notifications", get: "L 2 2 2 2 2 2 2", post: "401 +3 +3 +3 +3 +3 +3 +3" },
  { pattern: "/projects", get: "L 2 2 2 2 2 2 2", note: "each role sees its own slice" },
  { pattern: "/api/search/projects", get: "L 2 2 2 2 2 2 2" },
  { pattern: "/api/search/organizations", get: "L 2 2 403 403 403 2 2" },
  { pattern: "/search/projects", get: "L 403 403 2 2 2 2 2", note: "project search is for orgs (and staff)" },
  { pattern: "/search/organizations", get: "L 2 2 403 403 403 2 2", note: "org search is for enterprises (and staff)" },
  { pattern: "/invoices", get: "L 2 2 2 2 2 2 2", post: "401 403 403 +400 +400 +400 403 403" },
  { pattern: "/surveys", get: "L 2 2 2 2 2 2 2" },
  { pattern: "/performance", get: "L 2 2 3 3 3 2 2" },
  // enterprise
  { pattern: "/enterprise", get: "L 2 2 403 403 403 403 403" },
  { pattern: "/enterprise/profile", get: "L 2 2 403 403 403 403 403", post: "401 +400 +400 403 403 403 403 403" },
  { pattern: "/projects/new", get: "L 2 2 403 403 403 403 403", post: "401 +400 +400 403 403 403 403 403" },
  { pattern: "/projects/:id/edit", get: "L 2 404 403 403 403 403 403", post: "401 +400 404 403 403 403 403 403", note: "enterprise A's DRAFT" },
  // organization
  { pattern: "/org", get: "L 403 403 2 2 2 403 403" },
  { pattern: "/org/annual-review", get: "L 403 403 2 2 2 403 403", post: "401 403 403 +400 +400 +400 403 403" },
  { pattern: "/org/documents", get: "L 403 403 2 2 2 403 403", post: "401 403 403 +400 +400 +400 403 403" },
  { pattern: "/org/profile", get: "L 403 403 2 2 2 403 403", post: "401 403 403 +400 +400 +400 403 403" },
  { pattern: "/org/meetings", get: "L 403 403 2 2 2 403 403" },
  { pattern: "/org/meetings/:id", get: "L 403 403 2 2 404 403 403", note: "a meeting org A and org B are invited to; the unvetted org is not" },
  { pattern: "/orgs/:orgId/performance", get: "L 2 2 2 404 404 2 2", note: "org A's performance: not for other orgs" },
  { pattern: "/documents/org/:id", get: "L 404 404 2 404 404 2 2", note: "org A's uploaded certificate (uploaded in beforeAll)" },
  // a project of enterprise A awarded to org A
  { pattern: "/projects/:id", get: "L 2 404 2 404 404 2 2", post: "401 +400 404 +400 404 404 +400 +400" },
  // recommendations for enterprise A's PUBLISHED need
  { pattern: "/projects/:id/recommendations", get: "L 2 404 404 404 404 3 404", note: "the broker is sent to its own recommendations page" },
  { pattern: "/api/projects/:id/recommendations", get: "L 2 404 404 404 404 2 404" },
  { pattern: "/broker/projects/:id/recommendations", get: "L 403 403 403 403 403 2 403", post: "401 403 403 403 403 403 +422 403" },
  { pattern: "/projects/:id/attachments/:attachmentId", get: "L 404 404 404 404 404 404 404", note: "no attachment in the seed: a made-up id (upload path covered by http-marketplace)" },
  { pattern: "/projects/:id/evidence/:reportId/:index", get: "L 404 404 404 404 404 404 404", note: "seeded delivery reports carry no evidence files: index 0 is a 404 for all" },
  { pattern: "/projects/:id/evaluation", get: "L 404 404 404 404 404 2 404", post: "401 404 404 404 404 404 +400 404" },
  { pattern: "/projects/:id/payments", get: "L 2 404 2 404 404 2 2", post: "401 404 404 404 404 404 +400 404" },
  { pattern: "/projects/:id/survey", get: "L 2 404 2 404 404 2 2", post: "401 404 404 +400 404 404 +400 404",
    note: "enterprise A and admin may look, only the awarded org and the broker may generate" },
  { pattern: "/invoices/:id", get: "L 2 404 2 404 404 2 2", post: "401 +400 404 +400 404 404 +400 +400", note: "invoice issued by org A in beforeAll (payer: enterprise A or the union)" },
  { pattern: "/invoices/:id/pdf", get: "L 2 404 2 404 404 2 2" },
  // broker / admin
  { pattern: "/broker", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/bundles/new", get: "L 403 403 403 403 403 2 403", post: "401 403 403 403 403 403 +400 403" },
  { pattern: "/broker/disputes", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +400 403" },
  { pattern: "/broker/projects", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/projects/:id", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +400 403" },
  { pattern: "/broker/projects/:id/award", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +400 403" },
  { pattern: "/broker/review", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/annual-reviews", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/enterprises", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/enterprises/export", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/evaluations", get: "L 403 403 403 403 403 2 403" },
  { pattern: "/broker/ledger", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/ledger/dashboard", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/ledger/export", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/ledger/import", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +410 +410", note: "410: the import token of a garbage body is gone" },
  { pattern: "/broker/ledger/import/template", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/broker/meetings", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +400 +400" },
  { pattern: "/broker/meetings/:id", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +400 +400" },
  { pattern: "/broker/orgs/:id", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +404 +404" },
  { pattern: "/broker/reviews", get: "L 403 403 403 403 403 2 403", post: "401 403 403 403 403 403 +400 403" },
  { pattern: "/broker/vetting", get: "L 403 403 403 403 403 2 2", post: "401 403 403 403 403 403 +400 +400" },
  { pattern: "/reports/annual", get: "L 403 403 403 403 403 2 2" },
  { pattern: "/reports/annual/export", get: "L 403 403 403 403 403 400 400", note: "400: no format/year given" },
  { pattern: "/admin/users", get: "L 403 403 403 403 403 403 2", post: "401 403 403 403 403 403 403 +400" },
  { pattern: "/admin/indicators", get: "L 403 403 403 403 403 403 2", post: "401 403 403 403 403 403 403 +400" },
  { pattern: "/admin/indicators/:systemId", get: "L 403 403 403 403 403 403 2", post: "401 403 403 403 403 403 403 +400" },
];

/**
 * Resource routes that answer WITHOUT X-Content-Type-Options today: entry.server adds the security headers
 * to documents and data requests only, and a resource route's Response bypasses it. Open finding (see
 * docs/security.md); the list must shrink, never grow.
 */
const KNOWN_NO_NOSNIFF: string[] = [];

/** The observed class of a response (see the legend above). */
function statusClass(res: Response): string {
  const s = res.status;
  if (s >= 300 && s < 400) return /^\/login(\?|$)/.test(res.headers.get("location") ?? "") ? "L" : "3";
  if (s >= 200 && s < 300) return "2";
  if (s === 401) return "L";
  return String(s);
}
const cells = (s: string) => s.trim().split(/\s+/);
const bare = (cell: string) => (cell.startsWith("+") ? cell.slice(1) : cell === "401" ? "L" : cell);

let srv: RunningServer;
let c: Record<RoleKey, HttpClient>;
let ids: SeedIds;

const html = (res: Response) => res.text();

beforeAll(async () => {
  srv = await startServer({ seed: true });
  ids = await seedIds(srv.databaseUrl);
  c = await loginAll(srv.baseUrl);

  // Records the seed lacks, made through the UI like a user would: an uploaded certificate of org A
  // and an invoice issued by org A.
  const pdf = new Blob([Buffer.from("%PDF-1.4\n% security matrix certificate\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")], { type: "application/pdf" });
  const up = await uploadDoc(c.orgA, pdf, "cert.pdf");
  expect(up.status, await up.clone().text()).toBe(200);
  const page = await html(await c.orgA.get("/invoices"));
  const instalmentId = page.match(/<input[^>]*name="instalmentId"[^>]*value="([^"]+)"/)?.[1] ?? page.match(/<input[^>]*value="([^"]+)"[^>]*name="instalmentId"/)?.[1];
  expect(instalmentId, "an invoiceable instalment of org@").toBeTruthy();
  const issued = await c.orgA.post("/invoices", { instalmentId });
  expect(issued.status).toBe(303);

  const db = createPrismaClient(srv.databaseUrl);
  try {
    const doc = await db.organizationDocument.findFirstOrThrow({ where: { organizationId: ids.orgA } });
    ids.orgDocument = doc.id;
    const inv = await db.invoice.findFirstOrThrow({ where: { issuedById: { not: "" }, project: { award: { organizationId: ids.orgA } } }, orderBy: { issuedAt: "desc" } });
    ids.invoice = { id: inv.id, verifyToken: inv.verifyToken };
  } finally {
    await db.$disconnect();
  }
}, 240_000);

afterAll(async () => {
  await srv?.stop();
});

function uploadDoc(client: HttpClient, file: Blob, name: string, kind = "certificate"): Promise<Response> {
  const fd = new FormData();
  fd.set("kind", kind);
  fd.set("file", file, name);
  return client.request("/org/documents", { method: "POST", body: fd, headers: { Origin: client.origin } });
}

describe("permission matrix", () => {
  const table = routeTable();

  it("has a row for every route file in app/routes (add a row for a new route)", () => {
    const rows = new Set(MATRIX.map((r) => r.pattern));
    const missing = table.filter((r) => !rows.has(r.pattern)).map((r) => `${r.file} → ${r.pattern}`);
    expect(missing, "route files without a row in MATRIX").toEqual([]);
    const stale = [...rows].filter((p) => !table.some((r) => r.pattern === p));
    expect(stale, "rows for routes that no longer exist").toEqual([]);
  });

  it("has a POST row exactly for the routes that export an action, and the table follows the rules", () => {
    for (const { file, pattern } of table) {
      const row = MATRIX.find((r) => r.pattern === pattern);
      if (!row) continue;
      const act = hasAction(readFileSync(`${ROUTES_DIR}/${file}`, "utf8"));
      expect(Boolean(row.post), `${pattern}: post row ⇔ action export`).toBe(act);
      expect(cells(row.get), `${pattern}: 8 GET cells`).toHaveLength(ROLES.length);
      if (row.post) {
        const ps = cells(row.post);
        expect(ps, `${pattern}: 8 POST cells`).toHaveLength(ROLES.length);
        ps.forEach((cell, i) => {
          if (!cell.startsWith("+")) expect(["L", "401", "403", "404"], `${pattern} POST ${ROLES[i]}: a role that may not act`).toContain(cell);
        });
      }
    }
  });

  it("every route × role answers as the table says (GET, and a garbage same-origin POST); never a 5xx", async () => {
    const failures: string[] = [];
    for (const { file, pattern } of table) {
      const row = MATRIX.find((r) => r.pattern === pattern);
      if (!row) continue;
      const url = urlFor(pattern, ids);
      const gets = cells(row.get);
      const posts = row.post ? cells(row.post) : null;
      await Promise.all(
        ROLES.map(async (role, i) => {
          const client = role === "anon" ? new HttpClient(srv.baseUrl) : c[role];
          const check = (method: "GET" | "POST", res: Response, want: string) => {
            const got = statusClass(res);
            const known = row.known?.find((k) => k.method === method && k.role === role);
            const expected = known ? bare(known.observed) : bare(want);
            if (res.status >= 500) failures.push(`${method} ${url} as ${role}: ${res.status} (5xx) [${file}]`);
            else if (got !== expected) failures.push(`${method} ${url} as ${role}: got ${got}, table says ${expected} [${file}]`);
          };
          const g = await client.get(url);
          await g.arrayBuffer();
          check("GET", g, gets[i]);
          // Signing out the shared clients would spoil the other rows: /logout is posted by fresh clients.
          if (posts) {
            const poster = pattern === "/logout" || pattern === "/locale" ? new HttpClient(srv.baseUrl) : client;
            if (pattern === "/logout" && role !== "anon") await poster.login(...credsOf(role));
            const p = await poster.post(url, { intent: "zz-garbage", x: "\u0000<script>", "a[b]": "1" });
            await p.arrayBuffer();
            check("POST", p, posts[i]);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("a valid-looking intent on someone else's project is a 404 (not a 400/403 that confirms it exists)", async () => {
    const url = `/projects/${ids.deliveredProject}`;
    for (const role of ["entB", "orgB", "pending"] as const) {
      const res = await c[role].post(url, { intent: "transition", name: "cancel", reason: "不是我的项目，也想取消一下" });
      expect(res.status, role).toBe(404);
    }
  });
});

function credsOf(role: RoleKey): [string, string] {
  const m: Record<string, [string, string]> = {
    entA: ["enterprise@laborbridge.cn", "Enterprise#2026"],
    entB: ["ent-02@demo.laborbridge.cn", "Enterprise#2026"],
    orgA: ["org@laborbridge.cn", "Org#2026"],
    orgB: ["org2@laborbridge.cn", "Org#2026"],
    pending: ["pending-org@laborbridge.cn", "Org#2026"],
    broker: ["broker@laborbridge.cn", "Broker#2026"],
    admin: ["admin@laborbridge.cn", "Admin#2026"],
  };
  return m[role];
}

describe("sealed bids before the deadline", () => {
  it("another org, the unvetted org, the owner enterprise, another enterprise, the broker and the admin never see the amount or the plan", async () => {
    const marker = `密封方案${Date.now().toString(36)}`;
    const amountYuan = "87,654.32";
    const db = createPrismaClient(srv.databaseUrl);
    let projectId = "";
    try {
      const open = await db.project.findMany({ where: { state: "PUBLISHED", bidDeadline: { gt: new Date() } }, orderBy: { code: "asc" }, select: { id: true } });
      for (const p of open) {
        const res = await c.orgA.post(`/projects/${p.id}`, {
          intent: "bid",
          amount: amountYuan,
          overBudgetReason: "含加开的团体辅导场次",
          plan: `${marker}：分四次开展专题讲座并提供一对一咨询。`,
          timeline: "第 1–2 周讲座，第 3–4 周个体咨询",
          team: `${marker}团队：心理咨询师 3 名`,
        });
        await res.arrayBuffer();
        if (res.status === 303) {
          projectId = p.id;
          break;
        }
      }
    } finally {
      await db.$disconnect();
    }
    expect(projectId, "org A could bid on some open project").not.toBe("");
    const own = await html(await c.orgA.get(`/projects/${projectId}`));
    expect(own).toContain("¥87,654.32");
    expect(own).toContain(marker);

    const leaks = (body: string) => [amountYuan, "87654.32", "8765432", marker].filter((s) => body.includes(s));
    for (const role of ["orgB", "pending", "entA", "entB", "broker", "admin", "anon"] as const) {
      for (const path of [`/projects/${projectId}`, `/broker/projects/${projectId}`, `/broker/projects/${projectId}/award`, "/projects", `/api/search/projects?q=${encodeURIComponent(marker)}`, "/open-data/ocds.json", "/notifications"]) {
        const res = await c[role].get(path);
        const body = await res.text();
        expect(res.status, `${role} ${path}`).toBeLessThan(500);
        expect(leaks(body), `${role} sees the sealed bid on ${path}`).toEqual([]);
      }
    }
  });
});

describe("survey tokens", () => {
  const strip = (s: string, tokens: string[]) => {
    let out = s.replace(/nonce="[^"]*"/g, 'nonce=""');
    for (const t of tokens) out = out.split(t).join("TOKEN");
    return out;
  };

  it("a random token gets the same page as a malformed one, a used token's page names nothing; tokens appear only on the generating user's sheet", async () => {
    // A project of org A in delivery (the state in which links are handed out).
    const list = await html(await c.orgA.get("/surveys"));
    const row = (list.match(/<tr[\s\S]*?<\/tr>/g) ?? []).find((r) => r.includes("服务中") && /\/projects\/[A-Za-z0-9_-]+\/survey/.test(r));
    expect(row, "an IN_DELIVERY project of org@").toBeDefined();
    const projectId = row!.match(/\/projects\/([A-Za-z0-9_-]+)\/survey/)![1];
    const gen = await c.orgA.post(`/projects/${projectId}/survey`, { count: 2 });
    expect(gen.status).toBe(200);
    const sheet = await gen.text();
    const tokens = [...new Set([...sheet.matchAll(/\/s\/([A-Za-z0-9_-]{22})(?=[<"])/g)].map((m) => m[1]))];
    expect(tokens).toHaveLength(2);

    // Use the first token.
    const worker = new HttpClient(srv.baseUrl);
    const done = await worker.post(`/s/${tokens[0]}`, { q1: 5, q2: 4, q3: 4, q4: 5, q5: 5, comment: "很好" });
    expect(done.status).toBe(303);

    const random = "Zq" + Buffer.from(crypto.getRandomValues(new Uint8Array(15))).toString("base64url");
    const visitor = new HttpClient(srv.baseUrl);
    const used = await visitor.get(`/s/${tokens[0]}`);
    const rnd = await visitor.get(`/s/${random}`);
    const malformed = await visitor.get(`/s/not-a-token`);
    const [usedBody, rndBody, malBody] = [strip(await used.text(), [tokens[0]]), strip(await rnd.text(), [random]), strip(await malformed.text(), ["not-a-token"])];
    // A random token and a malformed one: the very same page.
    expect(rnd.status).toBe(404);
    expect(rndBody).toBe(malBody);
    // KNOWN DEVIATION (docs/security.md): a used token gets its own "already submitted" page (409, tested
    // by http-evaluation) instead of the invalid page. With 128-bit random tokens this tells nothing to a
    // guesser; what matters is that neither page names the project, the enterprise or the organization.
    expect(used.status).toBe(409);
    const db = createPrismaClient(srv.databaseUrl);
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { enterprise: true, award: { include: { organization: true } } } });
    await db.$disconnect();
    for (const [label, body] of [["used", usedBody], ["random", rndBody]] as const) {
      for (const secret of [project.id, project.code, project.title, project.enterprise?.name, project.award?.organization.name]) {
        if (secret) expect(body.includes(secret), `${label} token page shows ${secret}`).toBe(false);
      }
    }

    // Nowhere else: not on a later visit of the sheet page, nor anywhere any role can look.
    const pages = [`/projects/${projectId}/survey`, `/projects/${projectId}`, "/surveys", "/notifications", "/account/data.json", `/projects/${projectId}/evaluation`, "/open-data/ocds.json", "/broker/evaluations"];
    for (const role of ROLES) {
      for (const path of pages) {
        const body = await (await c[role].get(path)).text();
        for (const t of tokens) expect(body.includes(t), `${role} ${path} shows a survey token`).toBe(false);
      }
    }
  });
});

describe("security headers", () => {
  it("documents carry a nonce CSP (every inline script has the nonce), frame-ancestors 'none', nosniff, a referrer policy and HSTS in production", async () => {
    for (const [role, path] of [["anon", "/"], ["anon", "/login"], ["orgA", "/projects"], ["broker", "/broker"], ["entA", "/enterprise"]] as const) {
      const res = await c[role].get(path);
      const body = await res.text();
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = csp.match(/script-src[^;]*'nonce-([^']+)'/)?.[1];
      expect(nonce, `${path}: CSP script-src nonce`).toBeTruthy();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      const scripts = [...body.matchAll(/<script\b([^>]*)>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [tag, attrs] of scripts) {
        if (/\bsrc=/.test(attrs)) continue; // external scripts are 'self'
        expect(attrs, `inline script without the nonce on ${path}: ${tag}`).toContain(`nonce="${nonce}"`);
      }
      // A fresh nonce per response.
      const again = (await c[role].get(path)).headers.get("content-security-policy") ?? "";
      expect(again.match(/'nonce-([^']+)'/)?.[1]).not.toBe(nonce);
    }
  });

  it("resource routes (JSON, CSV, PDF, XLSX, redirects) answer with nosniff too (known gaps listed)", async () => {
    const lacking: string[] = [];
    for (const { file, pattern } of routeTable()) {
      if (!file.endsWith(".ts")) continue; // .tsx routes render documents (checked above)
      const row = MATRIX.find((r) => r.pattern === pattern)!;
      const i = cells(row.get).findIndex((cell) => cell === "2");
      if (i < 0) continue;
      const res = await c[ROLES[i]].get(urlFor(pattern, ids));
      await res.arrayBuffer();
      if (res.headers.get("x-content-type-options") !== "nosniff") lacking.push(pattern);
    }
    expect(lacking.sort(), "resource routes without X-Content-Type-Options: nosniff").toEqual([...KNOWN_NO_NOSNIFF].sort());
  });

  it("HSTS only in production: the security code sends none outside it", async () => {
    const { applySecurityHeaders } = await import("../../app/security.server");
    const prev = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = "development";
      const dev = new Headers();
      applySecurityHeaders(dev, "n0nce");
      expect(dev.get("strict-transport-security")).toBeNull();
      process.env.NODE_ENV = "production";
      const prod = new Headers();
      applySecurityHeaders(prod, "n0nce");
      expect(prod.get("strict-transport-security")).toMatch(/max-age=/);
    } finally {
      process.env.NODE_ENV = prev;
    }
  });
});

describe("sessions", () => {
  it("session fixation: a session cookie planted before login is replaced, and the planted id never works", async () => {
    const victim = new HttpClient(srv.baseUrl);
    // An attacker's own valid session id, planted into the victim's browser…
    const attacker = new HttpClient(srv.baseUrl);
    await attacker.login(...credsOf("orgB"));
    const planted = attacker.cookie("lb_session")!;
    victim.jar.set("lb_session", planted);
    await victim.login(...credsOf("orgA"));
    expect(victim.cookie("lb_session")).not.toBe(planted);
    // …and a made-up id.
    const v2 = new HttpClient(srv.baseUrl);
    v2.jar.set("lb_session", "fixated0000000000000000000000000000000");
    await v2.login(...credsOf("entA"));
    expect(v2.cookie("lb_session")).not.toBe("fixated0000000000000000000000000000000");
    const probe = new HttpClient(srv.baseUrl);
    probe.jar.set("lb_session", "fixated0000000000000000000000000000000");
    expect(statusClass(await probe.get("/account/password"))).toBe("L");
  });

  it("a password change revokes every other session of the user (a second client is signed out)", async () => {
    const email = "ent-03@demo.laborbridge.cn";
    const a = new HttpClient(srv.baseUrl);
    const b = new HttpClient(srv.baseUrl);
    await a.login(email, "Enterprise#2026");
    await b.login(email, "Enterprise#2026");
    expect((await b.get("/enterprise")).status).toBe(200);
    const next = "Nouveau#2026-pass";
    const res = await a.post("/account/password", { current: "Enterprise#2026", next, confirm: next });
    expect(res.status, await res.clone().text()).toBeLessThan(400);
    expect(statusClass(await b.get("/enterprise")), "the other session").toBe("L");
    // The old password no longer signs in; the new one does.
    const old = await new HttpClient(srv.baseUrl).post("/login", { email, password: "Enterprise#2026" });
    expect(old.status).toBe(401);
    await new HttpClient(srv.baseUrl).login(email, next);
  });
});

describe("uploads", () => {
  it("an uploaded document is served as an attachment with nosniff, only to its org, the broker and the admin", async () => {
    const url = `/documents/org/${ids.orgDocument}`;
    const res = await c.orgA.get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await c.orgB.get(url)).status).toBe(404);
  });

  it("checks the type by magic number (HTML named .pdf is refused) and the size (over 10 MB is refused)", async () => {
    const fake = await uploadDoc(c.orgB, new Blob(["<html><script>alert(1)</script></html>"], { type: "application/pdf" }), "evil.pdf");
    expect(fake.status).toBeGreaterThanOrEqual(400);
    expect(fake.status).toBeLessThan(500);
    const big = new Uint8Array(10 * 1024 * 1024 + 10);
    big.set(Buffer.from("%PDF-1.4\n"));
    const huge = await uploadDoc(c.orgB, new Blob([big], { type: "application/pdf" }), "big.pdf");
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    const db = createPrismaClient(srv.databaseUrl);
    try {
      expect(await db.organizationDocument.count({ where: { organizationId: ids.orgB } })).toBe(0);
      const doc = await db.organizationDocument.findUniqueOrThrow({ where: { id: ids.orgDocument! } });
      // Stored outside the web root: a path relative to UPLOAD_DIR, never under public/ or build/client.
      expect(doc.storedPath).not.toMatch(/^(\/|public\/|build\/)/);
      expect(doc.storedPath).not.toContain("..");
    } finally {
      await db.$disconnect();
    }
    const direct = await fetch(`${srv.baseUrl}/uploads/${encodeURIComponent("x")}`);
    expect(direct.status).toBe(404);
  });
});

describe("rate limits", () => {
  it("login: the 6th failure in 15 minutes from one address is a 429", async () => {
    const x = new HttpClient(srv.baseUrl);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await x.post("/login", { email: `nobody${i}@rate.test`, password: "wrong-password" })).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("sign-up: at most 10 accounts per hour from one address, then 429", async () => {
    const db = createPrismaClient(srv.databaseUrl);
    const district = (await db.district.findFirstOrThrow({})).code;
    await db.$disconnect();
    const x = new HttpClient(srv.baseUrl);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const email = `signup-${Date.now().toString(36)}-${i}@rate.test`;
      const res = await x.post("/signup/enterprise", {
        name: `限流测试企业${i}`,
        uscc: validUscc("9"),
        districtCode: district,
        contactName: "王测试",
        phone: "13800138000",
        email,
        password: "Signup#2026-pass",
        confirm: "Signup#2026-pass",
      });
      codes.push(res.status);
      x.jar.clear(); // signed in after a successful sign-up: sign out locally
    }
    expect(codes.slice(0, 10).every((s) => s === 302 || s === 303), codes.join(",")).toBe(true);
    expect(codes[10]).toBe(429);
  }, 60_000);

  it("survey: after 30 invalid tokens from one address the next is a 429; another address is unaffected", async () => {
    const x = new HttpClient(srv.baseUrl);
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await x.get(`/s/${"G".repeat(20)}${String(i).padStart(2, "0")}`)).status);
    expect(codes.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(codes[30]).toBe(429);
    expect((await new HttpClient(srv.baseUrl).get(`/s/${"H".repeat(22)}`)).status).toBe(404);
  });
});
