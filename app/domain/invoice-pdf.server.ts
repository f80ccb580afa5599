// Settlement invoice / credit note PDF (pdfkit, Noto Sans SC regular + bold, subsetted).
// Rendering is a pure function of InvoicePdfData: the document's dates are the issue date and no
// random ids are used, so the same invoice renders byte-identical PDFs (Invoice.pdfSha256 checks that).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { fenToChineseCapital, formatFen } from "./money";

const require = createRequire(import.meta.url);

let fontCache: { regular: Buffer; bold: Buffer } | null = null;

/** The Noto Sans SC TTFs (read once per process). Never import the package's index.js (Expo code). */
export function cjkFonts(): { regular: Buffer; bold: Buffer } {
  if (!fontCache) {
    fontCache = {
      regular: readFileSync(require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")),
      bold: readFileSync(require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf")),
    };
  }
  return fontCache;
}

/** Registers "cjk" and "cjk-bold" on a document and selects the regular face. */
export function registerCjkFonts(doc: PDFKit.PDFDocument): void {
  const f = cjkFonts();
  doc.registerFont("cjk", f.regular);
  doc.registerFont("cjk-bold", f.bold);
  doc.font("cjk");
}

/** Collects a finished pdfkit document into a Buffer. Call before doc.end(). */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/** Draws a QR code as vector squares (crisp at any zoom, deterministic). */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save();
  doc.rect(x, y, size, size).fill("#ffffff");
  doc.fillColor("#000000");
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill("#000000");
  doc.restore();
}

/** 2026-03-05T… → "2026年03月05日" (Asia/Shanghai). */
export function formatDateZh(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${s.slice(0, 4)}年${s.slice(5, 7)}月${s.slice(8, 10)}日`;
}

export const TRIGGER_LABEL_ZH: Record<string, string> = { ON_AWARD: "中标后支付", ON_ACCEPTANCE: "验收后支付", ON_EVALUATION: "绩效评价后支付" };

export interface InvoicePdfData {
  kind: "INVOICE" | "CREDIT_NOTE";
  number: string;
  issuedAt: Date;
  payer: { name: string; uscc: string | null };
  payee: { name: string; uscc: string };
  project: { code: string; title: string };
  instalment: { seq: number; count: number; percentBp: number; trigger: string } | null;
  /** Tax-inclusive amount in fen (negative on a credit note). */
  amountFen: number;
  taxRateBp: number;
  taxFen: number;
  creditOf?: { number: string; issuedAt: Date } | null;
  creditReason?: string | null;
  verifyUrl: string;
}

export async function renderInvoicePdf(d: InvoicePdfData): Promise<Buffer> {
  const isCredit = d.kind === "CREDIT_NOTE";
  const title = isCredit ? "红字结算单（冲销）" : "结算单（发票）";
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: {
      Title: `${title} ${d.number}`,
      Author: "工联桥 LaborBridge",
      Subject: `${d.project.code} ${d.project.title}`,
      Creator: "工联桥 LaborBridge",
      Producer: "工联桥 LaborBridge",
      CreationDate: d.issuedAt,
      ModDate: d.issuedAt,
    },
  });
  const done = pdfToBuffer(doc);
  registerCjkFonts(doc);

  const left = 50;
  const width = doc.page.width - 100;

  // Header
  doc.font("cjk-bold").fontSize(22).fillColor("#000000").text(title, left, 50, { width, align: "center" });
  doc.font("cjk").fontSize(10).fillColor("#555555").text(isCredit ? "Credit Note" : "Settlement Invoice", left, doc.y + 2, { width, align: "center" });
  doc.fillColor("#000000").fontSize(11);
  const metaY = doc.y + 14;
  doc.font("cjk-bold").text(`编号 No.：${d.number}`, left, metaY, { width: width / 2 });
  doc.font("cjk").text(`开具日期：${formatDateZh(d.issuedAt)}`, left + width / 2, metaY, { width: width / 2, align: "right" });

  // Table of fields
  let y = doc.y + 12;
  const labelW = 130;
  const row = (label: string, value: string, opts: { bold?: boolean; size?: number } = {}) => {
    const size = opts.size ?? 11;
    doc.font(opts.bold ? "cjk-bold" : "cjk").fontSize(size);
    const h = Math.max(doc.heightOfString(value, { width: width - labelW - 16 }), doc.heightOfString(label, { width: labelW - 12 })) + 12;
    doc.save().rect(left, y, labelW, h).fill("#f2f4f7").restore();
    doc.rect(left, y, width, h).lineWidth(0.6).strokeColor("#999999").stroke();
    doc.moveTo(left + labelW, y).lineTo(left + labelW, y + h).stroke();
    doc.fillColor("#333333").font("cjk").fontSize(10).text(label, left + 6, y + 6, { width: labelW - 12 });
    doc.fillColor("#000000").font(opts.bold ? "cjk-bold" : "cjk").fontSize(size).text(value, left + labelW + 8, y + 6, { width: width - labelW - 16 });
    y += h;
  };

  row("付款方", d.payer.name);
  row("付款方统一社会信用代码", d.payer.uscc ?? "—");
  row("收款方", d.payee.name);
  row("收款方统一社会信用代码", d.payee.uscc);
  row("项目编号", d.project.code);
  row("项目名称", d.project.title);
  if (d.instalment) {
    const pct = (d.instalment.percentBp / 100).toFixed(2).replace(/\.?0+$/, "");
    row("款项", `第 ${d.instalment.seq} 期（共 ${d.instalment.count} 期）· ${pct}% · ${TRIGGER_LABEL_ZH[d.instalment.trigger] ?? d.instalment.trigger}`);
  }
  if (isCredit && d.creditOf) {
    row("冲销原结算单", `${d.creditOf.number}（${formatDateZh(d.creditOf.issuedAt)}）`);
    if (d.creditReason) row("冲销原因", d.creditReason);
  }
  row("金额（小写）", formatFen(d.amountFen), { bold: true, size: 13 });
  row("金额（大写）", `人民币${fenToChineseCapital(d.amountFen)}`, { bold: true });
  const rateText = d.taxRateBp === 0 ? "0%（免税）" : `${(d.taxRateBp / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
  row("税率 / 税额", `税率 ${rateText}　税额 ${formatFen(d.taxFen)}　不含税金额 ${formatFen(d.amountFen - d.taxFen)}`);

  // Verification QR code
  const qrSize = 110;
  const qrY = y + 20;
  drawQrCode(doc, d.verifyUrl, left + width - qrSize, qrY, qrSize);
  doc.font("cjk-bold").fontSize(11).fillColor("#000000").text("扫码验证真伪", left, qrY + 4, { width: width - qrSize - 20 });
  doc.font("cjk").fontSize(9).fillColor("#333333").text(`验证地址：${d.verifyUrl}`, left, doc.y + 4, { width: width - qrSize - 20 });
  doc.text("本结算单由工联桥平台开具，编号按年度连续生成；开具后不可修改，更正须开具红字结算单冲销。", left, doc.y + 8, { width: width - qrSize - 20 });

  doc.end();
  return done;
}
