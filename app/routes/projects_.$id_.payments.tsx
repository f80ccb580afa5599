// Payment schedule of an awarded project (instalments: % of the award, trigger, payer) and its
// invoices. Parties see it (broker, admin, the project's enterprise, the awarded organization); the
// BROKER sets or replaces it while nothing has been invoiced. Percentages must add up to 100%.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/components/parse-form";
import { fieldList } from "~/components/field-list";

import { requireUser } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge, ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { Field, FormError, controlClasses } from "~/components/Field";
import { cx } from "~/components/cx";
import { formatDate, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { projectHref, requireProjectParty } from "~/components/evaluation/access.server";
import { InstalmentStateBadge, InvoiceStatusBadge } from "~/components/evaluation/InvoiceBadges";
import { formatBp, formatNumber } from "~/components/evaluation/format";
import { INSTALMENT_TRIGGERS, MAX_INSTALMENTS, PAYER_KINDS, previewAllocation, scheduleSchema } from "~/components/evaluation/schemas";
import { db } from "~/db.server";
import { isDomainError } from "~/domain/errors";
import { allowedPayers, createSchedule, getSchedule } from "~/domain/payments.server";
import { listPayables, listReceivables, type InvoiceListRow } from "~/domain/invoices.server";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "payments.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProjectParty(user, params.id ?? "", ["BROKER", "ADMIN", "ENTERPRISE", "ORG"]);
  const schedule = await getSchedule(project.id);
  // The project's invoices: every one for a broker / admin; for the organization and the enterprise,
  // those the domain's receivables / payables rules show them.
  const invoices =
    user.role === "BROKER" || user.role === "ADMIN"
      ? await projectInvoices(project.id)
      : (user.role === "ORG" ? await listReceivables(user) : await listPayables(user)).filter((i) => i.project.id === project.id);
  const invoiced = schedule.some((x) => x.state === "INVOICED" || x.state === "PAID") || invoices.length > 0;
  const payers = allowedPayers(project.fundingSource, !!project.enterpriseId);
  return {
    project: {
      id: project.id,
      code: project.code,
      detailHref: projectHref(project.id, project.party),
      title: project.title,
      state: project.state,
      fundingSource: project.fundingSource,
      awardFen: project.awardFen,
      organizationName: project.organization?.name ?? null,
      enterpriseName: project.enterpriseName,
    },
    schedule,
    invoices,
    payers,
    canEdit: user.role === "BROKER" && project.awardFen !== null && !invoiced && !["CANCELLED", "UNSUCCESSFUL"].includes(project.state),
    locked: invoiced,
    isOrg: user.role === "ORG",
  };
}

