import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { db } from "~/db.server";
import { allocateByPercent, createSchedule, getSchedule, refreshDueInstalments } from "./payments.server";
import {
  formatInvoiceNumber,
  invoicePdfData,
  issueCreditNote,
  issueInvoice,
  listPayables,
  listReceivables,
  getInvoiceForUser,
  markPaid,
  taxIncluded,
  verifyInvoice,
} from "./invoices.server";
import { renderInvoicePdf } from "./invoice-pdf.server";
import { makeAwardedProject, makeOrg, makeUser } from "../../tests/fixtures/evaluation";

describe("largest-remainder allocation", () => {
  it("sums exactly to the total", () => {
    expect(allocateByPercent(100, [3333, 3333, 3334])).toEqual([33, 33, 34]);
    expect(allocateByPercent(1, [5000, 5000])).toEqual([1, 0]);
    expect(allocateByPercent(4_800_000, [3000, 7000])).toEqual([1_440_000, 3_360_000]);
    expect(allocateByPercent(1_000_001, [3333, 3333, 3334])).toEqual([333_300, 333_300, 333_401]);
    for (const total of [0, 1, 7, 99, 12345, 99_999_999, 2_000_000_000]) {
      for (const bps of [[10000], [3000, 7000], [3333, 3333, 3334], [1, 1, 9998], [2500, 2500, 2500, 2500], Array(12).fill(833).concat([4]) as number[]]) {
        const a = allocateByPercent(total, bps);
        expect(a.reduce((x, y) => x + y, 0)).toBe(total);
        a.forEach((v, i) => expect(Math.abs(v - (total * bps[i]) / 10000)).toBeLessThan(1));
      }
    }
  });
});

describe("payment schedule", () => {
  it("validates percentages and payers, and makes instalments due by trigger", async () => {
    const f = await makeAwardedProject({ state: "AWARDED", awardFen: 1_000_001, fundingSource: "MIXED" });
    await expect(createSchedule(f.orgUser, f.project.id, [{ percentBp: 10000, trigger: "ON_AWARD", payer: "UNION" }])).rejects.toMatchObject({ status: 403 });
    await expect(
      createSchedule(f.broker, f.project.id, [{ percentBp: 3000, trigger: "ON_AWARD", payer: "UNION" }, { percentBp: 6999, trigger: "ON_ACCEPTANCE", payer: "UNION" }]),
    ).rejects.toMatchObject({ status: 400, code: "error.payment.percentSum" });
    const rows = await createSchedule(f.broker, f.project.id, [
      { percentBp: 3333, trigger: "ON_AWARD", payer: "UNION" },
      { percentBp: 3333, trigger: "ON_ACCEPTANCE", payer: "ENTERPRISE" },
      { percentBp: 3334, trigger: "ON_EVALUATION", payer: "UNION" },
    ]);
    expect(rows.map((r) => r.amountFen)).toEqual([333_300, 333_300, 333_401]);
    expect(rows.reduce((a, r) => a + r.amountFen, 0)).toBe(1_000_001);
    expect(rows.map((r) => r.state)).toEqual(["DUE", "PENDING", "PENDING"]);

    await db.project.update({ where: { id: f.project.id }, data: { state: "ACCEPTED" } });
    expect(await refreshDueInstalments(f.project.id)).toBe(1);
    expect(await refreshDueInstalments(f.project.id)).toBe(0);
    expect((await getSchedule(f.project.id)).map((r) => r.state)).toEqual(["DUE", "DUE", "PENDING"]);

    const u = await makeAwardedProject({ state: "AWARDED", fundingSource: "UNION_FUNDS" });
    await expect(createSchedule(u.broker, u.project.id, [{ percentBp: 10000, trigger: "ON_AWARD", payer: "ENTERPRISE" }])).rejects.toMatchObject({ status: 400, code: "error.payment.payer" });
  });

  it("is locked once an instalment is invoiced", async () => {
    const f = await makeAwardedProject({ state: "AWARDED" });
    const [i1] = await createSchedule(f.broker, f.project.id, [{ percentBp: 3000, trigger: "ON_AWARD", payer: "UNION" }, { percentBp: 7000, trigger: "ON_ACCEPTANCE", payer: "UNION" }]);
    await createSchedule(f.broker, f.project.id, [{ percentBp: 4000, trigger: "ON_AWARD", payer: "UNION" }, { percentBp: 6000, trigger: "ON_ACCEPTANCE", payer: "UNION" }]);
    const [j1] = await getSchedule(f.project.id);
    expect(j1.id).not.toBe(i1.id);
    await issueInvoice(f.orgUser, j1.id);
    await expect(createSchedule(f.broker, f.project.id, [{ percentBp: 10000, trigger: "ON_AWARD", payer: "UNION" }])).rejects.toMatchObject({ status: 409, code: "error.payment.scheduleLocked" });
  });
});

