// BROKER: all enterprises, filtered (text, district, industry, union established), paginated; export
// exactly the filtered set to CSV or XLSX.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { enterpriseFilterToSearchParams, listEnterprises } from "~/domain/enterprises.server";
import { Badge } from "~/components/Badge";
import { Button, buttonClasses } from "~/components/Button";
import { DataTable } from "~/components/DataTable";
import { controlClasses } from "~/components/Field";
import { formatDate } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { cx } from "~/components/cx";
import { refName } from "~/components/registry/labels";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.enterprises.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const url = new URL(request.url);
  const [list, refs] = await Promise.all([orRespond(listEnterprises(user, url.searchParams)), loadRefs()]);
  return {
    refs,
    filter: list.filter,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    query: enterpriseFilterToSearchParams(list.filter).toString(),
    rows: list.rows.map((e) => ({
      id: e.id,
      name: e.name,
      uscc: e.uscc,
      industry: e.industry,
      district: e.district,
      employees: e.employees,
      hasUnion: e.hasUnion,
      projects: e._count.projects,
      createdAt: e.createdAt,
    })),
  };
}

export default function BrokerEnterprises() {
  const { refs, filter, total, page, pageSize, query, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const exportHref = (format: "csv" | "xlsx") => `/broker/enterprises/export?${new URLSearchParams([["format", format], ...new URLSearchParams(query)])}`;
  const sel = cx(controlClasses, "border-slate-400 pr-8 text-sm");
  return (
    <div>
      <PageHeader title={t("registry.enterprises.title")} description={t("registry.enterprises.subtitle")} />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />
      <div className="space-y-4">
        <Form method="get" role="search" aria-label={t("registry.filter.label")} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
            <div className="sm:col-span-2">
              <label htmlFor="ef-q" className="mb-1 block text-sm font-medium text-slate-800">
                {t("registry.filter.q")}
              </label>
              <input id="ef-q" name="q" type="search" defaultValue={filter.q ?? ""} placeholder={t("registry.enterprises.q.placeholder")} className={cx(controlClasses, "border-slate-400 text-sm")} />
            </div>
            <div>
              <label htmlFor="ef-district" className="mb-1 block text-sm font-medium text-slate-800">
                {t("signup.field.district")}
              </label>
              <select id="ef-district" name="district" defaultValue={filter.district ?? ""} className={sel}>
                <option value="">{t("registry.filter.all")}</option>
                {refs.districts.map((d) => (
                  <option key={d.code} value={d.code}>
                    {refName(d, t.locale)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="ef-industry" className="mb-1 block text-sm font-medium text-slate-800">
                {t("signup.field.industry")}
              </label>
              <input id="ef-industry" name="industry" defaultValue={filter.industry ?? ""} className={cx(controlClasses, "border-slate-400 text-sm")} />
            </div>
            <div>
              <label htmlFor="ef-union" className="mb-1 block text-sm font-medium text-slate-800">
                {t("registry.enterprises.union")}
              </label>
              <select id="ef-union" name="hasUnion" defaultValue={filter.hasUnion === undefined ? "" : filter.hasUnion ? "yes" : "no"} className={sel}>
                <option value="">{t("registry.filter.all")}</option>
                <option value="yes">{t("common.yes")}</option>
                <option value="no">{t("common.no")}</option>
              </select>
            </div>
          </div>
          <div className="mt-3 flex gap-2">
            <Button type="submit" size="sm">
              {t("registry.filter.apply")}
            </Button>
            <Link to="/broker/enterprises" className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
              {t("registry.filter.clear")}
            </Link>
          </div>
        </Form>

        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-slate-700" role="status">
            {t("registry.enterprises.matching", { total })}
          </p>
          <div className="flex flex-wrap gap-2">
            <a href={exportHref("csv")} className={buttonClasses("secondary", "sm")} download>
              {t("registry.ledger.exportCsv")}
            </a>
            <a href={exportHref("xlsx")} className={buttonClasses("secondary", "sm")} download>
              {t("registry.ledger.exportXlsx")}
            </a>
          </div>
        </div>

        <DataTable
          caption={t("registry.enterprises.title")}
          rows={rows}
          rowKey={(e) => e.id}
          empty={t("registry.enterprises.empty")}
          columns={[
            {
              key: "name",
              header: t("signup.field.companyName"),
              cell: (e) => (
                <span className="block min-w-[12rem]">
                  <span className="font-medium text-slate-900">{e.name}</span>
                  <span className="block font-mono text-xs text-slate-600">{e.uscc}</span>
                </span>
              ),
            },
            { key: "district", header: t("signup.field.district"), cell: (e) => <span className="whitespace-nowrap">{refName(e.district, t.locale)}</span> },
            { key: "industry", header: t("signup.field.industry"), hideOnMobile: true, cell: (e) => e.industry || "—" },
            { key: "employees", header: t("signup.field.employees"), align: "right", hideOnMobile: true, cell: (e) => (e.employees == null ? "—" : e.employees) },
            {
              key: "union",
              header: t("registry.enterprises.union"),
              cell: (e) => (e.hasUnion ? <Badge tone="green">{t("common.yes")}</Badge> : <Badge tone="gray">{t("common.no")}</Badge>),
            },
            { key: "projects", header: t("registry.enterprises.projects"), align: "right", hideOnMobile: true, cell: (e) => e.projects },
            { key: "created", header: t("registry.enterprises.createdAt"), hideOnMobile: true, cell: (e) => formatDate(e.createdAt, t.locale) },
          ]}
        />
        <Pagination page={page} pageSize={pageSize} total={total} showPageSize />
      </div>
    </div>
  );
}
