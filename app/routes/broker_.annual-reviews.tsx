// BROKER: organizations whose annual ledger review (年度台账确认) is overdue — vetted orgs that have not
// confirmed their ledger facts in the last 12 months, oldest first.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { overdueAnnualReviews } from "~/domain/vetting.server";
import { Badge, VettingBadge } from "~/components/Badge";
import { DataTable } from "~/components/DataTable";
import { formatDate } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { codeName } from "~/components/registry/labels";
import { loadRefs } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.overdue.title");

const DAY = 86_400_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "BROKER", "ADMIN");
  const now = new Date();
  const [rows, refs] = await Promise.all([overdueAnnualReviews(now), loadRefs()]);
  return {
    refs,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      uscc: r.uscc,
      districtCode: r.districtCode,
      vettingStatus: r.vettingStatus,
      lastConfirmedAt: r.lastConfirmedAt,
      dueSince: r.dueSince,
      daysOverdue: Math.max(0, Math.floor((now.getTime() - r.dueSince.getTime()) / DAY)),
    })),
  };
}

export default function OverdueReviews() {
  const { refs, rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <PageHeader title={t("registry.overdue.title")} description={t("registry.overdue.subtitle")} />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />
      <p className="mb-3 text-sm text-slate-700" role="status">
        {t("registry.overdue.count", { count: rows.length })}
      </p>
      <DataTable
        caption={t("registry.overdue.title")}
        rows={rows}
        rowKey={(r) => r.id}
        empty={t("registry.overdue.empty")}
        columns={[
          {
            key: "name",
            header: t("registry.field.name"),
            cell: (r) => (
              <span>
                <Link to={`/broker/orgs/${r.id}`} className="font-medium text-brand-800 underline-offset-2 hover:underline">
                  {r.name}
                </Link>
                <span className="block font-mono text-xs text-slate-600">{r.uscc}</span>
              </span>
            ),
          },
          { key: "district", header: t("registry.field.district"), hideOnMobile: true, cell: (r) => codeName(r.districtCode, refs.districts, t.locale) },
          { key: "status", header: t("registry.col.vetting"), hideOnMobile: true, cell: (r) => <VettingBadge status={r.vettingStatus} /> },
          {
            key: "last",
            header: t("registry.col.confirmed"),
            cell: (r) => (r.lastConfirmedAt ? formatDate(r.lastConfirmedAt, t.locale) : <Badge tone="gray">{t("registry.never")}</Badge>),
          },
          { key: "due", header: t("registry.overdue.dueSince"), cell: (r) => formatDate(r.dueSince, t.locale) },
          {
            key: "days",
            header: t("registry.overdue.days"),
            align: "right",
            cell: (r) => <Badge tone={r.daysOverdue > 90 ? "red" : "amber"}>{t("registry.overdue.daysValue", { days: r.daysOverdue })}</Badge>,
          },
        ]}
      />
    </div>
  );
}
