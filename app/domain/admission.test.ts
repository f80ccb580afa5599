import { describe, expect, it } from "vitest";
import { checkAdmission, firstFailure, fullYearsBetween, isAdmitted, type AdmissionOrg, type AdmissionProject } from "./admission";

const now = new Date("2026-06-15T04:00:00Z");
const project = (o: Partial<AdmissionProject> = {}): AdmissionProject => ({
  districtCode: "yuhua",
  minGrade: null,
  minYearsRegistered: null,
  mustServeDistrict: false,
  unionRule: "NONE",
  ...o,
});
const org = (o: Partial<AdmissionOrg> = {}): AdmissionOrg => ({
  vettingStatus: "APPROVED",
  grade: 4,
  gradeValidUntil: new Date("2027-01-01T00:00:00Z"),
  foundedAt: new Date("2020-06-15T00:00:00Z"),
  districtCode: "furong",
  serviceDistrictCodes: ["yuhua", "kaifu"],
  unionCoverage: "JOINT_UNION",
  ...o,
});

describe("checkAdmission", () => {
  it("without conditions only vetting applies", () => {
    expect(checkAdmission(project(), org(), now)).toEqual([{ rule: "vetting", ok: true, params: { actual: "APPROVED" } }]);
    const r = checkAdmission(project(), org({ vettingStatus: "SUSPENDED" }), now);
    expect(firstFailure(r)?.rule).toBe("vetting");
  });

  it("minGrade: grade high enough and not expired", () => {
    const p = project({ minGrade: 4 });
    expect(isAdmitted(checkAdmission(p, org(), now))).toBe(true);
    expect(firstFailure(checkAdmission(p, org({ grade: 3 }), now))).toMatchObject({ rule: "minGrade", params: { required: 4, actual: 3, expired: 0 } });
    expect(firstFailure(checkAdmission(p, org({ grade: null }), now))).toMatchObject({ rule: "minGrade", params: { actual: 0 } });
    expect(firstFailure(checkAdmission(p, org({ grade: 5, gradeValidUntil: new Date("2026-06-01T00:00:00Z") }), now))).toMatchObject({
      rule: "minGrade",
      params: { expired: 1 },
    });
    expect(isAdmitted(checkAdmission(p, org({ grade: 5, gradeValidUntil: null }), now))).toBe(true);
  });

  it("minYearsRegistered counts whole years since founding", () => {
    expect(isAdmitted(checkAdmission(project({ minYearsRegistered: 6 }), org(), now))).toBe(true);
    expect(firstFailure(checkAdmission(project({ minYearsRegistered: 7 }), org(), now))).toMatchObject({ rule: "minYearsRegistered", params: { required: 7, actual: 6 } });
    expect(firstFailure(checkAdmission(project({ minYearsRegistered: 1 }), org({ foundedAt: null }), now))?.rule).toBe("minYearsRegistered");
    expect(fullYearsBetween(new Date("2020-06-16T00:00:00Z"), now)).toBe(5);
    expect(fullYearsBetween(new Date("2020-06-15T00:00:00Z"), now)).toBe(6);
    expect(fullYearsBetween(new Date("2030-01-01T00:00:00Z"), now)).toBe(0);
  });

  it("mustServeDistrict: home district or a service district", () => {
    const p = project({ mustServeDistrict: true, districtCode: "kaifu" });
    expect(isAdmitted(checkAdmission(p, org(), now))).toBe(true);
    expect(isAdmitted(checkAdmission(project({ mustServeDistrict: true, districtCode: "furong" }), org({ serviceDistrictCodes: [] }), now))).toBe(true);
    expect(firstFailure(checkAdmission(project({ mustServeDistrict: true, districtCode: "liuyang" }), org(), now))).toMatchObject({
      rule: "mustServeDistrict",
      params: { district: "liuyang" },
    });
  });

  it("union: REQUIRED excludes orgs without coverage; PREFERRED excludes nobody", () => {
    expect(firstFailure(checkAdmission(project({ unionRule: "REQUIRED" }), org({ unionCoverage: "NONE" }), now))?.rule).toBe("unionRequired");
    expect(isAdmitted(checkAdmission(project({ unionRule: "REQUIRED" }), org({ unionCoverage: "OWN_UNION" }), now))).toBe(true);
    expect(checkAdmission(project({ unionRule: "PREFERRED" }), org({ unionCoverage: "NONE" }), now)).toHaveLength(1);
  });

  it("reports every condition, in a stable order", () => {
    const all = checkAdmission(project({ minGrade: 5, minYearsRegistered: 10, mustServeDistrict: true, districtCode: "liuyang", unionRule: "REQUIRED" }), org({ unionCoverage: "NONE" }), now);
    expect(all.map((c) => [c.rule, c.ok])).toEqual([
      ["vetting", true],
      ["minGrade", false],
      ["minYearsRegistered", false],
      ["mustServeDistrict", false],
      ["unionRequired", false],
    ]);
  });
});
