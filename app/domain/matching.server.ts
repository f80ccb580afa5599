// Matching (撮合推荐), framework-free:
// - recommendOrganizations: for a need, the vetted organizations that fit it, ranked and explained;
// - recommendProjects: for an organization, the open projects that fit it, ranked and explained;
// - inviteToBid: a broker invites recommended organizations to bid (ProjectInvitation + notification).
//
// Every item carries `reasons`: i18n keys (`match.reason.*`, see app/i18n/features/search.ts) with
// params, including the points each criterion added, so a reader sees WHY an item is recommended.
//
// ORGANIZATION SCORE (0..100, deterministic, rounded to 0.1):
//   text relevance   up to 30  — share of the need's keywords (category name + title words, at most
//                                6) that the organizations index matches for this org (search engine,
//                                same semantics as the search pages); the matched words are listed.
//   category fit           25  — the org offers the need's service category.
//   district fit           15  — the org is based in, or serves, the need's district.
//   grade             up to 10  — 2 points per A (1A..5A) while the grade is valid (not expired).
//   performance       up to 20  — performanceScore (0..100) × 0.2; no score yet → 0.
// Filters (not scored): vetting APPROVED only; every admission condition of the need must pass
// (grade valid, years registered, must-serve district, union REQUIRED) — see admission.ts.
// Order: score desc; at equal score union-covered orgs (OWN_UNION / JOINT_UNION) first (DESIGN: union
// coverage is the tie-breaker at equal merit); then name, then id.
//
// PROJECT SCORE for an organization (0..100):
//   category fit 40 (one of the org's categories) · past work 15 (the org was awarded a project of
//   this category before) · district fit 25 (the org is based in / serves the district) ·
//   invited 10 (a broker invited the org) · deadline 10 (closing within 7 days: bid soon).
// Only PUBLISHED projects still open (deadline in the future), not bundle members (bids go to the
// bundle), not already bid on by the org, and passing admission. Order: score desc, deadline asc, id.
import { db, type Tx } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import type { Role } from "~/generated/sqlite/enums";
import { getSearchEngine } from "#search/index.server";
import type { SearchEngine } from "#search/port";
import { queryWords } from "#search/tokenizer";
import { checkAdmission, isAdmitted, type AdmissionCheck } from "./admission";
import { writeAudit } from "./audit.server";
import { getOrgSnapshot, type SnapshotOrg } from "./matching-snapshot.server";
import { conflict, DomainError, notFound } from "./errors";
import { notify, transaction } from "./notifications.server";

export interface MatchActor {
  id: string;
  role: Role;
  enterpriseId?: string | null;
  organizationId?: string | null;
}

export interface MatchReason {
  /** i18n key, `match.reason.*`. */
  code: string;
  params: Record<string, string | number>;
}

export interface OrgRecommendation {
  orgId: string;
  name: string;
  score: number;
  reasons: MatchReason[];
  grade: number | null;
  performanceScore: number | null;
  unionCoverage: string;
  districtCode: string;
  /** A broker already invited this org to bid on the need. */
  invited: boolean;
  /** The org already bid on the need. */
  hasBid: boolean;
}

export interface ProjectRecommendation {
  projectId: string;
  code: string;
  title: string;
  categoryCode: string;
  districtCode: string;
  budgetFen: number;
  bidDeadline: string | null;
  score: number;
  reasons: MatchReason[];
}

/** The weights above, in one place (exported for the tests and the help page). */
export const ORG_WEIGHTS = { text: 30, category: 25, district: 15, gradePerA: 2, performance: 0.2 } as const;
export const PROJECT_WEIGHTS = { category: 40, pastWork: 15, district: 25, invited: 10, closingSoon: 10 } as const;

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;
const MAX_KEYWORDS = 6;
const TEXT_HITS = 100;
const CLOSING_SOON_MS = 7 * 24 * 3600_000;

/** Words too generic to say anything about fit. */
const STOPWORDS = new Set(["项目", "服务", "开展", "职工", "企业", "活动", "工作", "我们", "需求", "提供", "一线", "进行", "组织"]);

