// Isolation between a transaction and queries outside it, on the real per-file database (SQLite by
// default, PostgreSQL with LB_TEST_DB=postgres). On SQLite every query shares one connection: without
// app/sqlite-serial.server.ts a query outside a transaction runs inside another request's open one.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createLock } from "./sqlite-serial.server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  await db.changeStamp.deleteMany({ where: { scope: { startsWith: "iso-" } } });
});

/** Opens a transaction that writes `scope`, signals, waits `holdMs`, then fails (rolls back). */
function failingTransaction(scope: string, holdMs: number) {
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  const done = db
    .$transaction(async (tx) => {
      await tx.changeStamp.create({ data: { scope, stamp: 1n } });
      opened();
      await sleep(holdMs);
      throw new Error("rolled back on purpose");
    })
    .then(
      () => "committed",
      (e: Error) => e.message,
    );
  return { open, done };
}

describe("queries outside a transaction vs an open transaction", () => {
  it("an acknowledged write made while another transaction is open survives that transaction's rollback", async () => {
    const t = failingTransaction("iso-tx", 150);
    await t.open;
    await db.changeStamp.create({ data: { scope: "iso-outside", stamp: 2n } }); // acknowledged
    await db.changeStamp.updateMany({ where: { scope: "iso-outside" }, data: { stamp: 3n } });
    expect(await t.done).toBe("rolled back on purpose");
    expect(await db.changeStamp.findUnique({ where: { scope: "iso-tx" } })).toBeNull();
    expect(await db.changeStamp.findUnique({ where: { scope: "iso-outside" } })).toEqual({ scope: "iso-outside", stamp: 3n });
  });

  it("a read outside the transaction never sees its uncommitted rows", async () => {
    const t = failingTransaction("iso-dirty", 150);
    await t.open;
    const seen = await db.changeStamp.findUnique({ where: { scope: "iso-dirty" } });
    const counted = await db.changeStamp.count({ where: { scope: { startsWith: "iso-" } } });
    expect(seen).toBeNull();
    expect(counted).toBe(0);
    expect(await t.done).toBe("rolled back on purpose");
  });

  it("many concurrent transactions and plain writes: every committed write is there, no rolled-back one is", async () => {
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      jobs.push(
        db
          .$transaction(async (tx) => {
            await tx.changeStamp.create({ data: { scope: `iso-t${i}`, stamp: BigInt(i) } });
            await sleep(5);
            if (i % 3 === 0) throw new Error("no");
          })
          .catch(() => null),
      );
      jobs.push(db.changeStamp.create({ data: { scope: `iso-p${i}`, stamp: BigInt(i) } }));
    }
    await Promise.all(jobs);
    const rows = await db.changeStamp.findMany({ where: { scope: { startsWith: "iso-" } }, select: { scope: true } });
    const got = new Set(rows.map((r) => r.scope));
    for (let i = 0; i < 20; i++) {
      expect(got.has(`iso-p${i}`), `plain write ${i}`).toBe(true);
      expect(got.has(`iso-t${i}`), `transaction ${i}`).toBe(i % 3 !== 0);
    }
  });
});

describe("createLock", () => {
  it("hands the lock out in request order, one holder at a time", async () => {
    const lock = createLock();
    const order: string[] = [];
    let holders = 0;
    await Promise.all(
      ["a", "b", "c", "d"].map(async (name, i) => {
        const release = await lock.acquire();
        holders++;
        expect(holders).toBe(1);
        order.push(name);
        await sleep(10 - 2 * i);
        holders--;
        release();
        release(); // a second release is a no-op
      }),
    );
    expect(order).toEqual(["a", "b", "c", "d"]);
  });
});
