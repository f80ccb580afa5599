// Helpers for fault tests: find the process that serves a port, kill it the hard way, run bursts of
// writes of several kinds and kill the server in the middle, and make valid data for them (sign-ups;
// bids and awards on projects prepared in the database). Linux only (/proc).
import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Db } from "~/db.server";
import { USCC_ALPHABET, makeUscc } from "~/domain/uscc";

/** Socket inodes of TCP sockets LISTENing on `port` (any address, IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (f.length < 10) continue;
      if (f[1].endsWith(`:${hexPort}`) && f[3] === "0A") inodes.add(f[9]);
    }
  }
  return inodes;
}

/** Process ids that hold a socket listening on `port` (the server process, not its launcher). */
export function pidsListeningOn(port: number): number[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const links = new Set([...inodes].map((i) => `socket:[${i}]`));
  const pids: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (links.has(readlinkSync(`/proc/${p}/fd/${fd}`))) {
          pids.push(Number(p));
          break;
        }
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return pids;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (killed, not yet reaped by its parent) counts as dead.
  try {
    return !/^\S+\s+\(.*\)\s+Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** SIGKILL (kill -9) and wait until the process is gone. */
export async function killHard(pid: number, timeoutMs = 10_000): Promise<void> {
  process.kill(pid, "SIGKILL");
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still alive ${timeoutMs} ms after SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A valid enterprise USCC (authority 9 市场监管, type 1 企业, 长沙 430100) with a random subject id. */
export function randomEnterpriseUscc(): string {
  let body = "91430100";
  const bytes = randomBytes(9);
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[bytes[i] % 31];
  return makeUscc(body);
}

export interface SignupAttempt {
  n: number;
  email: string;
  uscc: string;
  name: string;
  /** HTTP status of the answer; undefined when the connection failed (no answer at all). */
  status?: number;
  acknowledged: boolean;
  error?: string;
}

let seq = 0;
/** The fields of POST /signup/enterprise for one fresh enterprise. */
export function enterpriseSignup(tag: string): { attempt: SignupAttempt; fields: Record<string, string> } {
  const n = ++seq;
  const id = `${tag}-${n}-${randomBytes(3).toString("hex")}`;
  const attempt: SignupAttempt = { n, email: `${id}@faults.test`, uscc: randomEnterpriseUscc(), name: `故障测试企业 ${id}`, acknowledged: false };
  return {
    attempt,
    fields: {
      name: attempt.name,
      uscc: attempt.uscc,
      districtCode: "yuhua",
      industry: "制造业",
      employees: "120",
      hasUnion: "on",
      contactName: "测试联系人",
      phone: "13800138000",
      email: attempt.email,
      password: "Kill9#Burst2026",
      confirm: "Kill9#Burst2026",
    },
  };
}

// ---------- bursts of several kinds of writes, then kill -9 ----------

/** One kind of write in a burst: `concurrency` workers each take the next write until there is none left. */
export interface BurstLane {
  name: string;
  concurrency: number;
  /** The next write to send (it resolves true when the server acknowledged it), or undefined when the lane is done. */
  next(): (() => Promise<boolean>) | undefined;
}

export interface BurstOutcome {
  /** Whether the server was killed (false: every lane ran out of work first). */
  killed: boolean;
  /** Acknowledged writes per lane when the kill was decided, and at the end (late answers count too). */
  acksAtKill: Record<string, number>;
  acks: Record<string, number>;
  /** Requests per lane that were in flight when the server was killed. */
  inFlightAtKill: Record<string, number>;
}

/**
 * Runs the lanes concurrently and kills `pid` with SIGKILL as soon as `killWhen(acks, inFlight)` holds
 * after an acknowledgement (the caller decides, e.g. "enough of each kind acknowledged and some of each
 * kind still in flight"). No write is started after the kill was decided; those in flight then lose
 * their connection. Resolves once every worker stopped and the process is gone.
 */
export async function burstThenKill(
  pid: number,
  lanes: BurstLane[],
  killWhen: (acks: Record<string, number>, inFlight: Record<string, number>) => boolean,
): Promise<BurstOutcome> {
  const acks: Record<string, number> = {};
  const inFlight: Record<string, number> = {};
  for (const l of lanes) acks[l.name] = inFlight[l.name] = 0;
  const out: BurstOutcome = { killed: false, acksAtKill: {}, acks, inFlightAtKill: {} };
  let killing: Promise<void> | undefined;
  const worker = async (lane: BurstLane) => {
    while (!out.killed) {
      const send = lane.next();
      if (!send) return;
      inFlight[lane.name]++;
      let ok = false;
      try {
        ok = await send();
      } catch {
        ok = false; // the lane records its own errors; a throw is no acknowledgement
      } finally {
        inFlight[lane.name]--;
      }
      if (ok) acks[lane.name]++;
      if (ok && !out.killed && killWhen(acks, inFlight)) {
        out.killed = true;
        out.acksAtKill = { ...acks };
        out.inFlightAtKill = { ...inFlight };
        killing = killHard(pid);
      }
    }
  };
  await Promise.all(lanes.flatMap((l) => Array.from({ length: l.concurrency }, () => worker(l))));
  await killing;
  return out;
}

/**
 * Runs `fn` again (at most `tries` times in all) when fetch failed because the server had closed the
 * pooled keep-alive connection fetch reused ("other side closed", ECONNRESET). That race shows after a
 * GET left a connection idle for the server's keep-alive time (5 s), e.g. the health check of
 * startServer followed by seconds of preparation. Only for requests that may be repeated.
 */
export async function retryOnStaleConnection<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as Error & { cause?: { code?: string } }).cause?.code;
      if (attempt >= tries || (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET")) throw e;
    }
  }
}

// ---------- bids and awards ----------

/** yuan as a form would carry it: 12345.6 → "12345.60" (from integer fen). */
export const fenToYuan = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

export interface FaultOrg {
  organizationId: string;
  userId: string;
  email: string;
}

export interface FaultAwardable {
  projectId: string;
  /** Live (SUBMITTED) bids prepared on it; the burst awards the first one. */
  bids: { id: string; organizationId: string; amountFen: number }[];
}

export interface BidMarket {
  /** Approved organizations whose demo users (password Org#2026) bid in the burst. */
  orgs: FaultOrg[];
  /** PUBLISHED projects open for bids (deadline tomorrow, no admission conditions), no bids yet. */
  open: string[];
  /** EVALUATING projects (deadline passed, bids sealed no longer) with live bids, ready to award. */
  awardable: FaultAwardable[];
  /** The enterprise that owns every prepared project. */
  enterpriseId: string;
}

/**
 * Prepares, directly in the database, what a burst of bids and awards needs: projects of the demo
 * enterprise open for bids, and projects whose bidding closed with `bidsPerAwardable` live bids each.
 * Only this preparation bypasses HTTP (and writes no audit records); the bids and awards of the burst
 * go through the server. Needs the demo seed (enterprise@laborbridge.cn and approved demo organizations).
 */
export async function prepareBidMarket(
  db: Db,
  opts: { tag: string; orgs: number; open: number; awardable: number; bidsPerAwardable: number; now?: Date },
): Promise<BidMarket> {
  const now = opts.now ?? new Date();
  const owner = await db.user.findUniqueOrThrow({ where: { email: "enterprise@laborbridge.cn" }, select: { enterpriseId: true } });
  const enterpriseId = owner.enterpriseId!;
  const model = await db.project.findFirstOrThrow({ where: { enterpriseId, isBundle: false }, select: { categoryCode: true, districtCode: true } });
  const users = await db.user.findMany({
    where: { role: "ORG", disabled: false, email: { endsWith: "laborbridge.cn" }, organization: { vettingStatus: "APPROVED" } },
    select: { id: true, email: true, organizationId: true },
    orderBy: { email: "asc" },
  });
  const seen = new Set<string>();
  const orgs: FaultOrg[] = [];
  for (const u of users) {
    if (!u.organizationId || seen.has(u.organizationId)) continue;
    seen.add(u.organizationId);
    orgs.push({ organizationId: u.organizationId, userId: u.id, email: u.email });
  }
  if (orgs.length < Math.max(opts.orgs, opts.bidsPerAwardable)) throw new Error(`the seed has ${orgs.length} approved organizations, ${opts.orgs} needed`);
  orgs.length = opts.orgs;

  const tag = `${opts.tag}${randomBytes(3).toString("hex")}`.toUpperCase();
  const base = (kind: string, i: number) => ({
    code: `${tag}-${kind}-${String(i + 1).padStart(3, "0")}`,
    enterpriseId,
    title: `故障测试项目 ${tag} ${kind} ${i + 1}`,
    description: "kill -9 故障测试准备的项目（投标与授标突发写入）。",
    categoryCode: model.categoryCode,
    districtCode: model.districtCode,
    beneficiariesPlanned: 100,
    budgetFen: 10_000_000,
    fundingSource: "UNION_FUNDS" as const,
  });
  const day = 24 * 3600_000;
  await db.project.createMany({
    data: Array.from({ length: opts.open }, (_, i) => ({
      ...base("OPEN", i),
      state: "PUBLISHED" as const,
      publishedAt: new Date(now.getTime() - day),
      bidDeadline: new Date(now.getTime() + day),
    })),
  });
  await db.project.createMany({
    data: Array.from({ length: opts.awardable }, (_, i) => ({
      ...base("EVAL", i),
      state: "EVALUATING" as const,
      publishedAt: new Date(now.getTime() - 3 * day),
      bidDeadline: new Date(now.getTime() - day),
    })),
  });
  const open = (await db.project.findMany({ where: { code: { startsWith: `${tag}-OPEN-` } }, select: { id: true }, orderBy: { code: "asc" } })).map((p) => p.id);
  const evalIds = (await db.project.findMany({ where: { code: { startsWith: `${tag}-EVAL-` } }, select: { id: true }, orderBy: { code: "asc" } })).map((p) => p.id);
  await db.bid.createMany({
    data: evalIds.flatMap((projectId, i) =>
      Array.from({ length: opts.bidsPerAwardable }, (_, k) => {
        const o = orgs[(i + k) % orgs.length];
        return {
          projectId,
          organizationId: o.organizationId,
          amountFen: 3_000_000 + k * 100_000 + i,
          plan: "准备好的投标方案：分三期开展培训与走访。",
          timeline: "三个月",
          team: "项目负责人一名，社工三名",
          submittedById: o.userId,
          submittedAt: new Date(now.getTime() - 2 * day),
        };
      }),
    ),
  });
  const bids = await db.bid.findMany({ where: { projectId: { in: evalIds } }, select: { id: true, projectId: true, organizationId: true, amountFen: true }, orderBy: { amountFen: "asc" } });
  const awardable = evalIds.map((projectId) => ({ projectId, bids: bids.filter((b) => b.projectId === projectId) }));
  return { orgs, open, awardable, enterpriseId };
}

export interface BidAttempt {
  n: number;
  projectId: string;
  org: FaultOrg;
  amountFen: number;
  plan: string;
  timeline: string;
  team: string;
  status?: number;
  acknowledged: boolean;
  error?: string;
}

let bidSeq = 0;
/** The fields of the bid form (POST /projects/:id, intent=bid) for one new bid with recognisable content. */
export function bidSubmission(projectId: string, org: FaultOrg, tag: string): { attempt: BidAttempt; fields: Record<string, string> } {
  const n = ++bidSeq;
  const amountFen = 2_000_000 + n * 1_000 + (randomBytes(1)[0] % 100); // ¥20,010.xx …, below the budget
  const attempt: BidAttempt = {
    n,
    projectId,
    org,
    amountFen,
    plan: `${tag} 投标 #${n}：需求调研、集中培训、上门服务与回访（${randomBytes(4).toString("hex")}）。`,
    timeline: `${(n % 6) + 1} 个月`,
    team: `社工 ${(n % 5) + 2} 名`,
    acknowledged: false,
  };
  return { attempt, fields: { intent: "bid", amount: fenToYuan(amountFen), plan: attempt.plan, timeline: attempt.timeline, team: attempt.team } };
}

export interface AwardAttempt {
  projectId: string;
  bidId: string;
  organizationId: string;
  amountFen: number;
  rationale: string;
  status?: number;
  acknowledged: boolean;
  error?: string;
}

/** The fields of the broker's award form (POST /broker/projects/:id/award, intent=award) for the project's first bid. */
export function awardSubmission(p: FaultAwardable, tag: string): { attempt: AwardAttempt; fields: Record<string, string> } {
  const bid = p.bids[0];
  const attempt: AwardAttempt = {
    projectId: p.projectId,
    bidId: bid.id,
    organizationId: bid.organizationId,
    amountFen: bid.amountFen,
    rationale: `${tag}：报价最低，方案完整，团队经验充分，无利益冲突。`,
    acknowledged: false,
  };
  return { attempt, fields: { intent: "award", bidId: bid.id, rationale: attempt.rationale, noConflictDeclared: "on" } };
}
