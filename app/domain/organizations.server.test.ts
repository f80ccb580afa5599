import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { makeBroker, makeOrgWithUser, makeUser, PDF_BYTES, PNG_BYTES, validUscc } from "../../tests/fixtures/registry";
import { verifyAuditChain } from "./audit.server";
import { isDomainError } from "./errors";
import { orgProfileSchema } from "./organizations.schema";
import {
  addOrgDocument,
  deleteOrgDocument,
  getOrgDocumentForDownload,
  getOrgProfile,
  profileFormValues,
  readPendingChanges,
  resubmitForVetting,
  reviewPendingChanges,
  updateOwnProfile,
  orgWithLinks,
} from "./organizations.server";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lb-orgdocs-"));
  process.env.UPLOAD_DIR = dir;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

/** The profile form as a browser would post it (strings), starting from the org's current values. */
async function formFor(orgId: string, patch: Record<string, unknown> = {}) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, include: orgWithLinks });
  const parsed = orgProfileSchema.safeParse({ ...profileFormValues(org), ...patch });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.flatten()));
  return parsed.data;
}

const outbox = (docId: string) => db.searchOutbox.findMany({ where: { index: "organizations", docId }, orderBy: { id: "asc" } });

describe("org profile schema", () => {
  const base = {
    name: "长沙市同心社工服务中心",
    uscc: validUscc("5"),
    districtCode: "yuhua",
    serviceDistricts: ["yuhua", "kaifu"],
    categories: ["legal_aid"],
  };

  it("accepts a minimal profile and normalises lists, counts and dates", () => {
    const r = orgProfileSchema.parse({
      ...base,
      staffCount: "12",
      volunteerCount: "",
      tags: "法律 维权，普法",
      foundedAt: "2019年3月5日",
      fundingSources: [
        { source: "GOVERNMENT", sharePercent: "60" },
        { source: "DONATION", shareBp: "4000" },
        { source: "", sharePercent: "" },
      ],
      incubated: "on",
      incubationDistrictCode: "kaifu",
    });
    expect(r.staffCount).toBe(12);
    expect(r.volunteerCount).toBe(0);
    expect(r.tags).toEqual(["法律", "维权", "普法"]);
    expect(r.foundedAt?.toISOString()).toBe("2019-03-05T00:00:00.000Z");
    expect(r.fundingSources).toEqual([
      { source: "GOVERNMENT", shareBp: 6000 },
      { source: "DONATION", shareBp: 4000 },
    ]);
    expect(r.unionCoverage).toBe("NONE");
    expect(r.incubated).toBe(true);
  });

  it("reports field errors as i18n keys", () => {
    const r = orgProfileSchema.safeParse({
      ...base,
      uscc: "91430100MA4L0000X0",
      categories: [],
      fundingSources: [
        { source: "GOVERNMENT", shareBp: 6000 },
        { source: "GOVERNMENT", shareBp: 3000 },
      ],
      foundedAt: "2999-01-01",
    });
    expect(r.success).toBe(false);
    const f = r.error!.flatten();
    expect(f.fieldErrors.uscc).toEqual(["error.uscc.checksum"]);
    expect(f.fieldErrors.categories).toEqual(["error.categories.required"]);
    expect(f.fieldErrors.fundingSources).toEqual(expect.arrayContaining(["error.funding.duplicate", "error.funding.sum"]));
    expect(f.fieldErrors.foundedAt).toEqual(["error.date.future"]);
    // Cross-field rules run once the fields themselves are valid (zod object refinements).
    const r2 = orgProfileSchema.safeParse({ ...base, incubated: "on" });
    expect(r2.error?.flatten().fieldErrors.incubationDistrictCode).toEqual(["error.incubation.district"]);
  });

  it("drops incubation fields when not incubated", () => {
    const r = orgProfileSchema.parse({ ...base, incubationDistrictCode: "kaifu", incubatedSince: "2020-01-01" });
    expect(r.incubated).toBe(false);
    expect(r.incubationDistrictCode).toBeUndefined();
    expect(r.incubatedSince).toBeUndefined();
  });
});

