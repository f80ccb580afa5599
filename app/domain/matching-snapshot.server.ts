// The vetted organizations as matching sees them, held in memory (a read model of the database).
//
// recommendOrganizations scores every APPROVED organization that fits a need. Reading them from the
// database on every call costs a scan with two correlated sub-queries per page; with 10,000
// organizations that alone was most of the 50 ms budget. This snapshot keeps, per APPROVED org, the
// columns matching uses (grade, validity, founding date, district, union coverage, performance score,
// name) and its categories and service districts, so a recommendation is a loop over arrays.
//
// Freshness: the database keeps a random stamp in ChangeStamp('organizations'), redrawn by triggers
// on every insert / delete of an organization, category or service-district row, and on every update
// of a column listed above (see the `matching_stamp` migration, SQLite and PostgreSQL). Each call
// reads the stamp (one primary-key lookup); a different stamp means the snapshot is rebuilt before
// use. So a change made by any writer (this instance, another instance, a script, a restore) is seen
// by the next recommendation, not after a timeout. The stamp is read BEFORE the rows: a change
// committed in between makes the snapshot newer than its stamp, and the next call rebuilds again.
import { db } from "~/db.server";
import type { UnionCoverage } from "~/generated/sqlite/enums";

export interface SnapshotOrg {
  id: string;
  name: string;
  grade: number | null;
  gradeValidUntil: Date | null;
  foundedAt: Date | null;
  districtCode: string;
  unionCoverage: UnionCoverage;
  performanceScore: number | null;
  categories: readonly string[];
  serviceDistricts: readonly string[];
}

export interface OrgSnapshot {
  stamp: string;
  /** APPROVED organizations only (nothing else can be recommended). */
  orgs: readonly SnapshotOrg[];
  /** Position in `orgs` by organization id. */
  position: ReadonlyMap<string, number>;
  /** Positions in `orgs` of the orgs offering a category. */
  byCategory: ReadonlyMap<string, readonly number[]>;
  /** Positions in `orgs` of the orgs based in or serving a district. */
  byDistrict: ReadonlyMap<string, readonly number[]>;
}

const SCOPE = "organizations";
const g = globalThis as unknown as { __lbOrgSnapshot?: { current?: OrgSnapshot; loading?: Promise<OrgSnapshot>; loadingStamp?: string; loads: number } };
const state = (g.__lbOrgSnapshot ??= { loads: 0 });

async function readStamp(): Promise<string> {
  const row = await db.changeStamp.findUnique({ where: { scope: SCOPE }, select: { stamp: true } });
  // A database without the row (should not happen after migrations): never trust a snapshot.
  return row ? String(row.stamp) : `missing:${Date.now()}:${Math.random()}`;
}

async function load(stamp: string): Promise<OrgSnapshot> {
  const [rows, cats, dists] = await Promise.all([
    db.organization.findMany({
      where: { vettingStatus: "APPROVED" },
      select: { id: true, name: true, grade: true, gradeValidUntil: true, foundedAt: true, districtCode: true, unionCoverage: true, performanceScore: true },
      orderBy: { id: "asc" },
    }),
    db.organizationCategory.findMany({ where: { organization: { vettingStatus: "APPROVED" } }, select: { organizationId: true, categoryCode: true } }),
    db.organizationServiceDistrict.findMany({ where: { organization: { vettingStatus: "APPROVED" } }, select: { organizationId: true, districtCode: true } }),
  ]);
  const catsBy = new Map<string, string[]>();
  for (const c of cats) (catsBy.get(c.organizationId) ?? catsBy.set(c.organizationId, []).get(c.organizationId)!).push(c.categoryCode);
  const distsBy = new Map<string, string[]>();
  for (const d of dists) (distsBy.get(d.organizationId) ?? distsBy.set(d.organizationId, []).get(d.organizationId)!).push(d.districtCode);
  // An explicit literal (not a spread of the query row): every snapshot object gets the same fast
  // shape, so the per-call loop over thousands of them reads properties at full speed (a spread of
  // the row measured ~5× slower in that loop).
  const orgs: SnapshotOrg[] = rows.map((o) => ({
    id: o.id,
    name: o.name,
    grade: o.grade,
    gradeValidUntil: o.gradeValidUntil,
    foundedAt: o.foundedAt,
    districtCode: o.districtCode,
    unionCoverage: o.unionCoverage,
    performanceScore: o.performanceScore,
    categories: catsBy.get(o.id) ?? [],
    serviceDistricts: distsBy.get(o.id) ?? [],
  }));
  const byCategory = new Map<string, number[]>();
  const byDistrict = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, i: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  orgs.forEach((o, i) => {
    for (const c of o.categories) push(byCategory, c, i);
    push(byDistrict, o.districtCode, i);
    for (const d of o.serviceDistricts) push(byDistrict, d, i);
  });
  state.loads++;
  return { stamp, orgs, position: new Map(orgs.map((o, i) => [o.id, i])), byCategory, byDistrict };
}

/** The current snapshot: reused while the database's stamp is unchanged, rebuilt (once, shared by concurrent callers) otherwise. */
export async function getOrgSnapshot(): Promise<OrgSnapshot> {
  const stamp = await readStamp();
  if (state.current?.stamp === stamp) return state.current;
  if (state.loading && state.loadingStamp === stamp) return state.loading;
  const p = load(stamp);
  state.loading = p;
  state.loadingStamp = stamp;
  try {
    const snap = await p;
    // A slower, older load must not replace a newer one.
    if (!state.current || state.loading === p) state.current = snap;
    return snap;
  } finally {
    if (state.loading === p) {
      state.loading = undefined;
      state.loadingStamp = undefined;
    }
  }
}

/** How many times the snapshot was built in this process (tests and the benchmark). */
export function orgSnapshotLoads(): number {
  return state.loads;
}
