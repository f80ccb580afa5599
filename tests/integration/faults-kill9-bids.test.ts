// Fault test: kill -9 the BUILT server in the middle of a burst of BID SUBMISSIONS and AWARDS, restart it
// on the same database, and check that every acknowledged write is there, no project is half-awarded
// and the audit hash chain still verifies. (faults-kill9.test.ts does the same with enterprise sign-ups.)
//
// Before the burst, directly in the database (prepareBidMarket in tests/faults/crash.ts): projects of the
// demo enterprise open for bids (PUBLISHED, deadline tomorrow, no admission conditions) and projects whose
// bidding closed (EVALUATING: bids are no longer sealed) with three live bids each. Then, over real HTTP
// and concurrently:
//   - bids: approved demo organizations (org@, org2@, org-NN@demo…, signed in through /login) post the bid
//     form, POST /projects/:id intent=bid, each (organization, open project) pair once, so every bid is
//     a new row with recognisable content; a 303 to /projects/:id?ok=bid is the acknowledgement;
//   - awards: the broker posts POST /broker/projects/:id/award intent=award for the cheapest bid of each
//     closed project (one transaction: project EVALUATING→AWARDED, the Award row, the bid AWARDED, the
//     others LOST, notifications, audit record); a 302 to /broker/projects/:id?done=award acknowledges it.
// The server is killed once enough of each kind were acknowledged while some of each kind are in flight.
// Each client claims its own address in X-Forwarded-For (TRUST_PROXY=1 in the test server). Demo seed,
// SQLite by default (LB_TEST_DB=postgres: PostgreSQL). Helpers: tests/http (server, client),
// tests/faults/crash.ts.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "~/db.server";
import { verifyAuditChain } from "~/domain/audit.server";
import { HttpClient } from "../http/client";
import { ROOT, defaultDbKind, dropDatabaseUrl, freshDatabaseUrl, startServer, type RunningServer } from "../http/server";
import {
  awardSubmission,
  bidSubmission,
  burstThenKill,
  pidsListeningOn,
  prepareBidMarket,
  retryOnStaleConnection,
  type AwardAttempt,
  type BidAttempt,
  type BidMarket,
  type BurstLane,
  type BurstOutcome,
  type FaultAwardable,
  type FaultOrg,
} from "../faults/crash";

const execFileP = promisify(execFile);

const kind = defaultDbKind();
const ORGS = 10; // bidding organizations (each signed in once)
const OPEN_PROJECTS = 16; // ORGS × (OPEN_PROJECTS - 1) bids at most (the last open project is kept for after the restart)
const AWARDABLE = 48; // closed projects the broker may award (the last is kept for after the restart)
const BID_CONCURRENCY = 8;
const AWARD_CONCURRENCY = 4;
const KILL_AFTER_BIDS = 24; // kill -9 once this many bids…
const KILL_AFTER_AWARDS = 6; // …and this many awards were acknowledged
const POST_AWARD_STATES = ["AWARDED", "IN_DELIVERY", "DELIVERED", "DISPUTED", "ACCEPTED", "EVALUATED", "CLOSED"] as const;

let url: string;
let srv: RunningServer | undefined;
let client: Db | undefined;
let market: BidMarket;
const sessions = new Map<string, HttpClient>(); // org id → signed-in client
let broker: HttpClient;
const bids: BidAttempt[] = [];
const awards: AwardAttempt[] = [];
let outcome: BurstOutcome;
let killedPid = 0;
const timings: Record<string, number> = {};
const committedUnacked = { bids: 0, awards: 0 }; // answers lost with the server whose transaction committed

const isBidAck = (res: Response, projectId: string) => res.status === 303 && res.headers.get("Location") === `/projects/${projectId}?ok=bid`;
const isAwardAck = (res: Response, projectId: string) => res.status === 302 && res.headers.get("Location") === `/broker/projects/${projectId}?done=award`;
const errorOf = (e: unknown) => String((e as Error & { cause?: Error }).cause?.message ?? (e as Error).message);

