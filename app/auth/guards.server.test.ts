import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { badRequest, conflict } from "~/domain/errors";
import { makeUscc } from "~/domain/uscc";
import {
  assertCan,
  domainErrorResponse,
  requireApprovedOrg,
  requireEnterpriseOwner,
  requireOrgOwner,
  requireRole,
  requireUser,
  rethrowAsResponse,
  safeRedirectTo,
} from "./guards.server";
import { createUserSession, getOptionalUser, type SessionUser } from "./session.server";

let n = 0;
async function signedIn(role: "ENTERPRISE" | "ORG" | "BROKER" | "ADMIN", vetting: "PENDING" | "APPROVED" | "SUSPENDED" = "PENDING") {
  n++;
  const data: { enterpriseId?: string; organizationId?: string } = {};
  if (role === "ENTERPRISE") {
    data.enterpriseId = (
      await db.enterprise.create({ data: { name: `企业${n}`, uscc: makeUscc(`91430100MA4L${String(n).padStart(5, "0")}`), districtCode: "yuhua" } })
    ).id;
  }
  if (role === "ORG") {
    data.organizationId = (
      await db.organization.create({
        data: { name: `组织${n}`, uscc: makeUscc(`52430100MJJ${String(n).padStart(6, "0")}`), districtCode: "kaifu", vettingStatus: vetting },
      })
    ).id;
  }
  const u = await db.user.create({
    data: { email: `g${n}@example.cn`, passwordHash: "x", role, displayName: `用户${n}`, ...data },
  });
  const cookie = (await createUserSession(u.id)).split(";")[0];
  const request = (init: RequestInit & { url?: string } = {}) =>
    new Request(init.url ?? "http://localhost/x", { ...init, headers: { Cookie: cookie, ...(init.headers as object) } });
  const user = (await getOptionalUser(request()))!;
  return { user, request };
}

