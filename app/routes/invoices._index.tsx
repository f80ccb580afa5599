// Settlement invoices (结算单). ORG: instalments it can invoice now (issue one) and its receivables.
// ENTERPRISE: payables (invoices of its projects' ENTERPRISE instalments). BROKER / ADMIN: payables of
// the union (UNION instalments) and the awarded projects' payment schedules.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "~/components/parse-form";

import { requireRole } from "~/auth/guards.server";
import { Badge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { DataTable } from "~/components/DataTable";
import { controlClasses } from "~/components/Field";
import { cx } from "~/components/cx";
import { formatDate, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { slicePage } from "~/components/evaluation/access.server";
import { InvoiceStatusBadge } from "~/components/evaluation/InvoiceBadges";
import { formatBp } from "~/components/evaluation/format";
import { issueInvoiceSchema } from "~/components/evaluation/schemas";
import { db } from "~/db.server";
import { isDomainError } from "~/domain/errors";
import { issueInvoice, listPayables, listReceivables } from "~/domain/invoices.server";
import { listInvoiceableInstalments } from "~/domain/payments.server";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invoices.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ORG", "ENTERPRISE", "BROKER", "ADMIN");
  const url = new URL(request.url);
  const onlyOpen = url.searchParams.get("status") === "open";
  const { page, pageSize } = parsePageParams(url);
  const isOrg = user.role === "ORG";
  const all = isOrg ? await listReceivables(user, { onlyOpen }) : await listPayables(user, { onlyOpen });
  const { items, total, page: p } = slicePage(all, page, pageSize);
  const invoiceable = isOrg
    ? (await listInvoiceableInstalments(user)).map((x) => ({
        id: x.id,
        seq: x.seq,
        percentBp: x.percentBp,
        amountFen: x.amountFen,
        trigger: x.trigger,
        payer: x.payer,
        dueAt: x.dueAt,
        project: x.project,
      }))
    : [];
  const schedules =
    user.role === "BROKER" || user.role === "ADMIN"
      ? await db.project.findMany({
          where: { award: { isNot: null }, state: { notIn: ["CANCELLED", "UNSUCCESSFUL"] } },
          orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
          take: 30,
          select: { id: true, code: true, title: true, state: true, award: { select: { amountFen: true } }, _count: { select: { instalments: true } } },
        })
      : [];
  return {
    view: isOrg ? ("receivables" as const) : ("payables" as const),
    invoices: items,
    total,
    page: p,
    pageSize,
    onlyOpen,
    invoiceable,
    schedules: schedules.map((s) => ({ id: s.id, code: s.code, title: s.title, state: s.state, amountFen: s.award?.amountFen ?? 0, instalments: s._count.instalments })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "ORG");
  const locale = getLocale(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: issueInvoiceSchema });
  const instalmentId = String(formData.get("instalmentId") ?? "");
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flat().filter(Boolean) as string[];
    return data({ instalmentId, error: tx(locale, errors[0] ?? "error.invalid") }, { status: 400 });
  }
  try {
    const taxRate = submission.value.taxRate;
    const r = await issueInvoice(user, submission.value.instalmentId, taxRate === undefined ? {} : { taxRateBp: Math.round(taxRate * 100) });
    return redirect(`/invoices/${r.id}?issued=1`, { status: 303 });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return data({ instalmentId, error: tx(locale, e.code, e.params) }, { status: e.status });
  }
}