const round1 = (n: number) => Math.round(n * 10) / 10;
const isUnionCovered = (c: string) => c === "OWN_UNION" || c === "JOINT_UNION";

function clampLimit(limit: number | undefined): number {
  const n = Math.floor(Number(limit ?? DEFAULT_LIMIT));
  if (!Number.isFinite(n) || n < 1) return DEFAULT_LIMIT;
  return Math.min(n, MAX_LIMIT);
}

/** Keywords of a need: its category name first, then distinct title words (≥ 2 chars), at most 6. */
export function needKeywords(title: string, categoryName: string): string[] {
  const out: string[] = [];
  const add = (w: string) => {
    const s = w.trim();
    if (s.length < 2 || STOPWORDS.has(s) || /^\d+$/.test(s) || out.includes(s)) return;
    out.push(s);
  };
  if (categoryName) add(categoryName);
  for (const w of queryWords(title)) {
    if (out.length >= MAX_KEYWORDS) break;
    add(w.text);
  }
  return out.slice(0, MAX_KEYWORDS);
}

/**
 * For each keyword, the orgs the organizations index matches for it (all of the keyword's words,
 * never a placeholder search after dropping words). An engine failure means no text relevance (the
 * other criteria still rank): recommendations keep working while search is degraded.
 */
async function textMatches(engine: SearchEngine, keywords: string[]): Promise<Map<string, string[]>> {
  const byOrg = new Map<string, string[]>();
  for (const kw of keywords) {
    try {
      const res = await engine.search("organizations", { q: kw, hitsPerPage: TEXT_HITS });
      if (!res.matchedQuery.trim() || queryWords(res.matchedQuery).length < queryWords(kw).length) continue;
      for (const h of res.hits) {
        const list = byOrg.get(h.id) ?? [];
        list.push(kw);
        byOrg.set(h.id, list);
      }
    } catch (e) {
      console.warn(`[matching] text relevance unavailable: ${(e as Error).message}`);
      return byOrg;
    }
  }
  return byOrg;
}

/** The org's scalar columns that scoring and admission need (no relation rows). */
const orgScalarSelect = {
  id: true,
  name: true,
  vettingStatus: true,
  grade: true,
  gradeValidUntil: true,
  foundedAt: true,
  districtCode: true,
  unionCoverage: true,
  performanceScore: true,
} satisfies Prisma.OrganizationSelect;

const orgSelect = {
  ...orgScalarSelect,
  categories: { select: { categoryCode: true } },
  serviceDistricts: { select: { districtCode: true } },
} satisfies Prisma.OrganizationSelect;

type OrgRow = Prisma.OrganizationGetPayload<{ select: typeof orgSelect }>;

const toAdmissionOrg = (o: OrgRow) => ({
  vettingStatus: o.vettingStatus,
  grade: o.grade,
  gradeValidUntil: o.gradeValidUntil,
  foundedAt: o.foundedAt,
  districtCode: o.districtCode,
  serviceDistrictCodes: o.serviceDistricts.map((d) => d.districtCode),
  unionCoverage: o.unionCoverage,
});

function admissionReason(checks: readonly AdmissionCheck[]): MatchReason {
  // "vetting" always applies; the others only when the need sets them.
  return { code: "match.reason.admission", params: { count: checks.length, rules: checks.map((c) => c.rule).join(",") } };
}

async function loadNeed(actor: MatchActor, projectId: string) {
  if (typeof projectId !== "string" || !projectId || projectId.length > 64) throw notFound();
  const p = await db.project.findUnique({
    where: { id: projectId },
    include: {
      category: { select: { nameZh: true } },
      district: { select: { nameZh: true, nameEn: true } },
      members: { select: { enterpriseId: true } },
    },
  });
  if (!p) throw notFound();
  const owners = p.isBundle ? p.members.map((m) => m.enterpriseId) : [p.enterpriseId];
  const allowed = actor.role === "BROKER" || (actor.role === "ENTERPRISE" && !!actor.enterpriseId && owners.includes(actor.enterpriseId));
  if (!allowed) throw notFound();
  return p;
}