async function thrown(p: Promise<unknown> | (() => unknown)): Promise<Response> {
  try {
    if (typeof p === "function") p();
    else await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a thrown Response");
}

async function expectError(p: Promise<unknown> | (() => unknown), status: number, code: string) {
  const res = await thrown(p);
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
  expect(await res.json()).toEqual({ code });
}

describe("requireUser", () => {
  it("returns the signed-in user", async () => {
    const { user, request } = await signedIn("BROKER");
    expect(await requireUser(request())).toEqual(user);
  });

  it("redirects page navigations to the login form with redirectTo", async () => {
    const res = await thrown(
      requireUser(new Request("http://localhost/projects?page=2", { headers: { Accept: "text/html,application/xhtml+xml" } })),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/projects?page=2")}`);
    // a Remix single-fetch data request for the same page
    const data = await thrown(requireUser(new Request("http://localhost/projects.data?page=2&_routes=routes%2Fprojects")));
    expect(data.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/projects?page=2")}`);
    const root = await thrown(requireUser(new Request("http://localhost/")));
    expect(root.headers.get("Location")).toBe("/login");
  });

  it("answers actions and JSON requests with 401 { code }", async () => {
    await expectError(requireUser(new Request("http://localhost/x", { method: "POST" })), 401, "error.unauthorized");
    await expectError(
      requireUser(new Request("http://localhost/api/x", { headers: { Accept: "application/json" } })),
      401,
      "error.unauthorized",
    );
  });
});

describe("requireRole", () => {
  it("allows listed roles and refuses others with 403", async () => {
    const broker = await signedIn("BROKER");
    expect((await requireRole(broker.request(), "BROKER", "ADMIN")).role).toBe("BROKER");
    await expectError(requireRole(broker.request(), "ADMIN"), 403, "error.forbidden");
    await expectError(requireRole(broker.request({ method: "POST" }), "ENTERPRISE"), 403, "error.forbidden");
  });

  it("still requires a session first", async () => {
    await expectError(requireRole(new Request("http://localhost/x", { method: "POST" }), "ADMIN"), 401, "error.unauthorized");
  });
});

describe("ownership guards (404, not 403)", () => {
  it("requireEnterpriseOwner", async () => {
    const a = await signedIn("ENTERPRISE");
    const b = await signedIn("ENTERPRISE");
    const broker = await signedIn("BROKER");
    expect(() => requireEnterpriseOwner(a.user, a.user.enterpriseId)).not.toThrow();
    await expectError(() => requireEnterpriseOwner(a.user, b.user.enterpriseId), 404, "error.notFound");
    await expectError(() => requireEnterpriseOwner(a.user, null), 404, "error.notFound");
    await expectError(() => requireEnterpriseOwner(broker.user, a.user.enterpriseId), 404, "error.notFound");
  });

  it("requireOrgOwner", async () => {
    const a = await signedIn("ORG");
    const b = await signedIn("ORG");
    expect(() => requireOrgOwner(a.user, a.user.organizationId)).not.toThrow();
    await expectError(() => requireOrgOwner(a.user, b.user.organizationId), 404, "error.notFound");
    await expectError(() => requireOrgOwner(a.user, undefined), 404, "error.notFound");
    const forged: SessionUser = { ...a.user, role: "ENTERPRISE" };
    await expectError(() => requireOrgOwner(forged, a.user.organizationId), 404, "error.notFound");
  });
});

describe("requireApprovedOrg", () => {
  it("accepts an org user whose organization is APPROVED", async () => {
    const o = await signedIn("ORG", "APPROVED");
    expect((await requireApprovedOrg(o.request())).organizationId).toBe(o.user.organizationId);
  });

  it("refuses pending or suspended orgs with error.org.notApproved", async () => {
    await expectError(requireApprovedOrg((await signedIn("ORG", "PENDING")).request()), 403, "error.org.notApproved");
    await expectError(requireApprovedOrg((await signedIn("ORG", "SUSPENDED")).request()), 403, "error.org.notApproved");
  });

  it("sees a vetting change on the next request (status is read per request)", async () => {
    const o = await signedIn("ORG", "APPROVED");
    await db.organization.update({ where: { id: o.user.organizationId! }, data: { vettingStatus: "SUSPENDED" } });
    await expectError(requireApprovedOrg(o.request()), 403, "error.org.notApproved");
  });

  it("refuses other roles with error.forbidden", async () => {
    await expectError(requireApprovedOrg((await signedIn("ENTERPRISE")).request()), 403, "error.forbidden");
  });
});

describe("assertCan, errors, redirects", () => {
  it("assertCan throws 403 by default, 404 when asked", async () => {
    const { user } = await signedIn("BROKER");
    expect(() => assertCan(user, true)).not.toThrow();
    expect(() => assertCan(user, (u) => u.role === "BROKER")).not.toThrow();
    await expectError(() => assertCan(user, false), 403, "error.forbidden");
    await expectError(() => assertCan(user, (u) => u.role === "ADMIN", { status: 404 }), 404, "error.notFound");
    await expectError(() => assertCan(user, false, { code: "error.project.locked" }), 403, "error.project.locked");
  });

  it("converts DomainErrors to JSON Responses", async () => {
    const res = domainErrorResponse(conflict("error.email.taken", "email"));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ code: "error.email.taken", field: "email" });
    const r2 = await thrown(() => rethrowAsResponse(badRequest("error.invalidOption", "districtCode")));
    expect(r2.status).toBe(400);
    expect(() => rethrowAsResponse(new TypeError("boom"))).toThrow(TypeError);
  });

  it("safeRedirectTo only allows local paths", () => {
    expect(safeRedirectTo("/projects?x=1")).toBe("/projects?x=1");
    expect(safeRedirectTo("//evil.example")).toBe("/");
    expect(safeRedirectTo("/\\evil.example")).toBe("/");
    expect(safeRedirectTo("https://evil.example")).toBe("/");
    expect(safeRedirectTo("/a\nb")).toBe("/");
    expect(safeRedirectTo(null, "/home")).toBe("/home");
  });
});