export default function Invoices() {
  const { view, invoices, total, page, pageSize, onlyOpen, invoiceable, schedules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const issuing = navigation.state === "submitting" ? String(navigation.formData?.get("instalmentId") ?? "") : null;
  const listTitle = view === "receivables" ? t("invoices.receivables") : t("invoices.payables");

  return (
    <div className="space-y-8">
      <PageHeader title={t("invoices.title")} description={view === "receivables" ? t("invoices.subtitle.org") : t("invoices.subtitle.payer")} />

      {view === "receivables" && (
        <section aria-labelledby="invoiceable-heading" className="space-y-3">
          <h2 id="invoiceable-heading" className="text-lg font-semibold text-slate-900">
            {t("invoices.invoiceable")}
          </h2>
          <DataTable
            caption={t("invoices.invoiceable")}
            rows={invoiceable}
            rowKey={(x) => x.id}
            empty={t("invoices.invoiceable.empty")}
            columns={[
              {
                key: "project",
                header: t("col.project"),
                cell: (x) => (
                  <Link to={`/projects/${x.project.id}/payments`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    <span className="mr-2 font-mono text-xs text-slate-600">{x.project.code}</span>
                    {x.project.title}
                  </Link>
                ),
              },
              { key: "seq", header: t("payments.col.seq"), cell: (x) => `${t("payments.instalment", { n: x.seq })} · ${formatBp(x.percentBp, t.locale)}` },
              { key: "amount", header: t("payments.amount"), align: "right", cell: (x) => <span className="tabular-nums">{formatFen(x.amountFen)}</span> },
              { key: "payer", header: t("payments.payer"), hideOnMobile: true, cell: (x) => t(`payments.payer.${x.payer}`) },
              {
                key: "issue",
                header: t("common.actions"),
                cell: (x) => {
                  const error = actionData?.instalmentId === x.id ? actionData.error : null;
                  const errId = `issue-${x.id}-error`;
                  return (
                    <Form method="post" className="flex flex-wrap items-end gap-2">
                      <input type="hidden" name="instalmentId" value={x.id} />
                      <div>
                        <label htmlFor={`tax-${x.id}`} className="block text-xs text-slate-700">
                          {t("invoices.taxRate")}
                        </label>
                        <input
                          id={`tax-${x.id}`}
                          name="taxRate"
                          type="number"
                          min={0}
                          max={13}
                          step={0.01}
                          inputMode="decimal"
                          placeholder={t("invoices.taxRate.default")}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? errId : undefined}
                          className={cx(controlClasses, "w-28 py-1 text-sm", error ? "border-red-600" : "border-slate-400")}
                        />
                      </div>
                      <Button type="submit" size="sm" pending={issuing === x.id} pendingLabel={t("invoices.issuing")}>
                        {t("invoices.issue")}
                      </Button>
                      {error && (
                        <p id={errId} role="alert" className="basis-full text-sm font-medium text-red-700">
                          {error}
                        </p>
                      )}
                    </Form>
                  );
                },
              },
            ]}
          />
        </section>
      )}

      <section aria-labelledby="list-heading" className="space-y-3">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <h2 id="list-heading" className="text-lg font-semibold text-slate-900">
            {listTitle}
          </h2>
          <Form method="get" className="flex items-end gap-2">
            {searchParams.get("pageSize") && <input type="hidden" name="pageSize" value={searchParams.get("pageSize") ?? ""} />}
            <div>
              <label htmlFor="status-filter" className="mb-1 block text-sm font-medium text-slate-800">
                {t("invoices.filter")}
              </label>
              <select id="status-filter" name="status" defaultValue={onlyOpen ? "open" : ""} className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base">
                <option value="">{t("invoices.filter.all")}</option>
                <option value="open">{t("invoices.filter.open")}</option>
              </select>
            </div>
            <Button type="submit" variant="secondary">
              {t("common.submit")}
            </Button>
          </Form>
        </div>
        <DataTable
          caption={listTitle}
          rows={invoices}
          rowKey={(i) => i.id}
          empty={t("invoices.empty")}
          columns={[
            {
              key: "number",
              header: t("invoices.col.number"),
              cell: (i) => (
                <Link to={`/invoices/${i.id}`} className="whitespace-nowrap font-mono font-medium text-brand-700 underline-offset-2 hover:underline">
                  {i.number}
                </Link>
              ),
            },
            {
              key: "project",
              header: t("col.project"),
              cell: (i) => (
                <span>
                  <span className="mr-2 font-mono text-xs text-slate-600">{i.project.code}</span>
                  {i.project.title}
                  {i.kind === "CREDIT_NOTE" && (
                    <Badge tone="red" className="ml-2">
                      {t("invoices.kind.CREDIT_NOTE")}
                    </Badge>
                  )}
                </span>
              ),
            },
            {
              key: "party",
              header: view === "receivables" ? t("invoices.col.payer") : t("invoices.col.payee"),
              hideOnMobile: true,
              cell: (i) => (view === "receivables" ? i.payerName : i.payeeName),
            },
            { key: "amount", header: t("payments.amount"), align: "right", cell: (i) => <span className="whitespace-nowrap tabular-nums">{formatFen(i.amountFen)}</span> },
            { key: "status", header: t("col.state"), cell: (i) => <InvoiceStatusBadge status={i.status} /> },
            { key: "issued", header: t("invoices.col.issuedAt"), hideOnMobile: true, cell: (i) => <span className="whitespace-nowrap">{formatDate(i.issuedAt, t.locale)}</span> },
          ]}
        />
        <Pagination page={page} pageSize={pageSize} total={total} showPageSize />
      </section>

      {schedules.length > 0 && (
        <section aria-labelledby="schedules-heading" className="space-y-3">
          <h2 id="schedules-heading" className="text-lg font-semibold text-slate-900">
            {t("invoices.schedules")}
          </h2>
          <DataTable
            caption={t("invoices.schedules")}
            rows={schedules}
            rowKey={(s) => s.id}
            columns={[
              {
                key: "project",
                header: t("col.project"),
                cell: (s) => (
                  <Link to={`/projects/${s.id}/payments`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    <span className="mr-2 font-mono text-xs text-slate-600">{s.code}</span>
                    {s.title}
                  </Link>
                ),
              },
              { key: "amount", header: t("evaluation.award"), align: "right", cell: (s) => <span className="tabular-nums">{formatFen(s.amountFen)}</span> },
              {
                key: "instalments",
                header: t("invoices.col.instalments"),
                cell: (s) => (s.instalments > 0 ? t("invoices.instalmentsCount", { count: s.instalments }) : <Badge tone="amber">{t("invoices.noSchedule")}</Badge>),
              },
            ]}
          />
        </section>
      )}
    </div>
  );
}
