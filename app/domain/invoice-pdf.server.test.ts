import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSchedule } from "./payments.server";
import { invoicePdfData, invoicePdfForUser, issueCreditNote, issueInvoice } from "./invoices.server";
import { renderInvoicePdf, type InvoicePdfData } from "./invoice-pdf.server";
import { fenToChineseCapital, formatFen } from "./money";
import { makeAwardedProject } from "../../tests/fixtures/evaluation";

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "lb-pdf-"));
  try {
    const file = join(dir, "x.pdf");
    writeFileSync(file, pdf);
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const squash = (s: string) => s.replace(/\s+/g, "");

describe("invoice PDF", () => {
  it("shows every Chinese field (pdftotext)", async () => {
    const f = await makeAwardedProject({ state: "AWARDED", awardFen: 4_800_000, title: "一线职工电工技能提升培训" });
    const [first] = await createSchedule(f.broker, f.project.id, [
      { percentBp: 3000, trigger: "ON_AWARD", payer: "UNION" },
      { percentBp: 7000, trigger: "ON_ACCEPTANCE", payer: "UNION" },
    ]);
    const inv = await issueInvoice(f.orgUser, first.id, { taxRateBp: 300 });
    const { fileName, pdf } = await invoicePdfForUser(f.orgUser, inv.id);
    expect(fileName).toBe(`${inv.number}.pdf`);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeLessThan(200_000); // fonts are subsetted
    const text = squash(pdfText(pdf));
    const data = await invoicePdfData(inv.id);
    for (const s of [
      "结算单（发票）",
      inv.number,
      "开具日期",
      "付款方",
      "长沙市总工会",
      "收款方",
      f.org.name,
      "统一社会信用代码",
      f.org.uscc,
      "项目编号",
      f.project.code,
      "项目名称",
      "一线职工电工技能提升培训",
      "第1期（共2期）",
      "30%",
      "中标后支付",
      "金额（小写）",
      formatFen(1_440_000), // ¥14,400.00
      "金额（大写）",
      `人民币${fenToChineseCapital(1_440_000)}`, // 人民币壹万肆仟肆佰元整
      "税率",
      "3%",
      "税额",
      formatFen(41_942),
      "扫码验证真伪",
      data.verifyUrl,
    ]) {
      expect(text, s).toContain(squash(s));
    }
    expect(text).toContain("壹万肆仟肆佰元整");
    expect(data.verifyUrl).toMatch(/\/invoices\/verify\/[A-Za-z0-9_-]{22}$/);

    const cn = await issueCreditNote(f.orgUser, inv.id, "税率填写错误，需重开");
    const cnText = squash(pdfText((await invoicePdfForUser(f.orgUser, cn.id)).pdf));
    for (const s of ["红字结算单（冲销）", cn.number, "冲销原结算单", inv.number, "冲销原因", "税率填写错误，需重开", `-${formatFen(1_440_000)}`, "负壹万肆仟肆佰元整"]) {
      expect(cnText, s).toContain(squash(s));
    }
  });

  it("renders deterministically and wraps long names", async () => {
    const data: InvoicePdfData = {
      kind: "INVOICE",
      number: "LB-2026-000123",
      issuedAt: new Date("2026-03-05T02:00:00Z"),
      payer: { name: "湖南省长沙市某某装备制造股份有限公司工会委员会（这是一个很长很长的名称用于测试自动换行）", uscc: "91430100MA4L000000" },
      payee: { name: "长沙市心桥社会工作服务中心", uscc: "52430100MJ0000000X" },
      project: { code: "XQ-2026-0001", title: "心理咨询" },
      instalment: { seq: 2, count: 2, percentBp: 7000, trigger: "ON_ACCEPTANCE" },
      amountFen: 3_360_000,
      taxRateBp: 0,
      taxFen: 0,
      verifyUrl: "http://localhost:3000/invoices/verify/abcdefghijklmnopqrstuv",
    };
    const a = await renderInvoicePdf(data);
    const b = await renderInvoicePdf(data);
    expect(a.equals(b)).toBe(true);
    const text = squash(pdfText(a));
    expect(text).toContain(squash(data.payer.name));
    expect(text).toContain("0%（免税）");
    expect(text).toContain("验收后支付");
    expect(text).toContain("2026年03月05日");
  });
});
