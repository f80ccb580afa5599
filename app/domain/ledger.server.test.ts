import { beforeAll, describe, expect, it } from "vitest";
import { db, databaseUrl, isPostgresUrl } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import { makeBroker, makeOrg, makeOrgWithUser } from "../../tests/fixtures/registry";
import { isDomainError } from "./errors";
import { ledgerDashboard, listOrganizations, parseLedgerFilter, buildOrgWhere, ledgerFilterToSearchParams } from "./ledger.server";
import { inviteOrgs, recordAttendance, scheduleMeeting } from "./meetings.server";
import type { DomainActor } from "./organizations.server";

const NOW = new Date("2026-11-20T04:00:00Z");
let broker: DomainActor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  broker = await makeBroker();
  const mk = async (key: string, o: Parameters<typeof makeOrg>[0]) => (ids[key] = (await makeOrg(o)).id);
  await mk("a", { name: "雨花法律援助中心", districtCode: "yuhua", categories: ["legal_aid"], vettingStatus: "APPROVED", grade: 4, unionCoverage: "OWN_UNION", createdAt: new Date("2026-01-15T00:00:00Z"), foundedAt: new Date("2015-06-01T00:00:00Z") });
  await mk("b", { name: "开福心理咨询服务社", districtCode: "kaifu", categories: ["psych_counselling", "legal_aid"], vettingStatus: "APPROVED", grade: 3, gradeValidUntil: new Date("2025-12-31T00:00:00Z"), unionCoverage: "JOINT_UNION", incubated: true, incubationDistrictCode: "kaifu", createdAt: new Date("2026-01-31T17:00:00Z") /* Feb 1 in Shanghai */, fundingSources: [{ source: "UNION", shareBp: 10000 }] });
  await mk("c", { name: "岳麓技能培训学校", districtCode: "yuelu", categories: ["skills_training"], vettingStatus: "PENDING", createdAt: new Date("2026-03-10T00:00:00Z"), fundingSources: null, foundedAt: null });
  await mk("d", { name: "雨花就业创业服务站", districtCode: "yuhua", categories: ["employment"], vettingStatus: "SUSPENDED", grade: 5, createdAt: new Date("2026-06-10T00:00:00Z"), industryFocus: "电子信息" });
  await mk("e", { name: "芙蓉工会干部学院", districtCode: "furong", categories: ["cadre_training", "skills_training"], vettingStatus: "REJECTED", createdAt: new Date("2026-06-11T00:00:00Z"), incubated: true, incubationDistrictCode: "yuhua" });
});

describe("ledger table", () => {
  it("filters by district, category, grade, grade status, union coverage, status, incubation and text", async () => {
    const q = async (f: Record<string, string>) => (await listOrganizations(broker, f, NOW)).rows.map((r) => r.id).sort();
    const sorted = (...k: string[]) => k.map((x) => ids[x]).sort();
    expect(await q({ district: "yuhua" })).toEqual(sorted("a", "d"));
    expect(await q({ category: "legal_aid" })).toEqual(sorted("a", "b"));
    expect(await q({ category: "skills_training", district: "furong" })).toEqual(sorted("e"));
    expect(await q({ grade: "3" })).toEqual(sorted("b"));
    expect(await q({ grade: "none" })).toEqual(sorted("c", "e"));
    expect(await q({ gradeStatus: "EXPIRED" })).toEqual(sorted("b"));
    expect(await q({ gradeStatus: "VALID" })).toEqual(sorted("a", "d"));
    expect(await q({ union: "JOINT_UNION" })).toEqual(sorted("b"));
    expect(await q({ status: "APPROVED" })).toEqual(sorted("a", "b"));
    expect(await q({ incubated: "yes" })).toEqual(sorted("b", "e"));
    expect(await q({ q: "雨花" })).toEqual(sorted("a", "d"));
    expect(await q({ q: "电子信息" })).toEqual(sorted("d"));
    expect(await q({ grade: "banana", status: "NOPE" })).toHaveLength(5); // junk params are ignored
  });

  it("paginates, decorates rows with grade status and attendance, and is staff only", async () => {
    const p1 = await listOrganizations(broker, { pageSize: "2", page: "1" }, NOW);
    const p3 = await listOrganizations(broker, { pageSize: "2", page: "3" }, NOW);
    expect(p1).toMatchObject({ total: 5, pages: 3, page: 1 });
    expect(p1.rows).toHaveLength(2);
    expect(p3.rows).toHaveLength(1);
    const beyond = await listOrganizations(broker, { pageSize: "2", page: "99" }, NOW);
    expect(beyond.page).toBe(3);
    const b = (await listOrganizations(broker, { q: "开福心理" }, NOW)).rows[0];
    expect(b.gradeInfo).toMatchObject({ status: "EXPIRED", label: "3A" });
    expect(b.district.nameZh).toBe("开福区");
    const { user } = await makeOrgWithUser();
    const e = await listOrganizations(user, {}, NOW).catch((x: unknown) => x);
    expect(isDomainError(e) && e.status).toBe(403);
    // Filter survives a round trip through URL params.
    const f = parseLedgerFilter(new URLSearchParams("district=yuhua&incubated=no&grade=4&page=2"));
    expect(parseLedgerFilter(ledgerFilterToSearchParams(f, { withPage: true }))).toEqual(f);
  });
});

