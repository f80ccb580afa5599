// Settlement invoices and credit notes.
//
// Numbering: LB-<year>-<seq, 6 digits>, per Asia/Shanghai calendar year, WITHOUT GAPS and without
// duplicates, also under concurrent issuing: the number comes from InvoiceCounter, incremented by one
// atomic upsert inside the issuing transaction —
//   INSERT INTO "InvoiceCounter" (year, lastSeq) VALUES (y, 1)
//   ON CONFLICT (year) DO UPDATE SET lastSeq = lastSeq + 1 RETURNING lastSeq
// (the same statement on SQLite ≥ 3.35 and PostgreSQL). On PostgreSQL the row stays locked until the
// transaction ends, so concurrent issuers queue; on SQLite the write transaction is exclusive. A failed
// issue rolls the increment back with everything else, so no number is skipped; Invoice @@unique
// (year, seq) is the last line of defence against duplicates.
//
// An issued invoice is immutable (only payment status is recorded later); a correction is a credit
// note (kind CREDIT_NOTE, negative amount, creditOfId → the original) that reopens the instalment.
import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { writeAudit } from "./audit.server";
import { DomainError, badRequest, conflict, notFound } from "./errors";
import { type ActorRef } from "./indicators.server";
import { renderInvoicePdf, type InvoicePdfData } from "./invoice-pdf.server";
import { notify, transaction, type Recipients } from "./notifications.server";
import { formatFen } from "./money";
import { shanghaiYear } from "./scoring";

export const INVOICE_PREFIX = "LB";
export const MAX_TAX_RATE_BP = 1300;

export function formatInvoiceNumber(year: number, seq: number): string {
  return `${INVOICE_PREFIX}-${year}-${String(seq).padStart(6, "0")}`;
}

export function appUrl(): string {
  return (process.env.APP_URL || "http://localhost:3000").replace(/\/+$/, "");
}

/** Link of an invoice's page (for notifications). */
export const invoiceLink = (id: string) => `/invoices/${id}`;

function payerRecipients(payer: string | null | undefined, enterpriseId: string | null): Recipients {
  return payer === "ENTERPRISE" && enterpriseId ? { enterpriseId } : { role: "BROKER" };
}

export function verifyUrlFor(verifyToken: string): string {
  return `${appUrl()}/invoices/verify/${verifyToken}`;
}

/** Atomically takes the next sequence number of `year` inside the caller's transaction. */
export async function nextInvoiceSeq(tx: Tx, year: number): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ lastSeq: number | bigint }>>`
    INSERT INTO "InvoiceCounter" ("year", "lastSeq") VALUES (${year}, 1)
    ON CONFLICT ("year") DO UPDATE SET "lastSeq" = "InvoiceCounter"."lastSeq" + 1
    RETURNING "lastSeq"`;
  if (rows.length !== 1) throw new Error("invoice counter upsert returned no row");
  return Number(rows[0].lastSeq);
}

/** The union's own name and USCC (payer of UNION instalments), from Setting "union.profile". */
export async function unionProfile(client: Tx | typeof db = db): Promise<{ name: string; uscc: string | null }> {
  const s = await client.setting.findUnique({ where: { key: "union.profile" } });
  const v = (s?.value ?? {}) as { name?: unknown; uscc?: unknown };
  return {
    name: typeof v.name === "string" && v.name.trim() ? v.name.trim() : "长沙市总工会",
    uscc: typeof v.uscc === "string" && v.uscc.trim() ? v.uscc.trim() : null,
  };
}

async function defaultTaxRateBp(client: Tx | typeof db): Promise<number> {
  const s = await client.setting.findUnique({ where: { key: "invoice.taxRateBp" } });
  const v = typeof s?.value === "number" ? s.value : 0;
  return Number.isInteger(v) && v >= 0 && v <= MAX_TAX_RATE_BP ? v : 0;
}

/** Tax contained in a tax-inclusive amount: round(amount · rate / (1 + rate)), half away from zero. */
export function taxIncluded(amountFen: number, taxRateBp: number): number {
  if (taxRateBp === 0) return 0;
  const sign = amountFen < 0 ? -1 : 1;
  const abs = Math.abs(amountFen);
  return sign * Math.floor((abs * taxRateBp * 2 + (10000 + taxRateBp)) / (2 * (10000 + taxRateBp)));
}

const orgProjectFilter = (organizationId: string): Prisma.ProjectWhereInput => ({
  OR: [{ award: { organizationId } }, { bundle: { award: { organizationId } } }],
});