type OrgScalarRow = Prisma.OrganizationGetPayload<{ select: typeof orgScalarSelect }>;
type Need = Awaited<ReturnType<typeof loadNeed>>;

/** One org's score and reasons for a need, from its scalar columns and fit; null when not admitted or no fit. */
function scoreOrg(p: Need, o: OrgScalarRow, catFit: boolean, serves: boolean, words: string[], keywords: string[], now: Date): OrgRecommendation | null {
  // Only "serves the need's district" matters to admission (mustServeDistrict) and to the score.
  const checks = checkAdmission(p, { ...o, serviceDistrictCodes: serves ? [p.districtCode] : [] }, now);
  if (!isAdmitted(checks)) return null;
  const reasons: MatchReason[] = [];
  let score = 0;

  if (words.length && keywords.length) {
    const pts = round1((ORG_WEIGHTS.text * words.length) / keywords.length);
    score += pts;
    reasons.push({ code: "match.reason.text", params: { words: words.join("、"), matched: words.length, total: keywords.length, points: pts } });
  }
  if (catFit) {
    score += ORG_WEIGHTS.category;
    reasons.push({ code: "match.reason.category", params: { category: p.categoryCode, points: ORG_WEIGHTS.category } });
  }
  const servesDistrict = serves;
  if (servesDistrict) {
    score += ORG_WEIGHTS.district;
    reasons.push({
      code: "match.reason.district",
      params: { district: p.districtCode, districtName: p.district?.nameZh ?? p.districtCode, districtNameEn: p.district?.nameEn ?? p.districtCode, points: ORG_WEIGHTS.district },
    });
  }
  if (score === 0) return null; // admitted but no fit at all: not a recommendation
  reasons.push({ code: "match.reason.vetted", params: {} });
  reasons.push(admissionReason(checks));
  const gradeValid = o.grade !== null && (o.gradeValidUntil === null || o.gradeValidUntil.getTime() > now.getTime());
  if (gradeValid && o.grade) {
    const pts = ORG_WEIGHTS.gradePerA * o.grade;
    score += pts;
    reasons.push({ code: "match.reason.grade", params: { grade: o.grade, points: pts } });
  }
  if (o.performanceScore != null) {
    const pts = round1(o.performanceScore * ORG_WEIGHTS.performance);
    score += pts;
    reasons.push({ code: "match.reason.performance", params: { score: round1(o.performanceScore), points: pts } });
  }
  if (isUnionCovered(o.unionCoverage)) {
    reasons.push({ code: p.unionRule === "PREFERRED" ? "match.reason.unionPreferred" : "match.reason.union", params: { coverage: o.unionCoverage } });
  }
  return {
    orgId: o.id,
    name: o.name,
    score: round1(score),
    reasons,
    grade: gradeValid ? o.grade : null,
    performanceScore: o.performanceScore == null ? null : round1(o.performanceScore),
    unionCoverage: o.unionCoverage,
    districtCode: o.districtCode,
    invited: false,
    hasBid: false,
  };
}

/** localeCompare(…, "zh-CN") builds a collator per call; one shared collator gives the same order. */
const byName = new Intl.Collator("zh-CN");

/** Pure ranking of candidate orgs for a need (exported for unit tests of the ordering rule). */
export function rankOrganizations<T extends { score: number; unionCoverage: string; name: string; orgId: string }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) =>
      b.score - a.score ||
      Number(isUnionCovered(b.unionCoverage)) - Number(isUnionCovered(a.unionCoverage)) ||
      byName.compare(a.name, b.name) ||
      (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0),
  );
}

/**
 * Recommended organizations for a need. Visible to the need's enterprise (a bundle: any member's
 * enterprise) and to brokers; anyone else gets a 404 DomainError.
 */
