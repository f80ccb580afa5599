// "A user can download their own data": exportUserData and GET /account/data.json, on the demo seed.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUserSession, getOptionalUser, type SessionUser } from "~/auth/session.server";
import { seedDemo } from "../../prisma/seed";
import { loader } from "~/routes/account.data[.]json";
import { DATA_EXPORT_FORMAT, exportUserData } from "./data-export.server";

beforeAll(async () => {
  await seedDemo(db);
}, 120_000);

async function signIn(email: string): Promise<{ user: SessionUser; cookie: string }> {
  const u = await db.user.findUniqueOrThrow({ where: { email } });
  const cookie = (await createUserSession(u.id)).split(";")[0];
  const user = (await getOptionalUser(new Request("http://localhost/", { headers: { Cookie: cookie } })))!;
  return { user, cookie };
}

/** Every key anywhere in a JSON value. */
function allKeys(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => allKeys(x, out));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      allKeys(x, out);
    }
  }
  return out;
}

/** Every string anywhere in a JSON value. */
function allStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => allStrings(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => allStrings(x, out));
  return out;
}

const SECRET_KEYS = ["passwordHash", "tokenHash", "verifyToken", "storedPath", "sessionId"];

async function assertNoSecrets(json: unknown, cookie: string): Promise<void> {
  const keys = allKeys(json);
  for (const k of SECRET_KEYS) expect(keys.has(k), `key ${k} must not be exported`).toBe(false);
  const strings = allStrings(json);
  expect(strings.filter((s) => /\$argon2/i.test(s))).toEqual([]);
  const sessionId = cookie.split("=")[1];
  expect(JSON.stringify(json)).not.toContain(sessionId);
  const hashes = (await db.user.findMany({ select: { passwordHash: true } })).map((u) => u.passwordHash);
  const text = JSON.stringify(json);
  for (const h of new Set(hashes)) expect(text).not.toContain(h);
}

const roundTrip = async (u: SessionUser) => JSON.parse(JSON.stringify(await exportUserData(u)));

describe("exportUserData", () => {
  it("an enterprise gets its account, its profile and its own projects — not another enterprise's", async () => {
    const { user, cookie } = await signIn("enterprise@laborbridge.cn");
    const other = await db.user.findUniqueOrThrow({ where: { email: "ent-02@demo.laborbridge.cn" }, include: { enterprise: true } });
    const data = await roundTrip(user);

    expect(data.format).toBe(DATA_EXPORT_FORMAT);
    expect(data.account).toMatchObject({ id: user.id, email: "enterprise@laborbridge.cn", role: "ENTERPRISE" });
    expect(data.enterprise.id).toBe(user.enterpriseId);
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);

    const own = await db.project.findMany({ where: { enterpriseId: user.enterpriseId }, select: { code: true } });
    expect(own.length).toBeGreaterThan(5);
    expect(data.projects.map((p: { code: string }) => p.code).sort()).toEqual(own.map((p) => p.code).sort());

    const theirs = await db.project.findMany({ where: { enterpriseId: other.enterpriseId }, select: { code: true, title: true } });
    expect(theirs.length).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    for (const p of theirs) expect(text).not.toContain(p.code);
    expect(text).not.toContain(other.enterprise!.uscc);
    expect(text).not.toContain(other.email);
    // No organization-side data, no other party's bid content.
    expect(data.organization).toBeUndefined();
    expect(data.bids).toBeUndefined();
    const bidPlans = await db.bid.findMany({ where: { project: { enterpriseId: user.enterpriseId } }, select: { plan: true } });
    for (const b of bidPlans) expect(text).not.toContain(b.plan);
    // The winner appears by name only.
    const awarded = data.projects.find((p: { award: unknown }) => p.award);
    expect(awarded?.award).toEqual({ organizationName: expect.any(String), amountFen: expect.any(Number), approvedAt: expect.any(String) });
    await assertNoSecrets(data, cookie);
  });

  it("an organization gets its profile and its own bids — not another organization's", async () => {
    const { user, cookie } = await signIn("org@laborbridge.cn");
    const other = await db.user.findUniqueOrThrow({ where: { email: "org2@laborbridge.cn" }, include: { organization: true } });
    const data = await roundTrip(user);

    expect(data.account).toMatchObject({ id: user.id, role: "ORG" });
    expect(data.organization.id).toBe(user.organizationId);
    expect(data.enterprise).toBeUndefined();
    expect(data.projects).toBeUndefined();

    const own = await db.bid.findMany({ where: { organizationId: user.organizationId! }, select: { id: true } });
    expect(own.length).toBeGreaterThan(0);
    expect(data.bids.map((b: { id: string }) => b.id).sort()).toEqual(own.map((b) => b.id).sort());
    expect(data.awards.length).toBe(await db.award.count({ where: { organizationId: user.organizationId! } }));

    const theirs = await db.bid.findMany({ where: { organizationId: other.organizationId! }, select: { id: true, plan: true } });
    expect(theirs.length).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    for (const b of theirs) {
      expect(text).not.toContain(b.id);
      expect(text).not.toContain(b.plan);
    }
    expect(text).not.toContain(other.organization!.uscc);
    expect(text).not.toContain(other.email);
    // Internal broker flags stay internal.
    expect(allKeys(data).has("flaggedForReview")).toBe(false);
    await assertNoSecrets(data, cookie);
  });

  it("a broker gets the account, notifications and own activity only", async () => {
    const { user, cookie } = await signIn("broker@laborbridge.cn");
    const data = await roundTrip(user);
    expect(data.account).toMatchObject({ id: user.id, role: "BROKER" });
    expect(Object.keys(data).sort()).toEqual(["account", "activity", "exportedAt", "format", "notifications", "sessions"]);
    for (const a of data.activity) expect(Object.keys(a).sort()).toEqual(["action", "at", "entityId", "entityType", "reason", "seq"]);
    await assertNoSecrets(data, cookie);
  });
});

describe("GET /account/data.json", () => {
  it("downloads the signed-in user's data as an attachment", async () => {
    const { user, cookie } = await signIn("org2@laborbridge.cn");
    const res = await loader({ request: new Request("http://localhost/account/data.json", { headers: { Cookie: cookie } }), params: {}, context: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="laborbridge-my-data.json"');
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const body = await res.json();
    expect(body.account.id).toBe(user.id);
    expect(body.organization.id).toBe(user.organizationId);
    await assertNoSecrets(body, cookie);
  });

  it("sends an anonymous visitor to the login page (401 for a JSON client)", async () => {
    const thrown = async (init: RequestInit) => {
      try {
        await loader({ request: new Request("http://localhost/account/data.json", init), params: {}, context: {} });
      } catch (e) {
        if (e instanceof Response) return e;
        throw e;
      }
      throw new Error("expected a thrown Response");
    };
    const page = await thrown({});
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fdata.json");
    const api = await thrown({ headers: { Accept: "application/json" } });
    expect(api.status).toBe(401);
  });
});