export interface IssueResult {
  id: string;
  number: string;
  verifyToken: string;
  alreadyIssued: boolean;
}

/**
 * ORG (the awarded organization): issues the invoice of a DUE instalment. Repeating the call for an
 * instalment that already has a live invoice returns that invoice (alreadyIssued) and changes nothing.
 */
export async function issueInvoice(actor: ActorRef, instalmentId: string, opts: { taxRateBp?: number; now?: Date } = {}): Promise<IssueResult> {
  if (actor.role !== "ORG" || !actor.organizationId) throw notFound();
  const organizationId = actor.organizationId;
  if (opts.taxRateBp !== undefined && (!Number.isInteger(opts.taxRateBp) || opts.taxRateBp < 0 || opts.taxRateBp > MAX_TAX_RATE_BP)) {
    throw badRequest("error.invoice.taxRate", "taxRateBp");
  }
  const result = await transaction(
    async (tx) => {
      const inst = await tx.instalment.findFirst({
        where: { id: instalmentId, project: orgProjectFilter(organizationId) },
        include: { project: { include: { enterprise: true } } },
      });
      if (!inst) throw notFound();
      const live = await tx.invoice.findFirst({ where: { instalmentId, kind: "INVOICE", credits: { none: {} } }, select: { id: true, number: true, verifyToken: true } });
      if (live) return { ...live, alreadyIssued: true };
      if (inst.state === "PENDING") throw conflict("error.invoice.notDue");
      if (inst.state !== "DUE") throw conflict("error.invoice.alreadyIssued");
      const claimed = await tx.instalment.updateMany({ where: { id: instalmentId, state: "DUE" }, data: { state: "INVOICED" } });
      if (claimed.count !== 1) {
        // A concurrent request (double click) claimed it first and has committed by now: return its invoice.
        const winner = await tx.invoice.findFirst({ where: { instalmentId, kind: "INVOICE", credits: { none: {} } }, select: { id: true, number: true, verifyToken: true } });
        if (winner) return { ...winner, alreadyIssued: true };
        throw conflict("error.invoice.alreadyIssued");
      }

      const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true, uscc: true } });
      let payer: { name: string; uscc: string | null };
      if (inst.payer === "ENTERPRISE") {
        if (!inst.project.enterprise) throw conflict("error.payment.payer");
        payer = { name: inst.project.enterprise.name, uscc: inst.project.enterprise.uscc };
      } else payer = await unionProfile(tx);
      const taxRateBp = opts.taxRateBp ?? (await defaultTaxRateBp(tx));
      const now = opts.now ?? new Date();
      const year = shanghaiYear(now);
      const seq = await nextInvoiceSeq(tx, year);
      const number = formatInvoiceNumber(year, seq);
      const verifyToken = randomBytes(16).toString("base64url");
      const inv = await tx.invoice.create({
        data: {
          number,
          year,
          seq,
          kind: "INVOICE",
          projectId: inst.projectId,
          instalmentId,
          payerName: payer.name,
          payerUscc: payer.uscc,
          payeeName: org.name,
          payeeUscc: org.uscc,
          amountFen: inst.amountFen,
          taxRateBp,
          taxFen: taxIncluded(inst.amountFen, taxRateBp),
          verifyToken,
          issuedById: actor.id,
          issuedAt: now,
        },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "invoice.issue",
        entityType: "Invoice",
        entityId: inv.id,
        after: { number, projectId: inst.projectId, instalmentId, seq: inst.seq, amountFen: inv.amountFen, taxRateBp, taxFen: inv.taxFen, payer: payer.name, payee: org.name },
      });
      await notify(tx, payerRecipients(inst.payer, inst.project.enterpriseId), "invoice.issued", { number, code: inst.project.code, title: inst.project.title, amount: formatFen(inv.amountFen), payee: org.name }, invoiceLink(inv.id), { exclude: [actor.id] });
      return { id: inv.id, number, verifyToken, alreadyIssued: false };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
  if (!result.alreadyIssued) await recordPdfHash(result.id);
  return result;
}

