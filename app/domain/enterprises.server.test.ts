import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { makeBroker, makeEnterprise, makeEnterpriseWithUser, makeOrgWithUser, validUscc } from "../../tests/fixtures/registry";
import { enterpriseFormValues, getEnterprise, listEnterprises, updateOwnEnterprise } from "./enterprises.server";
import { isDomainError } from "./errors";
import { enterpriseProfileSchema } from "./organizations.schema";

async function errorOf(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error("expected a DomainError");
    },
    (e: unknown) => {
      if (!isDomainError(e)) throw e;
      return e;
    },
  );
}

describe("enterprise profile", () => {
  it("the owner edits it (audited, unchanged save writes nothing); others get 404", async () => {
    const { enterprise, user } = await makeEnterpriseWithUser();
    const form = { ...enterpriseFormValues(enterprise), employees: "450", hasUnion: undefined, industry: "电子信息" };
    const input = enterpriseProfileSchema.parse(form);
    expect(await updateOwnEnterprise(user, enterprise.id, input)).toEqual({ changed: ["industry", "employees", "hasUnion"] });
    expect(await updateOwnEnterprise(user, enterprise.id, input)).toEqual({ changed: [] });
    const row = await db.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } });
    expect(row).toMatchObject({ employees: 450, hasUnion: false, industry: "电子信息" });
    expect(await db.auditLog.count({ where: { entityId: enterprise.id, action: "enterprise.profile.update" } })).toBe(1);

    const other = await makeEnterpriseWithUser();
    expect((await errorOf(updateOwnEnterprise(other.user, enterprise.id, input))).status).toBe(404);
    expect((await errorOf(getEnterprise(other.user, enterprise.id))).status).toBe(404);
    const taken = enterpriseProfileSchema.parse({ ...form, uscc: other.enterprise.uscc });
    expect(await errorOf(updateOwnEnterprise(user, enterprise.id, taken))).toMatchObject({ status: 409, code: "error.uscc.taken", field: "uscc" });
    expect((await getEnterprise(await makeBroker(), enterprise.id)).id).toBe(enterprise.id);
  });

  it("rejects a bad USCC in the form", () => {
    const r = enterpriseProfileSchema.safeParse({ name: "x", uscc: validUscc("9").slice(0, 17) + "Z", districtCode: "yuhua" });
    expect(r.success).toBe(false);
  });
});

describe("broker enterprise list", () => {
  it("filters by district, union, industry and text; staff only", async () => {
    const broker = await makeBroker();
    const tag = `列表${Date.now()}`;
    const a = await makeEnterprise({ name: `${tag}甲`, districtCode: "liuyang", hasUnion: true, industry: "食品加工" });
    const b = await makeEnterprise({ name: `${tag}乙`, districtCode: "liuyang", hasUnion: false, industry: "物流" });
    await makeEnterprise({ name: `${tag}丙`, districtCode: "furong", hasUnion: true, industry: "物流" });
    const ids = async (f: Record<string, string>) => (await listEnterprises(broker, { q: tag, ...f })).rows.map((r) => r.id).sort();
    expect(await ids({ district: "liuyang" })).toEqual([a.id, b.id].sort());
    expect(await ids({ district: "liuyang", hasUnion: "no" })).toEqual([b.id]);
    expect(await ids({ industry: "食品" })).toEqual([a.id]);
    expect((await listEnterprises(broker, { q: a.uscc.toLowerCase() })).rows.map((r) => r.id)).toEqual([a.id]);
    const { user } = await makeOrgWithUser();
    expect((await errorOf(listEnterprises(user, {}))).status).toBe(403);
  });
});