/** Signs in over HTTP, each client with its own address (per-IP login limit). */
function signIn(email: string, password: string): Promise<HttpClient> {
  return retryOnStaleConnection(async () => {
    const c = new HttpClient(srv!.baseUrl);
    await c.login(email, password);
    return c;
  });
}

beforeAll(async () => {
  url = freshDatabaseUrl(kind); // "http" label: swept by scripts/test.sh if a crash leaves it
  let t = Date.now();
  srv = await startServer({ db: kind, databaseUrl: url, seed: true });
  timings.start = Date.now() - t;
  const pids = pidsListeningOn(srv.port); // the server process itself (node server.mjs), not its launcher
  expect(pids.length).toBe(1);
  const serverPid = pids[0];

  // Prepare the market in the database, then sign everyone in over HTTP (a few at a time).
  t = Date.now();
  // (The same database client serves the checks after the restart: it is not the server's.)
  client = createPrismaClient(url);
  const signingInBroker = signIn("broker@laborbridge.cn", "Broker#2026");
  market = await prepareBidMarket(client, { tag: "K9", orgs: ORGS, open: OPEN_PROJECTS, awardable: AWARDABLE, bidsPerAwardable: 3 });
  timings.prepareDb = Date.now() - t;
  broker = await signingInBroker;
  for (let i = 0; i < market.orgs.length; i += 5) {
    await Promise.all(market.orgs.slice(i, i + 5).map(async (o) => sessions.set(o.organizationId, await signIn(o.email, "Org#2026"))));
  }
  timings.prepare = Date.now() - t;

  // The work: every (organization, open project) pair once, interleaved so that concurrent bids go to
  // different projects by different organizations; every closed project awarded once.
  const burstOpen = market.open.slice(0, -1);
  const pairs: { projectId: string; org: FaultOrg }[] = [];
  for (let r = 0; r < burstOpen.length; r++) {
    for (let i = 0; i < market.orgs.length; i++) pairs.push({ projectId: burstOpen[(i + r) % burstOpen.length], org: market.orgs[i] });
  }
  const burstAwardable = market.awardable.slice(0, -1);
  const bidLane: BurstLane = {
    name: "bids",
    concurrency: BID_CONCURRENCY,
    next() {
      const pair = pairs.shift();
      if (!pair) return undefined;
      const { attempt, fields } = bidSubmission(pair.projectId, pair.org, "k9");
      bids.push(attempt);
      return async () => {
        try {
          const res = await sessions.get(pair.org.organizationId)!.post(`/projects/${pair.projectId}`, fields);
          attempt.status = res.status;
          attempt.acknowledged = isBidAck(res, pair.projectId);
          await res.arrayBuffer().catch(() => {});
        } catch (e) {
          attempt.error = errorOf(e);
        }
        return attempt.acknowledged;
      };
    },
  };
  const awardLane: BurstLane = {
    name: "awards",
    concurrency: AWARD_CONCURRENCY,
    next() {
      const p = burstAwardable.shift();
      if (!p) return undefined;
      const { attempt, fields } = awardSubmission(p, "k9");
      awards.push(attempt);
      return async () => {
        try {
          const res = await broker.post(`/broker/projects/${p.projectId}/award`, fields);
          attempt.status = res.status;
          attempt.acknowledged = isAwardAck(res, p.projectId);
          await res.arrayBuffer().catch(() => {});
        } catch (e) {
          attempt.error = errorOf(e);
        }
        return attempt.acknowledged;
      };
    },
  };

  t = Date.now();
  killedPid = serverPid;
  outcome = await burstThenKill(
    serverPid,
    [bidLane, awardLane],
    (acks, inFlight) => acks.bids >= KILL_AFTER_BIDS && acks.awards >= KILL_AFTER_AWARDS && inFlight.bids > 0 && inFlight.awards > 0,
  );
  timings.burst = Date.now() - t;
  await srv.stop(); // the launcher exits with its server; this keeps the database (not ours to drop)

  // Restart on the same database.
  t = Date.now();
  srv = await startServer({ db: kind, databaseUrl: url });
  timings.restart = Date.now() - t;
}, 240_000);