/** ORG: issues a credit note for an unpaid invoice (reason required); the instalment becomes DUE again. */
export async function issueCreditNote(actor: ActorRef, invoiceId: string, reason: string, opts: { now?: Date } = {}): Promise<IssueResult> {
  if (actor.role !== "ORG" || !actor.organizationId) throw notFound();
  const organizationId = actor.organizationId;
  const why = (reason ?? "").trim();
  if (!why) throw badRequest("error.required", "reason");
  if (why.length > 500) throw badRequest("error.tooLong", "reason");
  const result = await transaction(
    async (tx) => {
      const orig = await tx.invoice.findFirst({
        where: { id: invoiceId, project: orgProjectFilter(organizationId) },
        include: { instalment: { select: { payer: true } }, project: { select: { code: true, title: true, enterpriseId: true } } },
      });
      if (!orig) throw notFound();
      if (orig.kind !== "INVOICE") throw conflict("error.invoice.notInvoice");
      const existing = await tx.invoice.findFirst({ where: { creditOfId: orig.id }, select: { id: true, number: true, verifyToken: true } });
      if (existing) return { ...existing, alreadyIssued: true };
      if (orig.paidAt) throw conflict("error.invoice.paid");
      if (orig.instalmentId) {
        const reopened = await tx.instalment.updateMany({ where: { id: orig.instalmentId, state: "INVOICED" }, data: { state: "DUE" } });
        if (reopened.count !== 1) throw conflict("error.conflict");
      }
      const now = opts.now ?? new Date();
      const year = shanghaiYear(now);
      const seq = await nextInvoiceSeq(tx, year);
      const number = formatInvoiceNumber(year, seq);
      const verifyToken = randomBytes(16).toString("base64url");
      const cn = await tx.invoice.create({
        data: {
          number,
          year,
          seq,
          kind: "CREDIT_NOTE",
          creditOfId: orig.id,
          projectId: orig.projectId,
          instalmentId: orig.instalmentId,
          payerName: orig.payerName,
          payerUscc: orig.payerUscc,
          payeeName: orig.payeeName,
          payeeUscc: orig.payeeUscc,
          amountFen: -orig.amountFen,
          taxRateBp: orig.taxRateBp,
          taxFen: -orig.taxFen,
          verifyToken,
          issuedById: actor.id,
          issuedAt: now,
        },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "invoice.credit",
        entityType: "Invoice",
        entityId: cn.id,
        after: { number, creditOf: orig.number, amountFen: cn.amountFen },
        reason: why,
      });
      await notify(tx, payerRecipients(orig.instalment?.payer, orig.project.enterpriseId), "invoice.credited", { number, original: orig.number, code: orig.project.code, title: orig.project.title, reason: why.slice(0, 200) }, invoiceLink(cn.id), { exclude: [actor.id] });
      return { id: cn.id, number, verifyToken, alreadyIssued: false };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
  if (!result.alreadyIssued) await recordPdfHash(result.id);
  return result;
}

/** May the actor mark this invoice paid? UNION instalments: a broker; ENTERPRISE ones: that enterprise. */
function isPayer(actor: ActorRef, payer: string | null | undefined, enterpriseId: string | null): boolean {
  if (payer === "ENTERPRISE") return actor.role === "ENTERPRISE" && !!actor.enterpriseId && actor.enterpriseId === enterpriseId;
  return actor.role === "BROKER";
}

/** Payer: records payment (date, reference). Repeating with the same reference changes nothing. */
export async function markPaid(actor: ActorRef, invoiceId: string, input: { paidAt: Date; reference: string }): Promise<void> {
  const reference = (input.reference ?? "").trim();
  if (!reference) throw badRequest("error.required", "reference");
  if (reference.length > 100) throw badRequest("error.tooLong", "reference");
  if (!(input.paidAt instanceof Date) || Number.isNaN(input.paidAt.getTime())) throw badRequest("error.invalid", "paidAt");
  if (input.paidAt.getTime() > Date.now() + 86_400_000) throw badRequest("error.invoice.paidInFuture", "paidAt");
  await transaction(async (tx) => {
    const inv = await tx.invoice.findUnique({
      where: { id: invoiceId },
      include: {
        instalment: { select: { id: true, payer: true } },
        project: { select: { enterpriseId: true, code: true, title: true, award: { select: { organizationId: true } }, bundle: { select: { award: { select: { organizationId: true } } } } } },
        credits: { select: { id: true } },
      },
    });
    if (!inv || !isPayer(actor, inv.instalment?.payer, inv.project.enterpriseId)) throw notFound();
    if (inv.kind !== "INVOICE") throw conflict("error.invoice.notInvoice");
    if (inv.credits.length > 0) throw conflict("error.invoice.credited");
    const issuedDay = new Date(inv.issuedAt.getTime() - 86_400_000);
    if (input.paidAt < issuedDay) throw badRequest("error.invoice.paidBeforeIssue", "paidAt");
    const r = await tx.invoice.updateMany({ where: { id: invoiceId, paidAt: null }, data: { paidAt: input.paidAt, paymentRef: reference, markedPaidById: actor.id } });
    if (r.count !== 1) {
      if (inv.paymentRef === reference) return; // repeated request
      throw conflict("error.invoice.alreadyPaid");
    }
    if (inv.instalmentId) await tx.instalment.update({ where: { id: inv.instalmentId }, data: { state: "PAID" } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "invoice.paid",
      entityType: "Invoice",
      entityId: invoiceId,
      before: { paidAt: null },
      after: { number: inv.number, paidAt: input.paidAt, reference },
    });
    const payeeOrg = inv.project.award?.organizationId ?? inv.project.bundle?.award?.organizationId;
    if (payeeOrg) await notify(tx, { organizationId: payeeOrg }, "invoice.paid", { number: inv.number, code: inv.project.code, title: inv.project.title, amount: formatFen(inv.amountFen) }, invoiceLink(inv.id));
  });
}

export type InvoiceStatus = "UNPAID" | "PAID" | "CREDITED" | "CREDIT_NOTE";

export interface InvoiceListRow {
  id: string;
  number: string;
  kind: "INVOICE" | "CREDIT_NOTE";
  status: InvoiceStatus;
  issuedAt: Date;
  project: { id: string; code: string; title: string };
  instalmentSeq: number | null;
  payer: "UNION" | "ENTERPRISE" | null;
  payerName: string;
  payeeName: string;
  amountFen: number;
  taxFen: number;
  paidAt: Date | null;
  paymentRef: string | null;
  creditOfNumber: string | null;
}

const listInclude = {
  project: { select: { id: true, code: true, title: true } },
  instalment: { select: { seq: true, payer: true } },
  creditOf: { select: { number: true } },
  credits: { select: { id: true } },
} satisfies Prisma.InvoiceInclude;

type ListRecord = Prisma.InvoiceGetPayload<{ include: typeof listInclude }>;

function toListRow(r: ListRecord): InvoiceListRow {
  const status: InvoiceStatus = r.kind === "CREDIT_NOTE" ? "CREDIT_NOTE" : r.credits.length > 0 ? "CREDITED" : r.paidAt ? "PAID" : "UNPAID";
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status,
    issuedAt: r.issuedAt,
    project: r.project,
    instalmentSeq: r.instalment?.seq ?? null,
    payer: r.instalment?.payer ?? null,
    payerName: r.payerName,
    payeeName: r.payeeName,
    amountFen: r.amountFen,
    taxFen: r.taxFen,
    paidAt: r.paidAt,
    paymentRef: r.paymentRef,
    creditOfNumber: r.creditOf?.number ?? null,
  };
}

/** ORG: invoices it issued (money to receive), newest first. */
export async function listReceivables(actor: ActorRef, opts: { onlyOpen?: boolean } = {}): Promise<InvoiceListRow[]> {
  if (actor.role !== "ORG" || !actor.organizationId) return [];
  const rows = await db.invoice.findMany({
    where: { project: orgProjectFilter(actor.organizationId), ...(opts.onlyOpen ? { kind: "INVOICE", paidAt: null, credits: { none: {} } } : {}) },
    include: listInclude,
    orderBy: [{ year: "desc" }, { seq: "desc" }],
  });
  return rows.map(toListRow);
}

/** Payer: invoices to pay — ENTERPRISE: its projects' ENTERPRISE instalments; BROKER/ADMIN: UNION ones. */
export async function listPayables(actor: ActorRef, opts: { onlyOpen?: boolean } = {}): Promise<InvoiceListRow[]> {
  let where: Prisma.InvoiceWhereInput;
  if (actor.role === "ENTERPRISE" && actor.enterpriseId) where = { instalment: { payer: "ENTERPRISE" }, project: { enterpriseId: actor.enterpriseId } };
  else if (actor.role === "BROKER" || actor.role === "ADMIN") where = { instalment: { payer: "UNION" } };
  else return [];
  if (opts.onlyOpen) where = { ...where, kind: "INVOICE", paidAt: null, credits: { none: {} } };
  const rows = await db.invoice.findMany({ where, include: listInclude, orderBy: [{ year: "desc" }, { seq: "desc" }] });
  return rows.map(toListRow);
}

/** One invoice, if the actor may see it (payee org, the project's enterprise, broker, admin); else 404. */
export async function getInvoiceForUser(actor: ActorRef, invoiceId: string): Promise<InvoiceListRow & { taxRateBp: number; payerUscc: string | null; payeeUscc: string; verifyToken: string }> {
  const r = await db.invoice.findUnique({ where: { id: invoiceId }, include: { ...listInclude, project: { select: { id: true, code: true, title: true, enterpriseId: true } } } });
  if (!r) throw notFound();
  let ok = actor.role === "BROKER" || actor.role === "ADMIN";
  if (!ok && actor.role === "ENTERPRISE") ok = !!actor.enterpriseId && r.project.enterpriseId === actor.enterpriseId;
  if (!ok && actor.role === "ORG" && actor.organizationId) {
    ok = (await db.project.count({ where: { id: r.projectId, ...orgProjectFilter(actor.organizationId) } })) === 1;
  }
  if (!ok) throw notFound();
  return { ...toListRow(r), project: { id: r.project.id, code: r.project.code, title: r.project.title }, taxRateBp: r.taxRateBp, payerUscc: r.payerUscc, payeeUscc: r.payeeUscc, verifyToken: r.verifyToken };
}

/** Public verification page data (no personal data): is this a genuine invoice, and its status. */
export async function verifyInvoice(verifyToken: string): Promise<{
  number: string;
  kind: "INVOICE" | "CREDIT_NOTE";
  status: InvoiceStatus;
  issuedAt: Date;
  payerName: string;
  payeeName: string;
  amountFen: number;
  projectCode: string;
  pdfSha256: string | null;
} | null> {
  if (typeof verifyToken !== "string" || !/^[A-Za-z0-9_-]{16,64}$/.test(verifyToken)) return null;
  const r = await db.invoice.findUnique({ where: { verifyToken }, include: { ...listInclude } });
  if (!r) return null;
  const row = toListRow(r);
  return { number: r.number, kind: r.kind, status: row.status, issuedAt: r.issuedAt, payerName: r.payerName, payeeName: r.payeeName, amountFen: r.amountFen, projectCode: r.project.code, pdfSha256: r.pdfSha256 };
}

/** Everything the PDF shows, read from the stored (immutable) invoice. */
export async function invoicePdfData(invoiceId: string): Promise<InvoicePdfData> {
  const r = await db.invoice.findUnique({
    where: { id: invoiceId },
    include: { project: { select: { code: true, title: true } }, instalment: true, creditOf: { select: { number: true, issuedAt: true } } },
  });
  if (!r) throw notFound();
  const count = r.instalment ? await db.instalment.count({ where: { projectId: r.projectId } }) : 0;
  let creditReason: string | null = null;
  if (r.kind === "CREDIT_NOTE") {
    const a = await db.auditLog.findFirst({ where: { entityType: "Invoice", entityId: r.id, action: "invoice.credit" }, select: { reason: true } });
    creditReason = a?.reason ?? null;
  }
  return {
    kind: r.kind,
    number: r.number,
    issuedAt: r.issuedAt,
    payer: { name: r.payerName, uscc: r.payerUscc },
    payee: { name: r.payeeName, uscc: r.payeeUscc },
    project: r.project,
    instalment: r.instalment ? { seq: r.instalment.seq, count, percentBp: r.instalment.percentBp, trigger: r.instalment.trigger } : null,
    amountFen: r.amountFen,
    taxRateBp: r.taxRateBp,
    taxFen: r.taxFen,
    creditOf: r.creditOf,
    creditReason,
    verifyUrl: verifyUrlFor(r.verifyToken),
  };
}

/** Renders the PDF of an invoice the actor may see. */
export async function invoicePdfForUser(actor: ActorRef, invoiceId: string): Promise<{ fileName: string; pdf: Buffer }> {
  const inv = await getInvoiceForUser(actor, invoiceId);
  const pdf = await renderInvoicePdf(await invoicePdfData(invoiceId));
  return { fileName: `${inv.number}.pdf`, pdf };
}

/** Stores the sha256 of the invoice's PDF once (the PDF renders deterministically from stored data). */
async function recordPdfHash(invoiceId: string): Promise<void> {
  try {
    const pdf = await renderInvoicePdf(await invoicePdfData(invoiceId));
    const sha = createHash("sha256").update(pdf).digest("hex");
    await db.invoice.updateMany({ where: { id: invoiceId, pdfSha256: null }, data: { pdfSha256: sha } });
  } catch (e) {
    // The invoice stands without the hash; the PDF can be rendered again at any time.
    if (e instanceof DomainError) return;
    console.error("[invoices] could not render the PDF to record its hash", e);
  }
}