describe("updateOwnProfile", () => {
  it("before approval applies everything at once, with audit and outbox; unchanged save writes nothing", async () => {
    const { org, user } = await makeOrgWithUser({ vettingStatus: "PENDING" });
    const input = await formFor(org.id, {
      name: "新名称社工中心",
      staffCount: "30",
      categories: ["legal_aid", "psych_counselling"],
      fundingSources: [{ source: "UNION", sharePercent: "100" }],
    });
    const r = await updateOwnProfile(user, org.id, input);
    expect(r.changed).toBe(true);
    expect(r.pending).toEqual([]);
    expect(r.applied.sort()).toEqual(["categories", "fundingSources", "name", "staffCount"]);
    const after = await db.organization.findUniqueOrThrow({ where: { id: org.id }, include: orgWithLinks });
    expect(after.name).toBe("新名称社工中心");
    expect(after.staffCount).toBe(30);
    expect(after.categories.map((c) => c.categoryCode).sort()).toEqual(["legal_aid", "psych_counselling"]);
    expect(after.fundingSources).toEqual([{ source: "UNION", shareBp: 10000 }]);
    const audits = await db.auditLog.findMany({ where: { entityId: org.id, action: "org.profile.update" } });
    expect(audits).toHaveLength(1);
    expect(await outbox(org.id)).toMatchObject([{ op: "DELETE" }]); // not approved → not indexed

    const again = await updateOwnProfile(user, org.id, await formFor(org.id));
    expect(again.changed).toBe(false);
    expect(await db.auditLog.count({ where: { entityId: org.id } })).toBe(1);
    expect(await outbox(org.id)).toHaveLength(1);
  });

  it("after approval sends registration facts to broker review and applies the rest", async () => {
    const { org, user } = await makeOrgWithUser({ vettingStatus: "APPROVED" });
    const newUscc = validUscc("5");
    const input = await formFor(org.id, { name: "改名后的中心", uscc: newUscc, volunteerCount: "99", legalRepresentative: "" });
    const r = await updateOwnProfile(user, org.id, input);
    expect(r.applied).toEqual(["volunteerCount"]);
    expect(r.pending.sort()).toEqual(["legalRepresentative", "name", "uscc"]);
    let row = await db.organization.findUniqueOrThrow({ where: { id: org.id }, include: orgWithLinks });
    expect(row.name).toBe(org.name); // not applied yet
    expect(row.uscc).toBe(org.uscc);
    expect(row.volunteerCount).toBe(99);
    const pending = readPendingChanges(row.pendingChanges)!;
    expect(pending.changes.name).toEqual({ from: org.name, to: "改名后的中心" });
    expect(pending.changes.uscc).toEqual({ from: org.uscc, to: newUscc });
    expect(pending.changes.legalRepresentative).toEqual({ from: "王法人", to: null });
    expect((await outbox(org.id)).at(-1)?.op).toBe("UPSERT");

    // Saving the form again (which shows the requested values) keeps the request and writes nothing.
    const again = await updateOwnProfile(user, org.id, await formFor(org.id));
    expect(again.changed).toBe(false);
    expect(again.pending.sort()).toEqual(["legalRepresentative", "name", "uscc"]);

    // Putting one fact back withdraws that part of the request.
    const back = await updateOwnProfile(user, org.id, await formFor(org.id, { legalRepresentative: "王法人" }));
    expect(back.pending.sort()).toEqual(["name", "uscc"]);

    // Another org cannot see or touch it; an org user of another org gets 404.
    const other = await makeOrgWithUser();
    expect((await errorOf(updateOwnProfile(other.user, org.id, input))).status).toBe(404);
    const broker = await makeBroker();
    expect((await errorOf(updateOwnProfile(broker, org.id, input))).status).toBe(404);

    // A broker with nothing to say may not reject silently.
    expect((await errorOf(reviewPendingChanges(broker, org.id, false, ""))).status).toBe(400);
    // Org users may not review their own changes.
    expect((await errorOf(reviewPendingChanges(user, org.id, true))).status).toBe(403);

    const res = await reviewPendingChanges(broker, org.id, true, "核对登记证书无误");
    expect(res.applied.sort()).toEqual(["name", "uscc"]);
    row = await db.organization.findUniqueOrThrow({ where: { id: org.id }, include: orgWithLinks });
    expect(row.name).toBe("改名后的中心");
    expect(row.uscc).toBe(newUscc);
    expect(row.legalRepresentative).toBe("王法人");
    expect(row.pendingChanges).toBeNull();
    // Repeating the review: nothing pending → 409, nothing written.
    const auditCount = await db.auditLog.count();
    expect((await errorOf(reviewPendingChanges(broker, org.id, true))).status).toBe(409);
    expect(await db.auditLog.count()).toBe(auditCount);
    const notes = await db.notification.findMany({ where: { userId: user.id } });
    expect(notes.map((n) => n.kind)).toContain("org.changes.approved");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("a rejected change request leaves the facts as they were", async () => {
    const { org, user } = await makeOrgWithUser({ vettingStatus: "APPROVED" });
    const broker = await makeBroker();
    await updateOwnProfile(user, org.id, await formFor(org.id, { foundedAt: "2010-05-06" }));
    await reviewPendingChanges(broker, org.id, false, "成立日期与登记证书不符");
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.foundedAt?.toISOString()).toBe("2018-03-01T00:00:00.000Z");
    expect(row.pendingChanges).toBeNull();
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: org.id, action: "org.changes.reject" } });
    expect(audit.reason).toBe("成立日期与登记证书不符");
  });

  it("refuses a USCC another org holds, and unknown district/category codes", async () => {
    const a = await makeOrgWithUser({ vettingStatus: "PENDING" });
    const b = await makeOrgWithUser({ vettingStatus: "PENDING" });
    const e = await errorOf(updateOwnProfile(a.user, a.org.id, await formFor(a.org.id, { uscc: b.org.uscc })));
    expect(e).toMatchObject({ status: 409, code: "error.uscc.taken", field: "uscc" });
    const e2 = await errorOf(updateOwnProfile(a.user, a.org.id, await formFor(a.org.id, { serviceDistricts: ["atlantis"] })));
    expect(e2).toMatchObject({ status: 400, field: "serviceDistricts" });
    const e3 = await errorOf(
      updateOwnProfile(a.user, a.org.id, await formFor(a.org.id, { incubated: "on", incubationDistrictCode: "furong" })),
    );
    expect(e3).toMatchObject({ status: 400, code: "error.incubation.district" });
  });

  it("a rejected org can resubmit for vetting once", async () => {
    const { org, user } = await makeOrgWithUser({ vettingStatus: "REJECTED" });
    await resubmitForVetting(user, org.id);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).vettingStatus).toBe("PENDING");
    expect((await errorOf(resubmitForVetting(user, org.id))).status).toBe(409);
  });
});

