// One settlement invoice or credit note, for its parties only (payee organization, the project's
// enterprise, broker, admin; anyone else gets a 404). The PDF downloads from /invoices/:id/pdf. The
// payee organization may credit an unpaid invoice (红字结算单, with a reason); the payer — the enterprise
// for ENTERPRISE instalments, a broker for UNION ones — records the payment (date + reference).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ReactNode } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { requireUser, rethrowAsResponse } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Button, LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { FormError, TextField, Textarea } from "~/components/Field";
import { formatDate, formatDateTime, formatFen } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { InvoiceStatusBadge } from "~/components/evaluation/InvoiceBadges";
import { formatBp, shanghaiDate } from "~/components/evaluation/format";
import { creditNoteSchema, markPaidSchema, shanghaiDayStart } from "~/components/evaluation/schemas";
import { db } from "~/db.server";
import { fenToChineseCapital } from "~/domain/money";
import { getInvoiceForUser, issueCreditNote, markPaid, verifyUrlFor } from "~/domain/invoices.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ data: d, matches }) => {
  const number = (d as { invoice?: { number?: string } } | undefined)?.invoice?.number;
  return pageTitle(matches, "invoices.detail.title", { number: number ?? "" });
};

async function load(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  if (!id || id.length > 64) throw new Response(JSON.stringify({ code: "error.notFound" }), { status: 404 });
  try {
    return { user, invoice: await getInvoiceForUser(user, id) };
  } catch (e) {
    rethrowAsResponse(e);
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, invoice } = await load(request, params.id);
  const credits = await db.invoice.findMany({ where: { creditOfId: invoice.id }, select: { id: true, number: true, issuedAt: true } });
  const creditOf = invoice.creditOfNumber ? await db.invoice.findUnique({ where: { number: invoice.creditOfNumber }, select: { id: true } }) : null;
  const instalment = invoice.instalmentSeq !== null ? await db.invoice.findUnique({ where: { id: invoice.id }, select: { instalment: { select: { percentBp: true, trigger: true } } } }) : null;
  const unpaidInvoice = invoice.kind === "INVOICE" && invoice.status === "UNPAID";
  const isPayer = invoice.payer === "ENTERPRISE" ? user.role === "ENTERPRISE" : user.role === "BROKER";
  return {
    invoice: {
      id: invoice.id,
      number: invoice.number,
      kind: invoice.kind,
      status: invoice.status,
      issuedAt: invoice.issuedAt,
      project: invoice.project,
      instalmentSeq: invoice.instalmentSeq,
      instalment: instalment?.instalment ?? null,
      payer: invoice.payer,
      payerName: invoice.payerName,
      payerUscc: invoice.payerUscc,
      payeeName: invoice.payeeName,
      payeeUscc: invoice.payeeUscc,
      amountFen: invoice.amountFen,
      amountCapital: fenToChineseCapital(invoice.amountFen),
      taxRateBp: invoice.taxRateBp,
      taxFen: invoice.taxFen,
      paidAt: invoice.paidAt,
      paymentRef: invoice.paymentRef,
      creditOfNumber: invoice.creditOfNumber,
      creditOfId: creditOf?.id ?? null,
      verifyUrl: verifyUrlFor(invoice.verifyToken),
      verifyPath: `/invoices/verify/${invoice.verifyToken}`,
    },
    credits,
    canCredit: user.role === "ORG" && unpaidInvoice,
    canMarkPaid: isPayer && unpaidInvoice,
    today: shanghaiDate(new Date()),
  };
}

