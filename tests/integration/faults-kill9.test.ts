// Fault test: kill -9 the BUILT server in the middle of a burst of acknowledged writes, restart it on
// the same database, and check that nothing acknowledged was lost and nothing was half-written.
//
// The writes are enterprise sign-ups over real HTTP (POST /signup/enterprise: one transaction creates
// the Enterprise, its User and the audit record; a 302 to /?welcome=1 is the acknowledgement). Each
// request claims its own client address in X-Forwarded-For (the test server runs with TRUST_PROXY=1),
// so the per-IP sign-up limit (10/hour) does not interfere. Demo seed, SQLite by default
// (LB_TEST_DB=postgres: PostgreSQL). Helpers: tests/http (server, client), tests/faults/crash.ts.
// The same fault with marketplace writes (bid submissions by many organizations and the broker's awards,
// concurrently; no project half-awarded): tests/integration/faults-kill9-bids.test.ts.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "~/db.server";
import { verifyAuditChain } from "~/domain/audit.server";
import { HttpClient, randomTestIp } from "../http/client";
import { ROOT, defaultDbKind, dropDatabaseUrl, freshDatabaseUrl, startServer, type RunningServer } from "../http/server";
import { enterpriseSignup, killHard, pidsListeningOn, type SignupAttempt } from "../faults/crash";

const execFileP = promisify(execFile);

const kind = defaultDbKind();
const CONCURRENCY = 12; // requests in flight at any time
const KILL_AFTER_ACKS = 24; // kill -9 once this many sign-ups were acknowledged

let url: string;
let srv: RunningServer | undefined;
let client: Db | undefined;
const attempts: SignupAttempt[] = [];
let inFlightAtKill = 0;
let killedPid = 0;
const timings: Record<string, number> = {};
let committedUnacked = 0; // sign-ups whose answer was lost with the server but whose transaction committed

function isAck(res: Response): boolean {
  return res.status === 302 && res.headers.get("Location") === "/?welcome=1" && /lb_session=/.test(res.headers.get("Set-Cookie") ?? "");
}