export async function recommendOrganizations(
  actor: MatchActor,
  projectId: string,
  opts: { limit?: number; engine?: SearchEngine; now?: Date } = {},
): Promise<{ projectId: string; project: { id: string; code: string; title: string; state: string }; keywords: string[]; items: OrgRecommendation[] }> {
  const limit = clampLimit(opts.limit);
  const now = opts.now ?? new Date();
  const p = await loadNeed(actor, projectId);
  const keywords = needKeywords(p.title, p.category?.nameZh ?? "");
  const text = await textMatches(opts.engine ?? getSearchEngine(), keywords);

  // Candidates: APPROVED orgs that fit on at least one criterion (text, category or district), from
  // the in-memory snapshot of the vetted organizations (matching-snapshot.server.ts; current as of
  // this call's read of the database's change stamp). Every fitting org gets its score without the
  // admission check (cheap arithmetic); they are then taken best-first, the admission conditions
  // checked and the reasons built, until the next score cannot reach the limit-th admitted one.
  const snap = await getOrgSnapshot();
  // Fit flags per org position: 1 = offers the category, 2 = based in / serves the district, 4 = text.
  const flags = new Uint8Array(snap.orgs.length);
  const touched: number[] = [];
  const mark = (i: number, bit: number) => {
    if (flags[i] === 0) touched.push(i);
    flags[i] |= bit;
  };
  for (const i of snap.byCategory.get(p.categoryCode) ?? []) mark(i, 1);
  for (const i of snap.byDistrict.get(p.districtCode) ?? []) mark(i, 2);
  for (const id of text.keys()) {
    const i = snap.position.get(id);
    if (i !== undefined) mark(i, 4);
  }
  // Scores are multiples of 0.1 in [0, 100]: bucket the fitting orgs by score (a counting sort, no
  // comparison sort of thousands of candidates).
  const textPts = (words: string[] | undefined) => (words?.length && keywords.length ? round1((ORG_WEIGHTS.text * words.length) / keywords.length) : 0);
  const perfPts = (x: number | null) => (x == null ? 0 : round1(x * ORG_WEIGHTS.performance));
  const nowMs = now.getTime();
  // Preallocated (dense): writing index ~900 of an empty array would make it a slow sparse array.
  const buckets: (number[] | null)[] = new Array<number[] | null>(1002).fill(null);
  for (const i of touched) {
    const o = snap.orgs[i];
    const f = flags[i];
    const gradeValid = o.grade !== null && (o.gradeValidUntil === null || o.gradeValidUntil.getTime() > nowMs);
    const quick =
      (f & 4 ? textPts(text.get(o.id)) : 0) +
      (f & 1 ? ORG_WEIGHTS.category : 0) +
      (f & 2 ? ORG_WEIGHTS.district : 0) +
      (gradeValid && o.grade ? ORG_WEIGHTS.gradePerA * o.grade : 0) +
      perfPts(o.performanceScore);
    if (quick <= 0) continue;
    (buckets[Math.min(1001, Math.round(quick * 10))] ??= []).push(i);
  }
  // Best bucket first: check admission and build the reasons until a bucket's score cannot reach the
  // limit-th admitted one (it, and every later one, then ranks after `limit` others whatever the tie-break).
  const candidates: OrgRecommendation[] = [];
  for (let b = buckets.length - 1; b >= 0; b--) {
    const bucket = buckets[b];
    if (!bucket) continue;
    if (candidates.length >= limit && b / 10 + 0.05 < candidates[limit - 1].score) break;
    for (const i of bucket) {
      const o = snap.orgs[i];
      const item = scoreOrg(p, { ...o, vettingStatus: "APPROVED" }, (flags[i] & 1) !== 0, (flags[i] & 2) !== 0, text.get(o.id) ?? [], keywords, now);
      if (item) candidates.push(item);
    }
    candidates.sort((x, y) => y.score - x.score);
  }
  const ids = [p.id, ...(p.bundleId ? [p.bundleId] : [])];
  const [invites, bids] = await Promise.all([
    db.projectInvitation.findMany({ where: { projectId: p.id }, select: { organizationId: true } }),
    db.bid.findMany({ where: { projectId: { in: ids } }, select: { organizationId: true } }),
  ]);
  const invited = new Set(invites.map((i) => i.organizationId));
  const bidders = new Set(bids.map((b) => b.organizationId));

  const items = rankOrganizations(candidates)
    .slice(0, limit)
    .map((i) => ({ ...i, invited: invited.has(i.orgId), hasBid: bidders.has(i.orgId) }));
  return {
    projectId: p.id,
    project: { id: p.id, code: p.code, title: p.title, state: p.state },
    keywords,
    items,
  };
}