afterAll(async () => {
  await client?.$disconnect();
  await srv?.stop();
  if (url && !process.env.LB_KEEP_TEST_DB) await dropDatabaseUrl(url);
  const acked = (xs: { acknowledged: boolean }[]) => xs.filter((x) => x.acknowledged).length;
  console.log(
    `[faults/kill9-bids] ${kind}: ${bids.length} bids sent, ${acked(bids)} acknowledged; ${awards.length} awards sent, ${acked(awards)} acknowledged; ` +
      `in flight at kill -9 of pid ${killedPid}: ${outcome?.inFlightAtKill.bids} bids, ${outcome?.inFlightAtKill.awards} awards ` +
      `(committed anyway: ${committedUnacked.bids} bids, ${committedUnacked.awards} awards); ` +
      `start ${timings.start} ms, prepare ${timings.prepare} ms (database ${timings.prepareDb} ms), burst ${timings.burst} ms, restart ${timings.restart} ms`,
  );
});

/** A client for the restarted server (another port) with the cookies (the session) of `c`. */
function onRestarted(c: HttpClient): HttpClient {
  const next = new HttpClient(srv!.baseUrl, { ip: c.ip });
  for (const [k, v] of c.jar) next.jar.set(k, v);
  return next;
}

/** The audit records of a bid submission / an award (the chain is append-only: exactly one each). */
const bidAudits = (bidId: string) => client!.auditLog.count({ where: { action: "bid.submit", entityType: "Bid", entityId: bidId } });
const awardAudits = (projectId: string) => client!.auditLog.findMany({ where: { action: "project.award", entityType: "Project", entityId: projectId } });