beforeAll(async () => {
  url = freshDatabaseUrl(kind); // "http" label: swept by scripts/test.sh if a crash leaves it
  let t = Date.now();
  srv = await startServer({ db: kind, databaseUrl: url, seed: true });
  timings.start = Date.now() - t;

  // The server process itself (node server.mjs), not its launcher.
  const pids = pidsListeningOn(srv.port);
  expect(pids.length).toBe(1);
  const serverPid = pids[0];

  // The burst: CONCURRENCY workers keep sending sign-ups until the server is killed.
  t = Date.now();
  let acks = 0;
  let inFlight = 0;
  let killed = false;
  let killing: Promise<void> | undefined;
  const worker = async () => {
    while (!killed) {
      const { attempt, fields } = enterpriseSignup("k9");
      attempts.push(attempt);
      const http = new HttpClient(srv!.baseUrl, { ip: randomTestIp() });
      inFlight++;
      try {
        const res = await http.post("/signup/enterprise", fields);
        attempt.status = res.status;
        attempt.acknowledged = isAck(res);
        await res.arrayBuffer().catch(() => {});
        if (attempt.acknowledged) acks++;
      } catch (e) {
        attempt.error = String((e as Error & { cause?: Error }).cause?.message ?? (e as Error).message);
      } finally {
        inFlight--;
      }
      if (!killed && acks >= KILL_AFTER_ACKS) {
        killed = true;
        inFlightAtKill = inFlight;
        killedPid = serverPid;
        killing = killHard(serverPid);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await killing;
  timings.burst = Date.now() - t;
  await srv.stop(); // the launcher exits with its server; this keeps the database (not ours to drop)

  // Restart on the same database.
  t = Date.now();
  srv = await startServer({ db: kind, databaseUrl: url });
  timings.restart = Date.now() - t;
  client = createPrismaClient(url);
}, 240_000);

afterAll(async () => {
  await client?.$disconnect();
  await srv?.stop();
  if (url && !process.env.LB_KEEP_TEST_DB) await dropDatabaseUrl(url);
  console.log(
    `[faults/kill9] ${kind}: ${attempts.length} sign-ups sent, ${attempts.filter((a) => a.acknowledged).length} acknowledged, ` +
      `${inFlightAtKill} in flight at kill -9 of pid ${killedPid} (${committedUnacked} of them committed anyway); start ${timings.start} ms, burst ${timings.burst} ms, restart ${timings.restart} ms`,
  );
});

describe(`kill -9 during a burst of sign-ups (${kind})`, () => {
  it("killed the server while writes were in flight", () => {
    expect(attempts.filter((a) => a.acknowledged).length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(inFlightAtKill).toBeGreaterThan(0);
    // Every answer that came back before the kill was an acknowledgement (no 429, no 400, no 500).
    const answeredBadly = attempts.filter((a) => a.status !== undefined && !a.acknowledged);
    expect(answeredBadly.map((a) => `${a.email}: HTTP ${a.status}`)).toEqual([]);
    // The rest had no answer: the connection died with the server.
    for (const a of attempts.filter((x) => x.status === undefined)) expect(a.error).toBeTruthy();
  });

  it("after restart every acknowledged sign-up is present: user, enterprise and audit record", async () => {
    for (const a of attempts.filter((x) => x.acknowledged)) {
      const user = await client!.user.findUnique({ where: { email: a.email }, include: { enterprise: true } });
      expect(user, a.email).not.toBeNull();
      expect(user!.role).toBe("ENTERPRISE");
      expect(user!.enterprise?.uscc).toBe(a.uscc);
      expect(user!.enterprise?.name).toBe(a.name);
      const audit = await client!.auditLog.count({ where: { action: "enterprise.register", entityType: "Enterprise", entityId: user!.enterpriseId! } });
      expect(audit).toBe(1);
    }
  });

  it("no half-written registration: each sign-up is all there or not there at all", async () => {
    for (const a of attempts) {
      const user = await client!.user.findUnique({ where: { email: a.email } });
      const ent = await client!.enterprise.findUnique({ where: { uscc: a.uscc } });
      expect({ email: a.email, user: !!user, enterprise: !!ent }).toEqual({ email: a.email, user: !!ent, enterprise: !!user });
      if (user && ent) {
        if (!a.acknowledged) committedUnacked++;
        expect(user.enterpriseId).toBe(ent.id);
        expect(await client!.auditLog.count({ where: { action: "enterprise.register", entityId: ent.id } })).toBe(1);
      }
    }
    // Across the whole database too: no enterprise without a user, no enterprise user without an enterprise.
    expect(await client!.enterprise.count({ where: { users: { none: {} } } })).toBe(0);
    expect(await client!.user.count({ where: { role: "ENTERPRISE", enterpriseId: null } })).toBe(0);
  });

  it("the audit hash chain verifies, in-process and through `npm run audit:verify`", async () => {
    const chain = await verifyAuditChain(client!);
    expect(chain.ok).toBe(true);
    expect(chain.count).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    const r = await execFileP("npm", ["run", "--silent", "audit:verify"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
    expect(r.stdout).toContain("audit chain OK");
  }, 60_000);

  it.skipIf(kind !== "sqlite")("the SQLite file passes integrity_check", () => {
    const f = new Database(url.slice("file:".length), { readonly: true });
    try {
      expect(f.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      f.close();
    }
  });

  it("the restarted server works: an acknowledged account signs in, new sign-ups succeed", async () => {
    const acked = attempts.filter((a) => a.acknowledged);
    const c = new HttpClient(srv!.baseUrl);
    await c.login(acked[0].email, "Kill9#Burst2026");
    const { attempt, fields } = enterpriseSignup("after");
    const res = await new HttpClient(srv!.baseUrl).post("/signup/enterprise", fields);
    expect(isAck(res)).toBe(true);
    expect(await client!.user.count({ where: { email: attempt.email, enterprise: { uscc: attempt.uscc } } })).toBe(1);
  });
});