type ActionData = { form: "credit" | "paid"; result: SubmissionResult<string[]>; paid?: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const { user, invoice } = await load(request, params.id);
  const locale = getLocale(request);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "credit") {
    const submission = parseWithZod(formData, { schema: creditNoteSchema });
    if (submission.status !== "success") return data<ActionData>({ form: "credit", result: submission.reply() }, { status: 400 });
    try {
      const r = await issueCreditNote(user, invoice.id, submission.value.reason);
      return redirect(`/invoices/${r.id}?issued=1`, { status: 303 });
    } catch (e) {
      const reply = replyForDomainError(submission, e, locale, { fields: ["reason"] });
      if (!reply) throw e;
      return data<ActionData>({ form: "credit", result: reply.result }, { status: reply.status });
    }
  }

  const submission = parseWithZod(formData, { schema: markPaidSchema });
  if (submission.status !== "success") return data<ActionData>({ form: "paid", result: submission.reply() }, { status: 400 });
  const paidAt = shanghaiDayStart(submission.value.paidAt);
  if (!paidAt) return data<ActionData>({ form: "paid", result: submission.reply({ fieldErrors: { paidAt: ["error.invalid"] } }) }, { status: 400 });
  try {
    await markPaid(user, invoice.id, { paidAt, reference: submission.value.reference });
  } catch (e) {
    const reply = replyForDomainError(submission, e, locale, { fields: ["paidAt", "reference"] });
    if (!reply) throw e;
    return data<ActionData>({ form: "paid", result: reply.result }, { status: reply.status });
  }
  return data<ActionData>({ form: "paid", result: submission.reply({ resetForm: true }), paid: true });
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 border-b border-slate-100 py-2.5 sm:grid-cols-[10rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

export default function InvoiceDetail() {
  const { invoice, credits, canCredit, canMarkPaid, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  const isCredit = invoice.kind === "CREDIT_NOTE";

  const [creditForm, creditFields] = useForm({
    id: "credit-note",
    lastResult: actionData?.form === "credit" ? actionData.result : undefined,
    constraint: getZodConstraint(creditNoteSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: creditNoteSchema });
    },
  });
  const [paidForm, paidFields] = useForm({
    id: "mark-paid",
    lastResult: actionData?.form === "paid" ? actionData.result : undefined,
    constraint: getZodConstraint(markPaidSchema),
    defaultValue: { paidAt: today },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: markPaidSchema });
    },
  });

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link to="/invoices" className="text-brand-700 underline underline-offset-2">
              {t("invoices.title")}
            </Link>
            <span aria-hidden="true">/</span>
            <span>{isCredit ? t("invoices.kind.CREDIT_NOTE") : t("invoices.kind.INVOICE")}</span>
            <InvoiceStatusBadge status={invoice.status} />
          </span>
        }
        title={<span className="font-mono">{invoice.number}</span>}
        actions={
          <LinkButton to={`/invoices/${invoice.id}/pdf`} reloadDocument variant="primary">
            {t("invoices.pdf")}
          </LinkButton>
        }
      />
      {searchParams.get("issued") === "1" && <Alert tone="success">{t(isCredit ? "invoices.creditIssued" : "invoices.issued", { number: invoice.number })}</Alert>}
      {actionData?.form === "paid" && actionData.paid && <Alert tone="success">{t("invoices.paidSaved")}</Alert>}
      {isCredit && invoice.creditOfNumber && (
        <Alert tone="info">
          {t("invoices.creditOf")}{" "}
          {invoice.creditOfId ? (
            <Link to={`/invoices/${invoice.creditOfId}`} className="font-mono font-medium underline underline-offset-2">
              {invoice.creditOfNumber}
            </Link>
          ) : (
            <span className="font-mono">{invoice.creditOfNumber}</span>
          )}
        </Alert>
      )}
      {credits.length > 0 && (
        <Alert tone="warning">
          {t("invoices.creditedBy")}{" "}
          {credits.map((c) => (
            <Link key={c.id} to={`/invoices/${c.id}`} className="font-mono font-medium underline underline-offset-2">
              {c.number}
            </Link>
          ))}
        </Alert>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title={t("invoices.detail.fields")} className="lg:col-span-2">
          <dl>
            <Row label={t("invoices.col.issuedAt")}>{formatDate(invoice.issuedAt, t.locale)}</Row>
            <Row label={t("col.project")}>
              <Link to={`/projects/${invoice.project.id}/payments`} className="text-brand-700 underline-offset-2 hover:underline">
                <span className="mr-2 font-mono text-sm">{invoice.project.code}</span>
                {invoice.project.title}
              </Link>
            </Row>
            {invoice.instalmentSeq !== null && (
              <Row label={t("payments.col.seq")}>
                {t("payments.instalment", { n: invoice.instalmentSeq })}
                {invoice.instalment && ` · ${formatBp(invoice.instalment.percentBp, t.locale)} · ${t(`payments.trigger.${invoice.instalment.trigger as "ON_AWARD" | "ON_ACCEPTANCE" | "ON_EVALUATION"}`)}`}
              </Row>
            )}
            <Row label={t("invoices.col.payer")}>
              <span className="font-medium">{invoice.payerName}</span>
              <span className="block font-mono text-sm text-slate-600">{invoice.payerUscc ? t("invoices.uscc", { uscc: invoice.payerUscc }) : ""}</span>
            </Row>
            <Row label={t("invoices.col.payee")}>
              <span className="font-medium">{invoice.payeeName}</span>
              <span className="block font-mono text-sm text-slate-600">{t("invoices.uscc", { uscc: invoice.payeeUscc })}</span>
            </Row>
            <Row label={t("payments.amount")}>
              <span className="text-xl font-bold tabular-nums">{formatFen(invoice.amountFen)}</span>
              <span className="block text-sm text-slate-700">{t("invoices.capital", { capital: invoice.amountCapital })}</span>
            </Row>
            <Row label={t("invoices.tax")}>
              {invoice.taxRateBp === 0 ? t("invoices.taxExempt") : t("invoices.taxLine", { rate: formatBp(invoice.taxRateBp, t.locale), tax: formatFen(invoice.taxFen) })}
            </Row>
            {invoice.paidAt && (
              <Row label={t("invoices.paidAt")}>
                {formatDate(invoice.paidAt, t.locale)} · <span className="font-mono text-sm">{invoice.paymentRef}</span>
              </Row>
            )}
            <Row label={t("invoices.verify")}>
              <Link to={invoice.verifyPath} className="break-all text-sm text-brand-700 underline underline-offset-2">
                {invoice.verifyUrl}
              </Link>
            </Row>
          </dl>
        </Card>

        <div className="space-y-6">
          {canMarkPaid && (
            <Card title={t("invoices.markPaid")}>
              <Form method="post" className="space-y-4" {...getFormProps(paidForm)}>
                <FormError id={paidForm.errorId} errors={paidForm.errors} />
                <input type="hidden" name="intent" value="paid" />
                <TextField meta={paidFields.paidAt} label={t("invoices.paidAt")} type="date" max={today} />
                <TextField meta={paidFields.reference} label={t("invoices.reference")} hint={t("invoices.reference.hint")} autoComplete="off" />
                <Button type="submit" pending={busy === "paid"} pendingLabel={t("common.saving")}>
                  {t("invoices.markPaid.submit")}
                </Button>
              </Form>
            </Card>
          )}
          {canCredit && (
            <Card title={t("invoices.credit")}>
              <Form method="post" className="space-y-4" {...getFormProps(creditForm)}>
                <FormError id={creditForm.errorId} errors={creditForm.errors} />
                <input type="hidden" name="intent" value="credit" />
                <p className="text-sm text-slate-700">{t("invoices.credit.hint")}</p>
                <Textarea meta={creditFields.reason} label={t("invoices.credit.reason")} rows={3} />
                <Button type="submit" variant="danger" pending={busy === "credit"} pendingLabel={t("common.saving")}>
                  {t("invoices.credit.submit")}
                </Button>
              </Form>
            </Card>
          )}
          {!canMarkPaid && !canCredit && (
            <Card>
              <p className="text-sm text-slate-700">
                {invoice.status === "PAID"
                  ? t("invoices.state.paid", { at: invoice.paidAt ? formatDateTime(invoice.paidAt, t.locale) : "—" })
                  : invoice.status === "UNPAID"
                    ? t("invoices.state.awaiting")
                    : t("invoices.state.closed")}
              </p>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
