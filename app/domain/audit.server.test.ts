import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { auditHash, verifyAuditChain, writeAudit } from "./audit.server";

describe("audit log", () => {
  it("chains records and detects tampering", async () => {
    await db.$transaction((tx) => writeAudit(tx, { actorId: null, actorRole: "SYSTEM", action: "test.one", entityType: "Test", entityId: "1", after: { n: 1, at: new Date("2026-01-01T00:00:00Z") } }));
    await db.$transaction((tx) => writeAudit(tx, { actorId: "u1", actorRole: "BROKER", action: "test.two", entityType: "Test", entityId: "1", before: { n: 1 }, after: { n: 2, 中文: "值" }, reason: "原因" }));
    await db.$transaction((tx) => writeAudit(tx, { actorId: "u1", actorRole: "BROKER", action: "test.three", entityType: "Test", entityId: "2" }));
    const ok = await verifyAuditChain(db);
    expect(ok).toEqual({ ok: true, count: 3 });

    const second = await db.auditLog.findFirstOrThrow({ where: { action: "test.two" } });
    await db.auditLog.update({ where: { seq: second.seq }, data: { reason: "改过的原因" } });
    const bad = await verifyAuditChain(db);
    expect(bad.ok).toBe(false);
    expect(bad.brokenAtSeq).toBe(second.seq);
  });

  it("is not written when the surrounding transaction fails", async () => {
    const before = await db.auditLog.count();
    await expect(
      db.$transaction(async (tx) => {
        await writeAudit(tx, { actorId: null, actorRole: null, action: "test.rollback", entityType: "Test", entityId: "x" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.auditLog.count()).toBe(before);
  });

  it("stores a given historical time (imports, seeding) and hashes it", async () => {
    const at = new Date("2025-03-04T05:06:07.089Z");
    await db.$transaction((tx) => writeAudit(tx, { actorId: "u1", actorRole: "ENTERPRISE", action: "test.history", entityType: "Test", entityId: "h", after: { state: "DRAFT" }, at }));
    const r = await db.auditLog.findFirstOrThrow({ where: { action: "test.history" } });
    expect(r.at.toISOString()).toBe(at.toISOString());
    expect(auditHash(r.prevHash, { ...r, before: r.before ?? null, after: r.after ?? null })).toBe(r.hash);
    // Without one, the record gets the current time.
    const t0 = Date.now();
    await db.$transaction((tx) => writeAudit(tx, { actorId: null, actorRole: "SYSTEM", action: "test.now", entityType: "Test", entityId: "h" }));
    const n = await db.auditLog.findFirstOrThrow({ where: { action: "test.now" } });
    expect(n.at.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    expect(n.prevHash).toBe(r.hash);
  });
});