describe("dashboard", () => {
  it("every number equals a direct database count", async () => {
    // Some meeting attendance, so the attendance numbers are non-trivial.
    const meeting = await scheduleMeeting(broker, { title: "上半年联席会", level: "CITY", scheduledAt: new Date("2026-06-30T02:00:00Z"), place: "市总工会", agenda: "工作交流" });
    await inviteOrgs(broker, meeting.id, [ids.a, ids.b, ids.d]);
    await recordAttendance(broker, meeting.id, [
      { organizationId: ids.a, attended: true },
      { organizationId: ids.b, attended: false },
    ]);

    for (const filter of [{}, { status: "APPROVED" }, { district: "yuhua" }, { category: "skills_training" }]) {
      const d = await ledgerDashboard(broker, filter, NOW);
      const where = buildOrgWhere(parseLedgerFilter(filter), NOW);
      const and = (w: object) => ({ AND: [where, w] });
      expect(d.total).toBe(await db.organization.count({ where }));
      for (const row of d.byDistrict) expect(row.count, row.key).toBe(await db.organization.count({ where: and({ districtCode: row.key }) }));
      for (const row of d.byCategory) {
        expect(row.count, row.key).toBe(await db.organization.count({ where: and({ categories: { some: { categoryCode: row.key } } }) }));
      }
      for (const row of d.byGrade) {
        expect(row.count, row.key).toBe(await db.organization.count({ where: and({ grade: row.key === "none" ? null : Number(row.key) }) }));
      }
      for (const row of d.byUnionCoverage) {
        expect(row.count).toBe(await db.organization.count({ where: and({ unionCoverage: row.key as "NONE" }) }));
      }
      for (const row of d.byVettingStatus) {
        expect(row.count).toBe(await db.organization.count({ where: and({ vettingStatus: row.key as "PENDING" }) }));
      }
      expect(d.incubated).toBe(await db.organization.count({ where: and({ incubated: true }) }));
      expect(d.byDistrict.reduce((s, r) => s + r.count, 0)).toBe(d.total);
      expect(d.byVettingStatus.reduce((s, r) => s + r.count, 0)).toBe(d.total);

      // Funding sources: straight SQL over the JSON column.
      const matching = (await db.organization.findMany({ where, select: { id: true } })).map((o) => o.id);
      const sql = isPostgresUrl(databaseUrl())
        ? `SELECT e->>'source' AS s, COUNT(*)::int AS c, SUM((e->>'shareBp')::int)::int AS bp FROM "Organization" o, jsonb_array_elements(o."fundingSources") e WHERE o.id = ANY($1) GROUP BY 1`
        : `SELECT json_extract(j.value, '$.source') AS s, COUNT(*) AS c, SUM(json_extract(j.value, '$.shareBp')) AS bp FROM "Organization" o, json_each(o."fundingSources") j WHERE o.id IN (SELECT value FROM json_each(?)) GROUP BY 1`;
      const raw = await db.$queryRawUnsafe<{ s: string; c: number | bigint; bp: number | bigint }[]>(
        sql,
        isPostgresUrl(databaseUrl()) ? matching : JSON.stringify(matching),
      );
      const direct = new Map(raw.map((r) => [r.s, { c: Number(r.c), bp: Number(r.bp) }]));
      for (const row of d.byFundingSource.filter((r) => r.key !== "none")) {
        expect(row.count, row.key).toBe(direct.get(row.key)?.c ?? 0);
        expect(row.shareBpSum, row.key).toBe(direct.get(row.key)?.bp ?? 0);
      }
      const none = d.byFundingSource.find((r) => r.key === "none")!;
      expect(none.count).toBe(await db.organization.count({ where: and({ fundingSources: { equals: Prisma.AnyNull } }) }));

      // Growth: each month's count is a date-range count (Asia/Shanghai months).
      for (const m of d.growthByCreated) {
        const [y, mo] = m.month.split("-").map(Number);
        const from = new Date(Date.UTC(y, mo - 1, 1) - 8 * 3600_000);
        const to = new Date(Date.UTC(y, mo, 1) - 8 * 3600_000);
        expect(m.count, m.month).toBe(await db.organization.count({ where: and({ createdAt: { gte: from, lt: to } }) }));
      }
      if (d.growthByCreated.length) expect(d.growthByCreated.at(-1)!.cumulative).toBe(d.total);
      expect(d.foundedUnknown).toBe(await db.organization.count({ where: and({ foundedAt: null }) }));

      const inv = await db.meetingInvitation.count({ where: { organization: where } });
      expect(d.attendance.invitations).toBe(inv);
      expect(d.attendance.attended).toBe(await db.meetingInvitation.count({ where: { organization: where, attended: true } }));
    }
  });

  it("buckets growth by Shanghai month and fills gaps", async () => {
    const d = await ledgerDashboard(broker, {}, NOW);
    const months = d.growthByCreated.map((m) => m.month);
    expect(months.slice(0, 6)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]);
    expect(d.growthByCreated.find((m) => m.month === "2026-02")!.count).toBeGreaterThanOrEqual(1); // org b: Jan 31 17:00 UTC = Feb 1 in Shanghai
    expect(d.growthByCreated.find((m) => m.month === "2026-04")!.count).toBe(0);
    const a = await listOrganizations(broker, { q: "雨花法律援助" }, NOW);
    expect(a.rows[0].attendance).toEqual({ invited: 1, attended: 1, absent: 0, unrecorded: 0 });
  });
});