/** Open projects recommended to an organization (its own user only; an unapproved org gets none). */
export async function recommendProjects(
  actor: MatchActor,
  opts: { limit?: number; now?: Date } = {},
): Promise<ProjectRecommendation[]> {
  if (actor.role !== "ORG" || !actor.organizationId) throw notFound();
  const limit = clampLimit(opts.limit);
  const now = opts.now ?? new Date();
  const org = await db.organization.findUnique({ where: { id: actor.organizationId }, select: orgSelect });
  if (!org || org.vettingStatus !== "APPROVED") return [];
  const cats = new Set(org.categories.map((c) => c.categoryCode));
  const awards = await db.award.findMany({ where: { organizationId: org.id }, select: { project: { select: { categoryCode: true } } } });
  const past = new Map<string, number>();
  for (const a of awards) past.set(a.project.categoryCode, (past.get(a.project.categoryCode) ?? 0) + 1);
  const districts = new Set([org.districtCode, ...org.serviceDistricts.map((d) => d.districtCode)]);
  const invites = await db.projectInvitation.findMany({ where: { organizationId: org.id }, select: { projectId: true } });
  const invited = new Set(invites.map((i) => i.projectId));

  // Candidates, exact top-`limit` without reading every open project. Apart from the invitation
  // bonus, a project's score depends only on its category (40 if the org offers it, +15 for past
  // work in it), on whether its district is one the org serves (+25) and on closing within 7 days
  // (+10). So the fitting open projects fall into classes (category, served or not), each with one
  // base score; inside a class, ordering by deadline IS the ranking order (closing soon first, then
  // deadline, then id). Each class is read by deadline (index state + category + deadline), best
  // classes first, until `limit` admitted projects of the class are read or a row's score can no
  // longer reach the limit-th best so far; a class whose best possible score cannot reach it is
  // skipped. Invited open projects (+10) are few and read and scored in full.
  const projectSelect = {
    id: true,
    categoryCode: true,
    districtCode: true,
    bidDeadline: true,
    minGrade: true,
    minYearsRegistered: true,
    mustServeDistrict: true,
    unionRule: true,
  } satisfies Prisma.ProjectSelect;
  type Row = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;
  type Scored = { p: Row; score: number; reasons: MatchReason[]; deadline: string | null };
  const scored: Scored[] = [];
  const seen = new Map<string, Scored | null>();
  const admissionOrg = toAdmissionOrg(org);
  const scoreProject = (p: Row): Scored | null => {
    const checks = checkAdmission(p, admissionOrg, now);
    if (!isAdmitted(checks)) return null;
    const reasons: MatchReason[] = [];
    let score = 0;
    if (cats.has(p.categoryCode)) {
      score += PROJECT_WEIGHTS.category;
      reasons.push({ code: "match.reason.category", params: { category: p.categoryCode, points: PROJECT_WEIGHTS.category } });
    }
    const pastCount = past.get(p.categoryCode) ?? 0;
    if (pastCount > 0) {
      score += PROJECT_WEIGHTS.pastWork;
      reasons.push({ code: "match.reason.pastWork", params: { category: p.categoryCode, count: pastCount, points: PROJECT_WEIGHTS.pastWork } });
    }
    if (districts.has(p.districtCode)) {
      score += PROJECT_WEIGHTS.district;
      // districtName / districtNameEn are filled in below, for the returned page only.
      reasons.push({ code: "match.reason.district", params: { district: p.districtCode, points: PROJECT_WEIGHTS.district } });
    }
    if (invited.has(p.id)) {
      score += PROJECT_WEIGHTS.invited;
      reasons.push({ code: "match.reason.invited", params: { points: PROJECT_WEIGHTS.invited } });
    }
    if (p.bidDeadline && p.bidDeadline.getTime() - now.getTime() <= CLOSING_SOON_MS) {
      score += PROJECT_WEIGHTS.closingSoon;
      reasons.push({ code: "match.reason.closingSoon", params: { points: PROJECT_WEIGHTS.closingSoon } });
    }
    reasons.push(admissionReason(checks));
    return { p, score: round1(score), reasons, deadline: p.bidDeadline ? p.bidDeadline.toISOString() : null };
  };
  /** Scores rows not seen yet; returns how many of `rows` are admitted. */
  const consider = (rows: Row[]): number => {
    let admitted = 0;
    for (const r of rows) {
      if (!seen.has(r.id)) {
        const x = scoreProject(r);
        seen.set(r.id, x);
        if (x) scored.push(x);
      }
      if (seen.get(r.id)) admitted++;
    }
    return admitted;
  };
  const kth = () => {
    if (scored.length < limit) return -Infinity;
    return scored.map((x) => x.score).sort((a, b) => b - a)[limit - 1];
  };
  const open = { state: "PUBLISHED" as const, bundleId: null, bids: { none: { organizationId: org.id } } } satisfies Prisma.ProjectWhereInput;

  if (invited.size) {
    consider(
      await db.project.findMany({
        where: { ...open, id: { in: [...invited] }, OR: [{ bidDeadline: null }, { bidDeadline: { gt: now } }] },
        select: projectSelect,
      }),
    );
  }
  const served = [...districts];
  const fitCats = [...new Set([...cats, ...past.keys()])];
  const classes: { base: number; where: Prisma.ProjectWhereInput }[] = [];
  for (const c of fitCats) {
    const base = (cats.has(c) ? PROJECT_WEIGHTS.category : 0) + (past.has(c) ? PROJECT_WEIGHTS.pastWork : 0);
    classes.push({ base: base + PROJECT_WEIGHTS.district, where: { categoryCode: c, districtCode: { in: served } } });
    classes.push({ base, where: { categoryCode: c, districtCode: { notIn: served } } });
  }
  classes.push({ base: PROJECT_WEIGHTS.district, where: { categoryCode: { notIn: fitCats }, districtCode: { in: served } } });
  classes.sort((a, b) => b.base - a.base);
  const pageSize = Math.max(2 * limit, 20);
  // Scores are whole numbers here: a bound below the limit-th score by more than float noise cannot tie it.
  const beaten = (bound: number) => bound + 0.05 < kth();
  for (const c of classes) {
    if (beaten(c.base + PROJECT_WEIGHTS.closingSoon)) continue;
    let admitted = 0;
    for (let skip = 0; admitted < limit; skip += pageSize) {
      const rows = await db.project.findMany({
        where: { ...open, ...c.where, bidDeadline: { gt: now } },
        select: projectSelect,
        orderBy: [{ bidDeadline: "asc" }, { id: "asc" }],
        skip,
        take: pageSize,
      });
      admitted += consider(rows);
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      const lastScore = c.base + (last.bidDeadline && last.bidDeadline.getTime() - now.getTime() <= CLOSING_SOON_MS ? PROJECT_WEIGHTS.closingSoon : 0);
      if (beaten(lastScore)) break;
    }
    // Projects without a deadline rank last in their class (and never "closing soon").
    for (let skip = 0; admitted < limit && !beaten(c.base); skip += pageSize) {
      const rows = await db.project.findMany({ where: { ...open, ...c.where, bidDeadline: null }, select: projectSelect, orderBy: { id: "asc" }, skip, take: pageSize });
      admitted += consider(rows);
      if (rows.length < pageSize) break;
    }
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999") ||
      (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0),
  );
  const page = scored.slice(0, limit);
  const details = await db.project.findMany({
    where: { id: { in: page.map((x) => x.p.id) } },
    select: { id: true, code: true, title: true, budgetFen: true, district: { select: { nameZh: true, nameEn: true } } },
  });
  const byId = new Map(details.map((d) => [d.id, d]));
  const items: ProjectRecommendation[] = [];
  for (const { p, score, reasons, deadline } of page) {
    const d = byId.get(p.id);
    if (!d) continue; // deleted between the two reads
    for (const r of reasons) {
      if (r.code !== "match.reason.district") continue;
      r.params = {
        district: p.districtCode,
        districtName: d.district?.nameZh ?? p.districtCode,
        districtNameEn: d.district?.nameEn ?? p.districtCode,
        points: PROJECT_WEIGHTS.district,
      };
    }
    items.push({
      projectId: p.id,
      code: d.code,
      title: d.title,
      categoryCode: p.categoryCode,
      districtCode: p.districtCode,
      budgetFen: d.budgetFen,
      bidDeadline: deadline,
      score,
      reasons,
    });
  }
  return items;
}

