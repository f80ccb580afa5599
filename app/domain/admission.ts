// 准入条件: whether an organization meets a project's admission conditions. Pure (no database):
// callers load the project and the organization (with its service districts) and pass them in.
import type { UnionCoverage, UnionRule, VettingStatus } from "~/generated/sqlite/enums";

export type AdmissionRule = "vetting" | "minGrade" | "minYearsRegistered" | "mustServeDistrict" | "unionRequired";

export interface AdmissionProject {
  districtCode: string;
  minGrade: number | null;
  minYearsRegistered: number | null;
  mustServeDistrict: boolean;
  unionRule: UnionRule;
}

export interface AdmissionOrg {
  vettingStatus: VettingStatus;
  grade: number | null;
  gradeValidUntil: Date | null;
  foundedAt: Date | null;
  districtCode: string;
  /** Codes of the districts the organization serves (OrganizationServiceDistrict). */
  serviceDistrictCodes: readonly string[];
  unionCoverage: UnionCoverage;
}

export interface AdmissionCheck {
  rule: AdmissionRule;
  ok: boolean;
  /** Values for the message `admission.<rule>` (required / actual). */
  params: Record<string, string | number>;
}

/** Whole years from `from` to `to` (birthday-style: the anniversary must have been reached). */
export function fullYearsBetween(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  const beforeAnniversary =
    to.getUTCMonth() < from.getUTCMonth() || (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate());
  if (beforeAnniversary) years -= 1;
  return Math.max(0, years);
}

/**
 * One entry per condition that applies to the project (vetting always applies). A project with
 * unionRule PREFERRED does not exclude anyone: it only ranks union-covered organizations first.
 */
export function checkAdmission(project: AdmissionProject, org: AdmissionOrg, now: Date = new Date()): AdmissionCheck[] {
  const checks: AdmissionCheck[] = [
    { rule: "vetting", ok: org.vettingStatus === "APPROVED", params: { actual: org.vettingStatus } },
  ];
  if (project.minGrade) {
    const gradeValid = org.grade !== null && (org.gradeValidUntil === null || org.gradeValidUntil.getTime() > now.getTime());
    const ok = gradeValid && (org.grade as number) >= project.minGrade;
    checks.push({
      rule: "minGrade",
      ok,
      params: {
        required: project.minGrade,
        actual: org.grade ?? 0,
        expired: org.grade !== null && !gradeValid ? 1 : 0,
      },
    });
  }
  if (project.minYearsRegistered) {
    const years = org.foundedAt ? fullYearsBetween(org.foundedAt, now) : 0;
    checks.push({
      rule: "minYearsRegistered",
      ok: org.foundedAt !== null && years >= project.minYearsRegistered,
      params: { required: project.minYearsRegistered, actual: years },
    });
  }
  if (project.mustServeDistrict) {
    const serves = org.districtCode === project.districtCode || org.serviceDistrictCodes.includes(project.districtCode);
    checks.push({ rule: "mustServeDistrict", ok: serves, params: { district: project.districtCode } });
  }
  if (project.unionRule === "REQUIRED") {
    checks.push({ rule: "unionRequired", ok: org.unionCoverage !== "NONE", params: { actual: org.unionCoverage } });
  }
  return checks;
}

/** The first failing condition, or null when the organization is admitted. */
export function firstFailure(checks: readonly AdmissionCheck[]): AdmissionCheck | null {
  return checks.find((c) => !c.ok) ?? null;
}

export function isAdmitted(checks: readonly AdmissionCheck[]): boolean {
  return checks.every((c) => c.ok);
}