/** All invoices of a project in the domain's list shape (broker / admin: their payables hold only UNION ones). */
async function projectInvoices(projectId: string): Promise<InvoiceListRow[]> {
  const rows = await db.invoice.findMany({
    where: { projectId },
    include: { project: { select: { id: true, code: true, title: true } }, instalment: { select: { seq: true, payer: true } }, creditOf: { select: { number: true } }, credits: { select: { id: true } } },
    orderBy: [{ year: "desc" }, { seq: "desc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: (r.kind === "CREDIT_NOTE" ? "CREDIT_NOTE" : r.credits.length > 0 ? "CREDITED" : r.paidAt ? "PAID" : "UNPAID") as "UNPAID" | "PAID" | "CREDITED" | "CREDIT_NOTE",
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
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  const project = await requireProjectParty(user, params.id ?? "", ["BROKER"]);
  const locale = getLocale(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: scheduleSchema(locale) });
  if (submission.status !== "success") {
    return data({ result: submission.reply() as SubmissionResult<string[]>, saved: false }, { status: submission.status === "error" ? 400 : 200 });
  }
  try {
    await createSchedule(
      user,
      project.id,
      submission.value.instalments.map((x) => ({ percentBp: Math.round(x.percent * 100), trigger: x.trigger, payer: x.payer })),
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const message = tx(locale, e.code, e.params);
    // Domain fields are "instalments" or "instalments.<i>.percentBp|trigger|payer".
    const m = e.field ? /^instalments\.(\d+)\.(percentBp|trigger|payer)$/.exec(e.field) : null;
    const name = m ? `instalments[${m[1]}].${m[2] === "percentBp" ? "percent" : m[2]}` : e.field === "instalments" ? "instalments" : null;
    const result = submission.reply(name ? { fieldErrors: { [name]: [message] } } : { formErrors: [message] });
    return data({ result, saved: false }, { status: e.status });
  }
  return { result: submission.reply(), saved: true };
}

function ScheduleEditor({
  defaults,
  payers,
  awardFen,
  lastResult,
}: {
  defaults: Array<{ percent: string; trigger: string; payer: string }>;
  payers: string[];
  awardFen: number;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const t = useT();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && !navigation.formData?.get("__intent__");
  const schema = scheduleSchema(t.locale);
  const [form, fields] = useForm({
    id: "payment-schedule",
    lastResult,
    defaultValue: { instalments: defaults },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  const list = fieldList(fields.instalments);
  const percents = list.map((f) => Number(f.getFieldset().percent.value));
  const bps = percents.map((p) => (Number.isFinite(p) && p > 0 ? Math.round(p * 100) : 0));
  const sum = bps.reduce((a, b) => a + b, 0);
  const amounts = sum === 10000 ? previewAllocation(awardFen, bps) : null;

  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      <ol className="space-y-3">
        {list.map((item, i) => {
          const f = item.getFieldset();
          const { key: pKey, ...pProps } = getInputProps(f.percent, { type: "number" });
          const { key: tKey, ...tProps } = getSelectProps(f.trigger);
          const { key: yKey, ...yProps } = getSelectProps(f.payer);
          return (
            <li key={item.key} className="rounded-lg border border-slate-200 p-3">
              <div className="mb-2 flex items-center justify-between">
                <p className="font-semibold text-slate-900">{t("payments.instalment", { n: i + 1 })}</p>
                <Button variant="ghost" size="sm" className="text-red-700" disabled={list.length <= 1} {...form.remove.getButtonProps({ name: fields.instalments.name, index: i })}>
                  {t("payments.remove")}
                  <span className="sr-only"> {t("payments.instalment", { n: i + 1 })}</span>
                </Button>
              </div>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-[8rem_1fr_1fr_9rem]">
                <Field id={f.percent.id} label={t("payments.percent")} errors={f.percent.errors} errorId={f.percent.errorId} required>
                  <input key={pKey} {...pProps} step={0.01} min={0.01} max={100} inputMode="decimal" className={cx(controlClasses, "tabular-nums", f.percent.errors?.length ? "border-red-600 bg-red-50/40" : "border-slate-400")} />
                </Field>
                <Field id={f.trigger.id} label={t("payments.trigger")} errors={f.trigger.errors} errorId={f.trigger.errorId} required>
                  <select key={tKey} {...tProps} className={cx(controlClasses, "pr-8", f.trigger.errors?.length ? "border-red-600" : "border-slate-400")}>
                    {INSTALMENT_TRIGGERS.map((x) => (
                      <option key={x} value={x}>
                        {t(`payments.trigger.${x}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id={f.payer.id} label={t("payments.payer")} errors={f.payer.errors} errorId={f.payer.errorId} required>
                  <select key={yKey} {...yProps} className={cx(controlClasses, "pr-8", f.payer.errors?.length ? "border-red-600" : "border-slate-400")}>
                    {PAYER_KINDS.filter((p) => payers.includes(p)).map((x) => (
                      <option key={x} value={x}>
                        {t(`payments.payer.${x}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                <div>
                  <p className="mb-1.5 text-sm font-medium text-slate-800">{t("payments.amount")}</p>
                  <p className="py-2 tabular-nums text-slate-900">{amounts ? formatFen(amounts[i]) : "—"}</p>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <div id={fields.instalments.errorId} aria-live="polite">
        {fields.instalments.errors?.map((e) => (
          <p key={e} className="text-sm font-medium text-red-700">
            <span aria-hidden="true">⚠ </span>
            {t.tx(e)}
          </p>
        ))}
      </div>
      <p className={cx("text-sm font-medium", sum === 10000 ? "text-green-800" : "text-amber-900")} aria-live="polite">
        {t("payments.sum", { sum: formatNumber(sum / 100, t.locale) })}
      </p>
      <div className="flex flex-wrap gap-3">
        {list.length < MAX_INSTALMENTS && (
          <Button
            variant="secondary"
            {...form.insert.getButtonProps({ name: fields.instalments.name, defaultValue: { percent: "", trigger: "ON_ACCEPTANCE", payer: payers[0] ?? "UNION" } })}
          >
            {t("payments.add")}
          </Button>
        )}
        <Button type="submit" pending={saving} pendingLabel={t("common.saving")}>
          {t("payments.save")}
        </Button>
      </div>
    </Form>
  );
}

export default function ProjectPayments() {
  const { project, schedule, invoices, payers, canEdit, locked, isOrg } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults =
    schedule.length > 0
      ? schedule.map((x) => ({ percent: String(x.percentBp / 100), trigger: x.trigger, payer: x.payer }))
      : [
          { percent: "30", trigger: "ON_AWARD", payer: payers[0] ?? "UNION" },
          { percent: "70", trigger: "ON_ACCEPTANCE", payer: payers[0] ?? "UNION" },
        ];

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link to="/invoices" className="text-brand-700 underline underline-offset-2">
              {t("invoices.title")}
            </Link>
            <span aria-hidden="true">/</span>
            <Link to={project.detailHref} className="font-mono text-brand-700 underline-offset-2 hover:underline">
              {project.code}
            </Link>
            <ProjectStateBadge state={project.state as ProjectStateName} />
          </span>
        }
        title={t("payments.title")}
        description={project.title}
      />
      <Card>
        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-slate-600">{t("evaluation.award")}</dt>
            <dd className="font-semibold tabular-nums">{project.awardFen !== null ? formatFen(project.awardFen) : "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("payments.funding")}</dt>
            <dd className="font-medium">{t(`funding.${project.fundingSource as "UNION_FUNDS" | "GOVERNMENT_PURCHASE" | "ENTERPRISE_SELF" | "MIXED"}`)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("col.organization")}</dt>
            <dd className="font-medium">{project.organizationName ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("col.enterprise")}</dt>
            <dd className="font-medium">{project.enterpriseName ?? "—"}</dd>
          </div>
        </dl>
      </Card>

      {actionData?.saved && <Alert tone="success">{t("payments.saved")}</Alert>}

      <section aria-labelledby="schedule-heading" className="space-y-3">
        <h2 id="schedule-heading" className="text-lg font-semibold text-slate-900">
          {t("payments.schedule")}
        </h2>
        <DataTable
          caption={t("payments.schedule")}
          rows={schedule}
          rowKey={(x) => x.id}
          empty={t("payments.empty")}
          columns={[
            { key: "seq", header: t("payments.col.seq"), cell: (x) => t("payments.instalment", { n: x.seq }) },
            { key: "percent", header: t("payments.percent"), align: "right", cell: (x) => <span className="tabular-nums">{formatBp(x.percentBp, t.locale)}</span> },
            { key: "amount", header: t("payments.amount"), align: "right", cell: (x) => <span className="tabular-nums">{formatFen(x.amountFen)}</span> },
            { key: "trigger", header: t("payments.trigger"), cell: (x) => t(`payments.trigger.${x.trigger}`) },
            { key: "payer", header: t("payments.payer"), cell: (x) => t(`payments.payer.${x.payer}`) },
            {
              key: "state",
              header: t("col.state"),
              cell: (x) => (
                <span className="flex flex-wrap items-center gap-2">
                  <InstalmentStateBadge state={x.state} />
                  {x.dueAt && x.state === "DUE" && <span className="text-xs text-slate-600">{formatDate(x.dueAt, t.locale)}</span>}
                </span>
              ),
            },
          ]}
        />
        {isOrg && schedule.some((x) => x.state === "DUE") && (
          <p className="text-sm">
            <Link to="/invoices" className="font-medium text-brand-700 underline underline-offset-2">
              {t("payments.goInvoice")}
            </Link>
          </p>
        )}
      </section>

      {canEdit && project.awardFen !== null && (
        <Card title={schedule.length ? t("payments.edit") : t("payments.set")}>
          <p className="mb-4 text-sm text-slate-700">{t("payments.edit.hint")}</p>
          <ScheduleEditor defaults={defaults} payers={payers} awardFen={project.awardFen} lastResult={actionData?.result} />
        </Card>
      )}
      {locked && <Alert tone="info">{t("error.payment.scheduleLocked")}</Alert>}

      <section aria-labelledby="invoices-heading" className="space-y-3">
        <h2 id="invoices-heading" className="text-lg font-semibold text-slate-900">
          {t("payments.invoices")}
        </h2>
        <DataTable
          caption={t("payments.invoices")}
          rows={invoices}
          rowKey={(i) => i.id}
          empty={t("invoices.empty")}
          columns={[
            {
              key: "number",
              header: t("invoices.col.number"),
              cell: (i) => (
                <Link to={`/invoices/${i.id}`} className="font-mono font-medium text-brand-700 underline-offset-2 hover:underline">
                  {i.number}
                </Link>
              ),
            },
            { key: "kind", header: t("invoices.col.kind"), cell: (i) => (i.kind === "CREDIT_NOTE" ? <Badge tone="red">{t("invoices.kind.CREDIT_NOTE")}</Badge> : t("invoices.kind.INVOICE")) },
            { key: "amount", header: t("payments.amount"), align: "right", cell: (i) => <span className="tabular-nums">{formatFen(i.amountFen)}</span> },
            { key: "status", header: t("col.state"), cell: (i) => <InvoiceStatusBadge status={i.status} /> },
            { key: "issued", header: t("invoices.col.issuedAt"), hideOnMobile: true, cell: (i) => formatDate(i.issuedAt, t.locale) },
          ]}
        />
      </section>
    </div>
  );
}
