// BROKER: the organization ledger (台账) — every organization, filtered (district, category, grade and
// its validity, union coverage, vetting status, incubation, text), paginated; export exactly the
// filtered set to CSV or XLSX.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { ledgerFilterToSearchParams, listOrganizations } from "~/domain/ledger.server";
import { VettingBadge } from "~/components/Badge";
import { buttonClasses, LinkButton } from "~/components/Button";
import { DataTable } from "~/components/DataTable";
import { formatDate } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { GradeBadge } from "~/components/registry/GradeBadge";
import { categoryLabel } from "~/components/registry/labels";
import { LedgerFilters } from "~/components/registry/LedgerFilters";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.ledger.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const url = new URL(request.url);
  const [ledger, refs] = await Promise.all([orRespond(listOrganizations(user, url.searchParams)), loadRefs()]);
  const query = ledgerFilterToSearchParams(ledger.filter).toString();
  return {
    refs,
    filter: ledger.filter,
    total: ledger.total,
    page: ledger.page,
    pageSize: ledger.pageSize,
    query,
    rows: ledger.rows.map((r) => ({
      id: r.id,
      name: r.name,
      uscc: r.uscc,
      district: r.district,
      categories: r.categories.map((c) => c.categoryCode),
      vettingStatus: r.vettingStatus,
      grade: r.gradeInfo,
      unionCoverage: r.unionCoverage,
      incubated: r.incubated,
      incubationDistrict: r.incubationDistrict,
      attendance: r.attendance,
      ledgerConfirmedAt: r.ledgerConfirmedAt,
    })),
  };
}

export default function Ledger() {
  const { refs, filter, total, page, pageSize, query, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  const exportHref = (format: "csv" | "xlsx") => `/broker/ledger/export?${new URLSearchParams([["format", format], ...new URLSearchParams(query)])}`;

  return (
    <div>
      <PageHeader
        title={t("registry.ledger.title")}
        description={t("registry.ledger.subtitle")}
        actions={
          <>
            <LinkButton to={`/broker/ledger/dashboard${query ? `?${query}` : ""}`} variant="secondary" size="sm">
              {t("registry.ledger.toDashboard")}
            </LinkButton>
            <LinkButton to="/broker/ledger/import" variant="secondary" size="sm">
              {t("registry.tabs.import")}
            </LinkButton>
          </>
        }
      />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />
      <div className="space-y-4">
        <LedgerFilters filter={filter} districts={refs.districts} categories={refs.categories} resetTo="/broker/ledger" />

        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-slate-700" role="status">
            {t("registry.ledger.matching", { total })}
          </p>
          <div className="flex flex-wrap gap-2">
            {/* Plain links: the browser downloads the file (Content-Disposition: attachment). */}
            <a href={exportHref("csv")} className={buttonClasses("secondary", "sm")} download>
              {t("registry.ledger.exportCsv")}
            </a>
            <a href={exportHref("xlsx")} className={buttonClasses("secondary", "sm")} download>
              {t("registry.ledger.exportXlsx")}
            </a>
          </div>
        </div>

        <DataTable
          caption={t("registry.ledger.caption", { total })}
          rows={rows}
          rowKey={(r) => r.id}
          empty={t("registry.ledger.empty")}
          columns={[
            {
              key: "name",
              header: t("registry.field.name"),
              cell: (r) => (
                <span className="block min-w-[12rem]">
                  <Link to={`/broker/orgs/${r.id}`} className="font-medium text-brand-800 underline-offset-2 hover:underline">
                    {r.name}
                  </Link>
                  <span className="block font-mono text-xs text-slate-600">{r.uscc}</span>
                </span>
              ),
            },
            { key: "district", header: t("registry.field.district"), cell: (r) => <span className="whitespace-nowrap">{en ? r.district.nameEn : r.district.nameZh}</span> },
            {
              key: "categories",
              header: t("signup.field.categories"),
              hideOnMobile: true,
              cell: (r) => <span className="block min-w-[8rem]">{r.categories.map((c) => categoryLabel(t, c, refs.categories)).join("、") || "—"}</span>,
            },
            { key: "status", header: t("registry.col.vetting"), cell: (r) => <VettingBadge status={r.vettingStatus} /> },
            { key: "grade", header: t("registry.col.grade"), cell: (r) => <GradeBadge info={r.grade} /> },
            { key: "union", header: t("registry.field.unionCoverage"), hideOnMobile: true, cell: (r) => <span className="whitespace-nowrap">{t(`unionCoverage.${r.unionCoverage}`)}</span> },
            {
              key: "incubated",
              header: t("registry.col.incubated"),
              hideOnMobile: true,
              cell: (r) => (
                <span className="whitespace-nowrap">
                  {r.incubated ? (r.incubationDistrict ? (en ? r.incubationDistrict.nameEn : r.incubationDistrict.nameZh) : t("common.yes")) : "—"}
                </span>
              ),
            },
            {
              key: "attendance",
              header: t("registry.col.attendance"),
              align: "right",
              hideOnMobile: true,
              cell: (r) => <span className="tabular-nums">{r.attendance.invited ? `${r.attendance.attended}/${r.attendance.invited}` : "—"}</span>,
            },
            {
              key: "confirmed",
              header: t("registry.col.confirmed"),
              hideOnMobile: true,
              cell: (r) => <span className="whitespace-nowrap">{r.ledgerConfirmedAt ? formatDate(r.ledgerConfirmedAt, t.locale) : t("registry.never")}</span>,
            },
          ]}
        />
        <Pagination page={page} pageSize={pageSize} total={total} showPageSize />
      </div>
    </div>
  );
}
