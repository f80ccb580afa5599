import { existsSync, readFileSync, rmSync } from "node:fs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { flushMail, outboxFile, queueMail, takeQueuedMail } from "./mail.server";
import { listNotifications, markRead, notify, renderNotification, transaction, unreadCount } from "./notifications.server";
import { makeEnterprise, makeOrg, makeUser, makeWorld, type World } from "../../tests/fixtures/marketplace";

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
beforeEach(() => {
  rmSync(outboxFile(), { force: true });
});

function outbox(): { to: string; subject: string; text: string }[] {
  if (!existsSync(outboxFile())) return [];
  return readFileSync(outboxFile(), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe("notify", () => {
  it("resolves users by id, enterprise, organization and role; skips disabled users; deduplicates", async () => {
    const ent = await makeEnterprise();
    const second = await makeUser("ENTERPRISE", { enterpriseId: ent.enterprise.id });
    await makeUser("ENTERPRISE", { enterpriseId: ent.enterprise.id, disabled: true });
    const org = await makeOrg();
    const ids = await transaction((tx) =>
      notify(tx, [{ enterpriseId: ent.enterprise.id }, { organizationId: org.org.id }, { userIds: [ent.user.id] }, { role: "BROKER" }], "need.submitted", { code: "XQ-1" }, "/projects/x"),
    );
    const brokers = (await db.user.findMany({ where: { role: "BROKER", disabled: false } })).map((u) => u.id);
    expect(new Set(ids)).toEqual(new Set([ent.user.id, second.id, org.user.id, ...brokers]));
    expect(ids.length).toBe(new Set(ids).size);
    const rows = await db.notification.findMany({ where: { userId: ent.user.id } });
    expect(rows).toEqual([expect.objectContaining({ kind: "need.submitted", params: { code: "XQ-1" }, link: "/projects/x", readAt: null })]);
    expect(await transaction((tx) => notify(tx, [w.entA.user.id], "x.y", {}, null, { exclude: [w.entA.user.id] }))).toEqual([]);
    expect(await transaction((tx) => notify(tx, [], "x.y"))).toEqual([]);
  });

  it("sends email only after the commit, and none when the transaction rolls back", async () => {
    await expect(
      transaction(async (tx) => {
        await notify(tx, [w.entA.user.id], "need.returned", { code: "XQ-2" }, "/projects/y");
        expect(outbox()).toEqual([]); // not yet: still inside the transaction
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(outbox()).toEqual([]);
    expect(await db.notification.count({ where: { userId: w.entA.user.id, kind: "need.returned" } })).toBe(0);

    await transaction((tx) => notify(tx, [w.entA.user.id], "need.returned", { code: "XQ-2", reason: "请补充" }, "/projects/y"));
    const mails = outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe((await db.user.findUniqueOrThrow({ where: { id: w.entA.user.id } })).email);
    expect(mails[0].subject).toMatch(/^【工联桥】/);
    expect(mails[0].text).toContain("/projects/y");
  });

  it("renders in the reader's language (falls back to the key when a template is missing)", () => {
    const r = renderNotification("en", "no.such.kind", { code: "XQ-9" });
    expect(r.title).toBe("notification.no.such.kind.title");
    expect(renderNotification("xx", "no.such.kind", {}).body).toBe("notification.no.such.kind.body");
  });

  it("queues per transaction object and flushes to the outbox file", async () => {
    const tx = {};
    queueMail(tx, { to: "a@example.test", subject: "s", text: "t" });
    queueMail(tx, { to: "b@example.test", subject: "s2", text: "t2" });
    const q = takeQueuedMail(tx);
    expect(q.map((m) => m.to)).toEqual(["a@example.test", "b@example.test"]);
    expect(takeQueuedMail(tx)).toEqual([]);
    expect(await flushMail(q)).toEqual({ sent: 2, failed: 0 });
    expect(outbox().map((m) => m.subject)).toEqual(["s", "s2"]);
  });
});

describe("reading notifications", () => {
  it("counts unread, lists newest first with pagination, marks read only the user's own", async () => {
    const u = await makeUser("ORG");
    const other = await makeUser("ORG");
    for (let i = 0; i < 5; i++) {
      await transaction((tx) => notify(tx, [u.id], "bid.received", { n: i }, `/projects/${i}`, { email: false }));
    }
    await transaction((tx) => notify(tx, [other.id], "bid.received", {}, null, { email: false }));
    expect(outbox()).toEqual([]);
    expect(await unreadCount(u.id)).toBe(5);
    const page1 = await listNotifications(u.id, { page: 1, pageSize: 2 });
    expect(page1).toMatchObject({ total: 5, unread: 5, page: 1, pageSize: 2 });
    expect(page1.items).toHaveLength(2);
    const page3 = await listNotifications(u.id, { page: 3, pageSize: 2 });
    expect(page3.items).toHaveLength(1);
    const otherNote = await db.notification.findFirstOrThrow({ where: { userId: other.id } });
    expect(await markRead(u.id, [page1.items[0].id, otherNote.id])).toBe(1);
    expect(await unreadCount(u.id)).toBe(4);
    expect(await unreadCount(other.id)).toBe(1);
    expect((await listNotifications(u.id, { page: 1, pageSize: 10 }, { unreadOnly: true })).total).toBe(4);
    expect(await markRead(u.id, "all")).toBe(4);
    expect(await unreadCount(u.id)).toBe(0);
    expect(await markRead(u.id, "all")).toBe(0);
  });
});
