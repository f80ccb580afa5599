// Integration over real HTTP against the BUILT server (NODE_ENV=production), on a fresh database of
// this run's kind (SQLite, or PostgreSQL with LB_TEST_DB=postgres). See tests/http/server.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient, setCookiesOf } from "../http/client";
import { DEMO, uniqueEmail } from "../e2e/accounts";

let srv: RunningServer;

beforeAll(async () => {
  srv = await startServer({ seed: true });
}, 180_000);

afterAll(async () => {
  await srv?.stop();
});

describe("health", () => {
  it("GET /healthz answers 200 JSON {db:'ok', search:'ok'|'degraded'}", async () => {
    const res = await fetch(`${srv.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await res.json()) as { db: string; search: string };
    expect(body.db).toBe("ok");
    expect(["ok", "degraded"]).toContain(body.search);
  });
});

describe("pages", () => {
  it("serves the home page in Chinese by default, with security headers", async () => {
    const res = await fetch(`${srv.baseUrl}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<html[^>]*lang="zh-CN"/);
    expect(html).toContain("工联桥");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("answers an unknown URL with a 404 page in Chinese, without a stack trace", async () => {
    const res = await fetch(`${srv.baseUrl}/no-such-page-${Date.now()}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/<html[^>]*lang="zh-CN"/);
    expect(html).toContain("页面不存在");
    expect(html).not.toMatch(/at \S+ \(.*:\d+:\d+\)/); // no stack frames
  });
});

describe("cross-origin protection", () => {
  it("refuses a POST with a foreign Origin with 403 and sets no session", async () => {
    const c = new HttpClient(srv.baseUrl);
    const res = await c.post("/login", { email: DEMO.admin.email, password: DEMO.admin.password }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(c.cookie("lb_session")).toBeUndefined();
  });

  it("refuses a cross-site POST (Sec-Fetch-Site: cross-site) even without Origin", async () => {
    const c = new HttpClient(srv.baseUrl);
    const res = await c.post("/login", { email: DEMO.admin.email, password: DEMO.admin.password }, { origin: null, headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(res.status).toBe(403);
    expect(c.cookie("lb_session")).toBeUndefined();
  });

  it("does not sign a user out from a foreign page", async () => {
    const c = new HttpClient(srv.baseUrl);
    await c.login(DEMO.broker.email, DEMO.broker.password);
    const session = c.cookie("lb_session");
    const res = await c.post("/logout", {}, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(c.cookie("lb_session")).toBe(session);
    // Still signed in: /login redirects a signed-in user away.
    const again = await c.get("/login");
    expect(again.status).toBeGreaterThanOrEqual(300);
    expect(again.status).toBeLessThan(400);
  });
});

describe("sessions", () => {
  it("sets lb_session HttpOnly, SameSite=Lax, Path=/ and Secure (production build) on login", async () => {
    const c = new HttpClient(srv.baseUrl);
    const res = await c.login(DEMO.enterprise.email, DEMO.enterprise.password);
    expect([302, 303]).toContain(res.status);
    const cookie = setCookiesOf(res).find((x) => x.name === "lb_session");
    expect(cookie, "lb_session Set-Cookie").toBeDefined();
    expect(cookie!.value.length).toBeGreaterThan(10);
    expect(cookie!.attrs).toHaveProperty("httponly");
    expect(cookie!.attrs.samesite?.toLowerCase()).toBe("lax");
    expect(cookie!.attrs.path).toBe("/");
    expect(cookie!.attrs).toHaveProperty("secure");
  });

  it("rejects a wrong password with 401 and no cookie", async () => {
    const c = new HttpClient(srv.baseUrl);
    const res = await c.post("/login", { email: DEMO.org.email, password: "wrong-password-1" });
    expect(res.status).toBe(401);
    expect(c.cookie("lb_session")).toBeUndefined();
  });

  it("refuses the 6th login attempt within 15 minutes with 429 '尝试次数过多' (even with the right password)", async () => {
    const c = new HttpClient(srv.baseUrl);
    const email = uniqueEmail("ratelimit");
    for (let i = 1; i <= 5; i++) {
      const res = await c.post("/login", { email, password: `wrong-${i}-password` });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const sixth = await c.post("/login", { email, password: "whatever-password" });
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toContain("尝试次数过多");
  });

  it("limits per client address too: 5 failures on different accounts block a 6th login from that address", async () => {
    const c = new HttpClient(srv.baseUrl);
    for (let i = 1; i <= 5; i++) {
      const res = await c.post("/login", { email: uniqueEmail(`ip${i}`), password: "wrong-password" });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const blocked = await c.post("/login", { email: DEMO.org.email, password: DEMO.org.password });
    expect(blocked.status).toBe(429);
    expect(c.cookie("lb_session")).toBeUndefined();
    // Another address is not affected.
    const other = new HttpClient(srv.baseUrl);
    await other.login(DEMO.org.email, DEMO.org.password);
  });

  it("signs out: the cookie is cleared and the old session id no longer works", async () => {
    const c = new HttpClient(srv.baseUrl);
    await c.login(DEMO.org2.email, DEMO.org2.password);
    const old = c.cookie("lb_session")!;
    const res = await c.logout();
    expect([302, 303]).toContain(res.status);
    const cleared = setCookiesOf(res).find((x) => x.name === "lb_session");
    expect(cleared?.value ?? "").toBe("");
    // Replaying the old cookie: the server treats it as no session (and clears it).
    const replay = new HttpClient(srv.baseUrl);
    replay.jar.set("lb_session", old);
    const page = await replay.get("/login");
    expect(page.status).toBe(200);
  });
});

describe("guards", () => {
  it("sends an anonymous visitor of a protected page to /login (or answers 401)", async () => {
    const c = new HttpClient(srv.baseUrl);
    const res = await c.get("/account/password");
    if (res.status === 401) return;
    expect([302, 303]).toContain(res.status);
    const to = new URL(res.headers.get("location")!, srv.baseUrl);
    expect(to.pathname).toBe("/login");
    expect(to.searchParams.get("redirectTo")).toBe("/account/password");
  });

  it("lets a signed-in user open the protected page", async () => {
    const c = new HttpClient(srv.baseUrl);
    await c.login(DEMO.admin.email, DEMO.admin.password);
    const res = await c.get("/account/password");
    expect(res.status).toBe(200);
  });
});

describe("session cookie outside production", () => {
  let plain: RunningServer;
  beforeAll(async () => {
    plain = await startServer({ seed: "minimal", env: { COOKIE_SECURE: "0" } });
  }, 180_000);
  afterAll(async () => {
    await plain?.stop();
  });

  it("COOKIE_SECURE=0 (a production build served over plain HTTP) drops only the Secure flag", async () => {
    const c = new HttpClient(plain.baseUrl);
    const res = await c.login(DEMO.admin.email, DEMO.admin.password);
    const cookie = setCookiesOf(res).find((x) => x.name === "lb_session")!;
    expect(cookie.attrs).not.toHaveProperty("secure");
    expect(cookie.attrs).toHaveProperty("httponly");
    expect(cookie.attrs.samesite?.toLowerCase()).toBe("lax");
  });
});
