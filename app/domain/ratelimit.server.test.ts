import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { clear, clientIp, count, hit, isKnownIp, isLimited, purgeOld, removeEvent, UNKNOWN_IP } from "./ratelimit.server";

beforeEach(async () => {
  await db.rateLimitEvent.deleteMany();
});

describe("rate limit events", () => {
  it("counts events per bucket and key within the window", async () => {
    await hit("b", "k1");
    await hit("b", "k1");
    await hit("b", "k2");
    await hit("other", "k1");
    expect(await count("b", "k1", 60_000)).toBe(2);
    expect(await count("b", "k2", 60_000)).toBe(1);
    expect(await count("other", "k1", 60_000)).toBe(1);
    expect(await count("b", "nobody", 60_000)).toBe(0);
  });

  it("slides: events older than the window do not count", async () => {
    await db.rateLimitEvent.create({ data: { bucket: "b", key: "k", createdAt: new Date(Date.now() - 20 * 60_000) } });
    await hit("b", "k");
    expect(await count("b", "k", 15 * 60_000)).toBe(1);
    expect(await count("b", "k", 30 * 60_000)).toBe(2);
  });

  it("isLimited is true once max events are in the window", async () => {
    for (let i = 0; i < 4; i++) await hit("b", "k");
    expect(await isLimited("b", "k", 5, 60_000)).toBe(false);
    await hit("b", "k");
    expect(await isLimited("b", "k", 5, 60_000)).toBe(true);
  });

  it("clear forgets one (bucket, key) only; removeEvent deletes one event", async () => {
    const id = await hit("b", "k");
    await hit("b", "k");
    await hit("b", "x");
    await removeEvent(id);
    expect(await count("b", "k", 60_000)).toBe(1);
    await clear("b", "k");
    expect(await count("b", "k", 60_000)).toBe(0);
    expect(await count("b", "x", 60_000)).toBe(1);
  });

  it("purges events older than a day", async () => {
    await db.rateLimitEvent.create({ data: { bucket: "b", key: "old", createdAt: new Date(Date.now() - 25 * 3600_000) } });
    await hit("b", "new");
    expect(await purgeOld()).toBe(1);
    expect(await db.rateLimitEvent.count()).toBe(1);
  });

  it("is shared through the database (a second client sees the same counts)", async () => {
    const { createPrismaClient } = await import("~/db.server");
    const other = createPrismaClient();
    try {
      await hit("b", "shared", other);
      expect(await count("b", "shared", 60_000)).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });
});

describe("clientIp", () => {
  const req = (xff?: string) =>
    new Request("http://localhost/login", { headers: xff ? { "X-Forwarded-For": xff } : {} });

  it("ignores X-Forwarded-For unless TRUST_PROXY is set", () => {
    expect(clientIp(req("1.2.3.4"), undefined, {})).toBe(UNKNOWN_IP);
    expect(clientIp(req("1.2.3.4"), undefined, { TRUST_PROXY: "0" })).toBe(UNKNOWN_IP);
  });

  it("takes the entry appended by the trusted proxy (rightmost for one hop)", () => {
    expect(clientIp(req("1.2.3.4"), undefined, { TRUST_PROXY: "1" })).toBe("1.2.3.4");
    expect(clientIp(req("6.6.6.6, 1.2.3.4"), undefined, { TRUST_PROXY: "1" })).toBe("1.2.3.4");
    expect(clientIp(req("6.6.6.6, 1.2.3.4, 10.0.0.2"), undefined, { TRUST_PROXY: "2" })).toBe("1.2.3.4");
    expect(clientIp(req("::ffff:1.2.3.4"), undefined, { TRUST_PROXY: "true" })).toBe("1.2.3.4");
    expect(clientIp(req("1.2.3.4:5678"), undefined, { TRUST_PROXY: "1" })).toBe("1.2.3.4");
    expect(clientIp(req("[2001:DB8::1]:443"), undefined, { TRUST_PROXY: "1" })).toBe("2001:db8::1");
  });

  it("falls back to context.clientIp, then to the fixed key", () => {
    expect(clientIp(req(), { clientIp: "9.9.9.9" }, {})).toBe("9.9.9.9");
    expect(clientIp(req(), { clientIp: "" }, {})).toBe(UNKNOWN_IP);
    expect(clientIp(req(), undefined, { TRUST_PROXY: "1" })).toBe(UNKNOWN_IP);
    expect(isKnownIp(UNKNOWN_IP)).toBe(false);
    expect(isKnownIp("9.9.9.9")).toBe(true);
  });
});