export interface InviteResult {
  invited: string[];
  alreadyInvited: string[];
}

/**
 * A broker invites organizations to bid on an open need: one ProjectInvitation per org (with the
 * reasons it was recommended for), a "project.invited" notification to the org's users and an audit
 * record. Idempotent: an org already invited is neither invited nor notified again. Every org must be
 * APPROVED and pass the need's admission conditions.
 */
export async function inviteToBid(
  broker: MatchActor,
  projectId: string,
  orgIds: readonly string[],
  reasons: Readonly<Record<string, readonly MatchReason[]>> = {},
  opts: { now?: Date } = {},
): Promise<InviteResult> {
  if (broker.role !== "BROKER") throw notFound();
  const ids = [...new Set(orgIds.filter((x) => typeof x === "string" && x.length > 0 && x.length <= 64))];
  if (ids.length === 0) throw new DomainError(422, "match.invite.noneSelected", { field: "orgId" });
  if (ids.length > MAX_LIMIT) throw new DomainError(422, "match.invite.tooMany", { field: "orgId", params: { max: MAX_LIMIT } });
  const now = opts.now ?? new Date();
  return transaction(async (tx: Tx) => {
    const p = await tx.project.findUnique({
      where: { id: projectId },
      select: { id: true, code: true, title: true, state: true, bundleId: true, bidDeadline: true, districtCode: true, minGrade: true, minYearsRegistered: true, mustServeDistrict: true, unionRule: true },
    });
    if (!p) throw notFound();
    if (p.state !== "PUBLISHED" || p.bundleId || (p.bidDeadline && p.bidDeadline.getTime() <= now.getTime())) {
      throw conflict("match.invite.notOpen");
    }
    const orgs = await tx.organization.findMany({ where: { id: { in: ids } }, select: orgSelect });
    if (orgs.length !== ids.length) throw new DomainError(422, "match.invite.unknownOrg", { field: "orgId" });
    for (const o of orgs) {
      if (!isAdmitted(checkAdmission(p, toAdmissionOrg(o), now))) {
        throw new DomainError(422, "match.invite.notAdmitted", { field: "orgId", params: { name: o.name } });
      }
    }
    const existing = await tx.projectInvitation.findMany({ where: { projectId: p.id, organizationId: { in: ids } }, select: { organizationId: true } });
    const already = new Set(existing.map((e) => e.organizationId));
    const fresh = ids.filter((id) => !already.has(id));
    for (const orgId of fresh) {
      await tx.projectInvitation.create({
        data: { projectId: p.id, organizationId: orgId, invitedById: broker.id, reasons: (reasons[orgId] ?? []) as unknown as Prisma.InputJsonValue },
      });
      await notify(tx, { organizationId: orgId }, "project.invited", { code: p.code, title: p.title }, `/projects/${p.id}`);
    }
    if (fresh.length) {
      await writeAudit(tx, {
        actorId: broker.id,
        actorRole: broker.role,
        action: "project.invite",
        entityType: "Project",
        entityId: p.id,
        after: { organizationIds: fresh },
      });
    }
    return { invited: fresh, alreadyInvited: ids.filter((id) => already.has(id)) };
  });
}
