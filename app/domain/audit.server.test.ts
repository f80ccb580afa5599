import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { verifyAuditChain, writeAudit } from "./audit.server";

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
});