describe("org documents", () => {
  it("stores, lists, downloads and deletes a certificate; rejects a disguised file", async () => {
    const { org, user } = await makeOrgWithUser();
    const { id } = await addOrgDocument(user, org.id, "certificate", new File([PDF_BYTES], "登记证书.pdf"));
    const profile = await getOrgProfile(user, org.id);
    expect(profile.documents).toHaveLength(1);
    expect(profile.documents[0]).toMatchObject({ kind: "certificate", fileName: "登记证书.pdf", mime: "application/pdf" });

    const dl = await getOrgDocumentForDownload(user, id);
    expect(new Uint8Array(dl.data)).toEqual(PDF_BYTES);
    const broker = await makeBroker();
    expect((await getOrgDocumentForDownload(broker, id)).size).toBe(PDF_BYTES.length);
    const stranger = await makeUser("ENTERPRISE");
    expect((await errorOf(getOrgDocumentForDownload(stranger, id))).status).toBe(404);

    const bad = await errorOf(addOrgDocument(user, org.id, "certificate", new File([PNG_BYTES], "fake.pdf")));
    expect(bad).toMatchObject({ status: 415, code: "error.upload.type" });
    expect(await db.organizationDocument.count({ where: { organizationId: org.id } })).toBe(1);

    await deleteOrgDocument(user, id);
    expect(await db.organizationDocument.count({ where: { organizationId: org.id } })).toBe(0);
    expect((await errorOf(getOrgDocumentForDownload(user, id))).status).toBe(404);
    expect(await db.auditLog.count({ where: { entityId: org.id, action: { startsWith: "org.document." } } })).toBe(2);
  });
});