describe("invoices", () => {
  it("numbers per year without gaps or duplicates under concurrent issuing", async () => {
    const year = 2041; // a year no other test uses: the sequence must be exactly 1..20
    const now = new Date(`${year}-03-01T04:00:00Z`);
    const a = await makeAwardedProject({ state: "AWARDED", awardFen: 1_000_000 });
    const b = await makeAwardedProject({ state: "AWARDED", awardFen: 999_999 });
    const ten = Array.from({ length: 10 }, () => ({ percentBp: 1000, trigger: "ON_AWARD" as const, payer: "UNION" as const }));
    const ia = await createSchedule(a.broker, a.project.id, ten);
    const ib = await createSchedule(b.broker, b.project.id, ten);
    const jobs = [...ia.map((i) => issueInvoice(a.orgUser, i.id, { now })), ...ib.map((i) => issueInvoice(b.orgUser, i.id, { now }))];
    // plus a double click on one instalment: it must not produce a second invoice
    jobs.push(issueInvoice(a.orgUser, ia[0].id, { now }));
    const results = await Promise.all(jobs);
    const fresh = results.filter((r) => !r.alreadyIssued);
    expect(fresh).toHaveLength(20);
    const numbers = fresh.map((r) => r.number).sort();
    expect(new Set(numbers).size).toBe(20);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, k) => formatInvoiceNumber(year, k + 1)));
    const rows = await db.invoice.findMany({ where: { year }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    expect((await db.invoiceCounter.findUniqueOrThrow({ where: { year } })).lastSeq).toBe(20);
    expect(await db.instalment.count({ where: { projectId: { in: [a.project.id, b.project.id] }, state: "INVOICED" } })).toBe(20);
    expect(numbers[0]).toBe("LB-2041-000001");
  });

  it("refuses instalments that are not due, and other orgs' instalments", async () => {
    const f = await makeAwardedProject({ state: "AWARDED" });
    const [, later] = await createSchedule(f.broker, f.project.id, [{ percentBp: 3000, trigger: "ON_AWARD", payer: "UNION" }, { percentBp: 7000, trigger: "ON_ACCEPTANCE", payer: "UNION" }]);
    await expect(issueInvoice(f.orgUser, later.id)).rejects.toMatchObject({ status: 409, code: "error.invoice.notDue" });
    const other = await makeUser("ORG", { organizationId: (await makeOrg()).id });
    await expect(issueInvoice(other, later.id)).rejects.toMatchObject({ status: 404 });
    await expect(issueInvoice(f.broker, later.id)).rejects.toMatchObject({ status: 404 });
  });

  it("credit notes, payment, lists, verification", async () => {
    const f = await makeAwardedProject({ state: "ACCEPTED", awardFen: 4_800_000, fundingSource: "MIXED" });
    const [u, e] = await createSchedule(f.broker, f.project.id, [
      { percentBp: 3000, trigger: "ON_AWARD", payer: "UNION" },
      { percentBp: 7000, trigger: "ON_ACCEPTANCE", payer: "ENTERPRISE" },
    ]);
    const inv1 = await issueInvoice(f.orgUser, u.id, { taxRateBp: 300 });
    const stored1 = await db.invoice.findUniqueOrThrow({ where: { id: inv1.id } });
    expect(stored1).toMatchObject({ amountFen: 1_440_000, taxRateBp: 300, taxFen: taxIncluded(1_440_000, 300), payeeName: f.org.name, payeeUscc: f.org.uscc, payerName: "长沙市总工会" });
    expect(stored1.taxFen).toBe(41_942); // 1,440,000 × 3 / 103 = 41,941.7…
    expect(stored1.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    // the PDF renders byte-identically from the stored invoice
    const pdf = await renderInvoicePdf(await invoicePdfData(inv1.id));
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(stored1.pdfSha256);

    const inv2 = await issueInvoice(f.orgUser, e.id);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: inv2.id } })).payerName).toBe(f.enterprise.name);

    // wrong payers cannot mark paid (and do not learn the invoice exists)
    await expect(markPaid(f.entUser, inv1.id, { paidAt: new Date(), reference: "X" })).rejects.toMatchObject({ status: 404 });
    await expect(markPaid(f.broker, inv2.id, { paidAt: new Date(), reference: "X" })).rejects.toMatchObject({ status: 404 });
    const otherEnt = await makeUser("ENTERPRISE", { enterpriseId: (await makeAwardedProject()).enterprise.id });
    await expect(markPaid(otherEnt, inv2.id, { paidAt: new Date(), reference: "X" })).rejects.toMatchObject({ status: 404 });

    // a correction: credit note, instalment due again, new invoice with the next number
    await expect(issueCreditNote(f.orgUser, inv1.id, "  ")).rejects.toMatchObject({ status: 400 });
    const cn = await issueCreditNote(f.orgUser, inv1.id, "税率填写错误");
    const cnRow = await db.invoice.findUniqueOrThrow({ where: { id: cn.id } });
    expect(cnRow).toMatchObject({ kind: "CREDIT_NOTE", creditOfId: inv1.id, amountFen: -1_440_000, taxFen: -41_942 });
    expect((await issueCreditNote(f.orgUser, inv1.id, "again")).alreadyIssued).toBe(true);
    await expect(issueCreditNote(f.orgUser, cn.id, "x")).rejects.toMatchObject({ status: 409, code: "error.invoice.notInvoice" });
    expect((await db.instalment.findUniqueOrThrow({ where: { id: u.id } })).state).toBe("DUE");
    await expect(markPaid(f.broker, inv1.id, { paidAt: new Date(), reference: "X" })).rejects.toMatchObject({ status: 409, code: "error.invoice.credited" });
    const inv3 = await issueInvoice(f.orgUser, u.id, { taxRateBp: 0 });
    expect(inv3.number > cn.number).toBe(true);

    // payment
    await markPaid(f.broker, inv3.id, { paidAt: new Date(), reference: "工会转账 2026-001" });
    await markPaid(f.broker, inv3.id, { paidAt: new Date(), reference: "工会转账 2026-001" }); // repeat: no change
    await expect(markPaid(f.broker, inv3.id, { paidAt: new Date(), reference: "other" })).rejects.toMatchObject({ status: 409, code: "error.invoice.alreadyPaid" });
    expect((await db.instalment.findUniqueOrThrow({ where: { id: u.id } })).state).toBe("PAID");
    await markPaid(f.entUser, inv2.id, { paidAt: new Date(), reference: "企业网银 889" });
    await expect(issueCreditNote(f.orgUser, inv2.id, "x")).rejects.toMatchObject({ status: 409, code: "error.invoice.paid" });
    expect(await db.auditLog.count({ where: { entityType: "Invoice", action: "invoice.paid" } })).toBe(2);
    // notifications: the payer when issued, the payee when paid
    expect(await db.notification.count({ where: { userId: f.entUser.id, kind: "invoice.issued" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: f.broker.id, kind: "invoice.issued" } })).toBe(2);
    expect(await db.notification.count({ where: { userId: f.broker.id, kind: "invoice.credited" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: f.orgUser.id, kind: "invoice.paid" } })).toBe(2);

    // lists
    const rec = await listReceivables(f.orgUser);
    expect(rec.map((r) => [r.number, r.status])).toEqual([
      [inv3.number, "PAID"],
      [cn.number, "CREDIT_NOTE"],
      [inv2.number, "PAID"],
      [inv1.number, "CREDITED"],
    ].sort((x, y) => (x[0] < y[0] ? 1 : -1)));
    expect(await listReceivables(f.orgUser, { onlyOpen: true })).toEqual([]);
    expect((await listPayables(f.entUser)).map((r) => r.number)).toEqual([inv2.number]);
    const union = (await listPayables(f.broker)).map((r) => r.number);
    expect(union).toEqual(expect.arrayContaining([inv1.number, cn.number, inv3.number]));
    expect(union).not.toContain(inv2.number);
    expect(await listPayables(f.orgUser)).toEqual([]);

    // access and public verification
    await expect(getInvoiceForUser(otherEnt, inv2.id)).rejects.toMatchObject({ status: 404 });
    expect((await getInvoiceForUser(f.entUser, inv2.id)).number).toBe(inv2.number);
    const v = await verifyInvoice(inv1.verifyToken);
    expect(v).toMatchObject({ number: inv1.number, status: "CREDITED", payeeName: f.org.name, amountFen: 1_440_000 });
    expect(await verifyInvoice("nope")).toBeNull();
    expect(await verifyInvoice("A".repeat(22))).toBeNull();
  });
});
