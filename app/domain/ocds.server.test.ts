import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { db } from "~/db.server";
import { createSchedule } from "./payments.server";
import { issueInvoice, markPaid } from "./invoices.server";
import { ocdsReleasePackage, scrubPersonalData, validateOcdsReleasePackage } from "./ocds.server";
import { makeAwardedProject } from "../../tests/fixtures/evaluation";

describe("OCDS release package", () => {
  it("validates against the shipped OCDS 1.1 schema and carries no personal data", async () => {
    const a = await makeAwardedProject({ state: "IN_DELIVERY", awardFen: 4_800_000, fundingSource: "UNION_FUNDS" });
    const b = await makeAwardedProject({ state: "EVALUATED", awardFen: 1_234_567, fundingSource: "ENTERPRISE_SELF", districtCode: "kaifu" });
    const c = await makeAwardedProject({ state: "ACCEPTED", fundingSource: "MIXED" });
    // a losing bidder
    await db.bid.create({ data: { projectId: a.project.id, organizationId: c.org.id, amountFen: 4_900_000, plan: "p", timeline: "t", team: "t", state: "LOST" } });
    // a paid instalment → an implementation transaction
    const [inst] = await createSchedule(b.broker, b.project.id, [{ percentBp: 10000, trigger: "ON_AWARD", payer: "ENTERPRISE" }]);
    const inv = await issueInvoice(b.orgUser, inst.id);
    await markPaid(b.entUser, inv.id, { paidAt: new Date(), reference: "网银 123" });
    // a project without award is not exported
    await db.project.create({ data: { code: "XQ-2026-NOAWARD", title: "未中标", description: "-", categoryCode: "legal_aid", districtCode: "yuhua", beneficiariesPlanned: 5, budgetFen: 100, fundingSource: "UNION_FUNDS", state: "PUBLISHED" } });

    const pkg = await ocdsReleasePackage();
    const v = validateOcdsReleasePackage(pkg);
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);

    const releases = pkg.releases as Array<Record<string, any>>;
    expect(releases).toHaveLength(3);
    const rb = releases.find((r) => r.tender.id === b.project.code)!;
    expect(rb.ocid).toBe(`ocds-lbcs01-${b.project.code}`);
    expect(rb.awards[0].value).toEqual({ amount: 12345.67, currency: "CNY" });
    expect(rb.contracts[0].status).toBe("terminated");
    expect(rb.contracts[0].implementation.transactions).toEqual([
      expect.objectContaining({ id: inv.number, value: { amount: 12345.67, currency: "CNY" }, payee: { id: `CN-USCC-${b.org.uscc}`, name: b.org.name } }),
    ]);
    expect(rb.tag).toEqual(["award", "contract", "implementation"]);
    expect(rb.buyer.name).toBe(b.enterprise.name);
    const ra = releases.find((r) => r.tender.id === a.project.code)!;
    expect(ra.tender.numberOfTenderers).toBe(2);
    expect(ra.parties.find((p: any) => p.id === `CN-USCC-${a.org.uscc}`).roles).toEqual(expect.arrayContaining(["supplier", "tenderer", "payee"]));
    expect(ra.buyer.name).toBe("长沙市总工会");

    // no personal data anywhere
    const json = JSON.stringify(pkg);
    const users = await db.user.findMany({ select: { email: true, displayName: true, phone: true } });
    for (const u of users) {
      expect(json).not.toContain(u.email);
      expect(json).not.toContain(u.displayName);
      if (u.phone) expect(json).not.toContain(u.phone);
    }
    for (const s of ["张联系", "王联系", "李法人", "13900139000", "13700137000", "13912345678", "zhangsan@example.com", "张三", "contactPoint"]) expect(json).not.toContain(s);

    // filters
    const kaifu = await ocdsReleasePackage({ districtCode: "kaifu" });
    expect((kaifu.releases as unknown[]).length).toBe(1);
    expect(validateOcdsReleasePackage(kaifu).valid).toBe(true);
    expect(((await ocdsReleasePackage({ year: 2020 })).releases as unknown[]).length).toBe(0);
  });

  it("the shipped schema rejects invalid packages", async () => {
    const a = await makeAwardedProject();
    const pkg = (await ocdsReleasePackage()) as Record<string, any>;
    const clone = () => JSON.parse(JSON.stringify(pkg));
    const bad1 = clone();
    delete bad1.releases[0].ocid;
    expect(validateOcdsReleasePackage(bad1).valid).toBe(false);
    const bad2 = clone();
    bad2.releases[0].awards[0].value.currency = "RMB";
    expect(validateOcdsReleasePackage(bad2).valid).toBe(false);
    const bad3 = clone();
    bad3.version = "1.1.5";
    expect(validateOcdsReleasePackage(bad3).valid).toBe(false);
    const bad4 = clone();
    bad4.releases[0].tag = ["awarded"];
    expect(validateOcdsReleasePackage(bad4).valid).toBe(false);
    const bad5 = clone();
    delete bad5.releases[0].contracts[0].awardID;
    expect(validateOcdsReleasePackage(bad5).valid).toBe(false);
    const bad6 = clone();
    bad6.publishedDate = "yesterday";
    expect(validateOcdsReleasePackage(bad6).valid).toBe(false);
    expect(a.project.code).toBeTruthy();
  });

  it("ships the schema files with their canonical ids", () => {
    const pkg = JSON.parse(readFileSync("docs/ocds/release-package-schema.json", "utf8"));
    const rel = JSON.parse(readFileSync("docs/ocds/release-schema.json", "utf8"));
    expect(pkg.$schema).toBe("http://json-schema.org/draft-04/schema#");
    expect(pkg.properties.releases.items.$ref).toBe(rel.id);
    expect(rel.required).toEqual(["ocid", "id", "date", "tag", "initiationType"]);
  });

  it("scrubs phones and e-mails from free text", () => {
    expect(scrubPersonalData("联系张三 13912345678 或 0731-88886666，邮箱 a.b@c.cn")).toBe("联系张三 ［已隐去］ 或 ［已隐去］，邮箱 ［已隐去］");
  });
});