describe(`kill -9 during a burst of bids and awards (${kind})`, () => {
  it("killed the server while bids and awards were in flight", () => {
    expect(outcome.killed).toBe(true);
    expect(outcome.acksAtKill.bids).toBeGreaterThanOrEqual(KILL_AFTER_BIDS);
    expect(outcome.acksAtKill.awards).toBeGreaterThanOrEqual(KILL_AFTER_AWARDS);
    expect(outcome.inFlightAtKill.bids).toBeGreaterThan(0);
    expect(outcome.inFlightAtKill.awards).toBeGreaterThan(0);
    // Every answer that came back was an acknowledgement (no 400, 409, 500); the rest died with the server.
    const bad = [...bids, ...awards].filter((a) => a.status !== undefined && !a.acknowledged);
    expect(bad.map((a) => `${a.projectId}: HTTP ${a.status}`)).toEqual([]);
    for (const a of [...bids, ...awards].filter((x) => x.status === undefined)) expect(a.error).toBeTruthy();
    // Only requests in flight at the kill went unanswered (some of those may still have got their answer).
    expect(bids.filter((a) => a.status === undefined).length).toBeLessThanOrEqual(outcome.inFlightAtKill.bids);
    expect(awards.filter((a) => a.status === undefined).length).toBeLessThanOrEqual(outcome.inFlightAtKill.awards);
  });

  it("after restart every acknowledged bid is there exactly once, with its content and its audit record", async () => {
    for (const a of bids.filter((x) => x.acknowledged)) {
      const rows = await client!.bid.findMany({ where: { projectId: a.projectId, organizationId: a.org.organizationId } });
      expect(rows.length, `bid #${a.n}`).toBe(1);
      const b = rows[0];
      expect({ n: a.n, state: b.state, amountFen: b.amountFen, plan: b.plan, timeline: b.timeline, team: b.team, by: b.submittedById, over: b.overBudgetReason }).toEqual({
        n: a.n,
        state: "SUBMITTED",
        amountFen: a.amountFen,
        plan: a.plan,
        timeline: a.timeline,
        team: a.team,
        by: a.org.userId,
        over: null,
      });
      expect(await bidAudits(b.id), `audit of bid #${a.n}`).toBe(1);
    }
  });

  it("no half-written bid: each is there with its audit record, or not there at all", async () => {
    for (const a of bids) {
      const b = await client!.bid.findUnique({ where: { projectId_organizationId: { projectId: a.projectId, organizationId: a.org.organizationId } } });
      if (!b) continue;
      if (!a.acknowledged) committedUnacked.bids++;
      expect({ n: a.n, amountFen: b.amountFen, plan: b.plan }).toEqual({ n: a.n, amountFen: a.amountFen, plan: a.plan });
      expect(await bidAudits(b.id)).toBe(1);
    }
    // On the open projects nothing but the burst's bids, and every one has its audit record.
    const onOpen = await client!.bid.findMany({ where: { projectId: { in: market.open } }, select: { id: true } });
    expect(onOpen.length).toBe(bids.filter((a) => a.acknowledged).length + committedUnacked.bids);
    // …and no audit record of a bid submission that is not there (the whole database).
    const submitted = await client!.auditLog.findMany({ where: { action: "bid.submit" }, select: { entityId: true } });
    const ids = new Set(submitted.map((s) => s.entityId));
    expect(await client!.bid.count({ where: { id: { in: [...ids] } } })).toBe(ids.size);
    expect(submitted.length).toBe(ids.size);
  });

  it("after restart every acknowledged award is there: AWARDED, one Award row, the bid marked, the audit record", async () => {
    for (const a of awards.filter((x) => x.acknowledged)) {
      const p = await client!.project.findUniqueOrThrow({ where: { id: a.projectId }, include: { award: true, bids: true } });
      expect({ id: p.id, state: p.state, version: p.version }).toEqual({ id: a.projectId, state: "AWARDED", version: 1 });
      expect(p.award).toMatchObject({ bidId: a.bidId, organizationId: a.organizationId, amountFen: a.amountFen, rationale: a.rationale, noConflictDeclared: true });
      expect(await client!.award.count({ where: { projectId: a.projectId } })).toBe(1);
      for (const b of p.bids) expect({ bid: b.id, state: b.state }).toEqual({ bid: b.id, state: b.id === a.bidId ? "AWARDED" : "LOST" });
      const audit = await awardAudits(a.projectId);
      expect(audit.length).toBe(1);
      expect(audit[0].after).toMatchObject({ state: "AWARDED", bidId: a.bidId, awardId: p.award!.id });
    }
  });

  it("no project half-awarded: each prepared project is fully awarded or untouched, and so is the whole database", async () => {
    const attempted = new Map(awards.map((a) => [a.projectId, a]));
    for (const m of market.awardable) {
      const p = await client!.project.findUniqueOrThrow({ where: { id: m.projectId }, include: { award: true, bids: { orderBy: { id: "asc" } } } });
      const audit = await awardAudits(m.projectId);
      const a = attempted.get(m.projectId);
      if (p.state === "EVALUATING") {
        expect({ project: p.id, version: p.version, award: p.award, audits: audit.length, bids: p.bids.map((b) => b.state) }).toEqual({
          project: p.id,
          version: 0,
          award: null,
          audits: 0,
          bids: p.bids.map(() => "SUBMITTED"),
        });
        expect(a?.acknowledged ?? false).toBe(false);
      } else {
        expect(a, `project ${p.id} awarded without a request`).toBeDefined();
        if (!a!.acknowledged) committedUnacked.awards++;
        expect({ project: p.id, state: p.state, version: p.version, bidId: p.award?.bidId, audits: audit.length }).toEqual({
          project: p.id,
          state: "AWARDED",
          version: 1,
          bidId: m.bids[0].id,
          audits: 1,
        });
        for (const b of p.bids) expect(b.state).toBe(b.id === m.bids[0].id ? "AWARDED" : "LOST");
      }
    }

    // The whole database: an Award ⇔ its project in a post-award state (bundle members follow their
    // bundle, which holds the Award) ⇔ exactly one AWARDED bid of that project, none left SUBMITTED.
    const all = await client!.award.findMany({ include: { project: { select: { state: true } }, bid: { select: { projectId: true, state: true, organizationId: true } } } });
    for (const aw of all) {
      expect({ award: aw.id, state: POST_AWARD_STATES.includes(aw.project.state as never) }).toEqual({ award: aw.id, state: true });
      expect({ award: aw.id, ...aw.bid }).toEqual({ award: aw.id, projectId: aw.projectId, state: "AWARDED", organizationId: aw.organizationId });
    }
    const awardedWithout = await client!.project.findMany({
      where: { bundleId: null, state: { in: [...POST_AWARD_STATES] }, award: { is: null } },
      select: { id: true, code: true, state: true },
    });
    expect(awardedWithout).toEqual([]);
    expect(await client!.bid.count({ where: { state: "AWARDED", award: { is: null } } })).toBe(0);
    expect(await client!.bid.count({ where: { state: "SUBMITTED", project: { bundleId: null, state: { in: [...POST_AWARD_STATES] } } } })).toBe(0);
    // An award audit record for every prepared project that is awarded, and none for those that are not.
    const awardedIds = (await client!.project.findMany({ where: { id: { in: market.awardable.map((m) => m.projectId) }, state: "AWARDED" }, select: { id: true } })).map((p) => p.id);
    expect(await client!.auditLog.count({ where: { action: "project.award", entityId: { in: market.awardable.map((m) => m.projectId) } } })).toBe(awardedIds.length);
  });

  it("the audit hash chain verifies, in-process and through `npm run audit:verify`", async () => {
    const chain = await verifyAuditChain(client!);
    expect(chain.ok).toBe(true);
    expect(chain.count).toBeGreaterThanOrEqual(KILL_AFTER_BIDS + KILL_AFTER_AWARDS);
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

  it("the restarted server works: sessions survive, a new bid and a new award succeed", async () => {
    // The sessions signed in before the kill still work (they live in the database).
    const org = market.orgs[0];
    const orgClient = onRestarted(sessions.get(org.organizationId)!);
    const spare = market.open[market.open.length - 1];
    const { attempt, fields } = bidSubmission(spare, org, "after");
    // (Repeating a bid or an award with the same content changes nothing, so a retry is safe.)
    const res = await retryOnStaleConnection(() => orgClient.post(`/projects/${spare}`, fields));
    expect(isBidAck(res, spare)).toBe(true);
    const b = await client!.bid.findUniqueOrThrow({ where: { projectId_organizationId: { projectId: spare, organizationId: org.organizationId } } });
    expect({ amountFen: b.amountFen, plan: b.plan }).toEqual({ amountFen: attempt.amountFen, plan: attempt.plan });
    expect(await bidAudits(b.id)).toBe(1);

    const last: FaultAwardable = market.awardable[market.awardable.length - 1];
    const aw = awardSubmission(last, "after");
    const brokerClient = onRestarted(broker);
    const res2 = await retryOnStaleConnection(() => brokerClient.post(`/broker/projects/${last.projectId}/award`, aw.fields));
    expect(isAwardAck(res2, last.projectId)).toBe(true);
    const p = await client!.project.findUniqueOrThrow({ where: { id: last.projectId }, include: { award: true } });
    expect({ state: p.state, bidId: p.award?.bidId }).toEqual({ state: "AWARDED", bidId: last.bids[0].id });
    expect((await verifyAuditChain(client!)).ok).toBe(true);
  });
});
