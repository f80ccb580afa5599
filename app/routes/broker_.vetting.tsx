// BROKER: the vetting queue — tabs by vetting status and "changes pending" (approved orgs whose
// registration-fact changes await review), with the decisions on each card.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { db } from "~/db.server";
import { readPendingChanges } from "~/domain/organizations.server";
import { vettingQueue } from "~/domain/vetting.server";
import { Alert } from "~/components/Alert";
import { VettingBadge } from "~/components/Badge";
import { EmptyState } from "~/components/EmptyState";
import { formatDate, formatDateTime } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { cx } from "~/components/cx";
import { categoryLabel } from "~/components/registry/labels";
import { PendingChangesList } from "~/components/registry/PendingChangesList";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { VettingActions, type VettingButtonIntent } from "~/components/registry/VettingActions";
import { handleVettingForm } from "~/components/registry/vetting-actions.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.vetting.title");

const TABS = ["PENDING", "CHANGES", "APPROVED", "REJECTED", "SUSPENDED"] as const;
type Tab = (typeof TABS)[number];

function tabOf(v: string | null): Tab {
  return (TABS as readonly string[]).includes(v ?? "") ? (v as Tab) : "PENDING";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const url = new URL(request.url);
  const status = tabOf(url.searchParams.get("status"));
  const { page, pageSize } = parsePageParams(url);
  const [queue, refs, byStatus, changeRows] = await Promise.all([
    orRespond(vettingQueue(user, { status, page, pageSize })),
    loadRefs(),
    db.organization.groupBy({ by: ["vettingStatus"], _count: { _all: true } }),
    db.organization.findMany({ where: { vettingStatus: { in: ["APPROVED", "SUSPENDED"] } }, select: { pendingChanges: true } }),
  ]);
  const counts: Record<Tab, number> = { PENDING: 0, CHANGES: 0, APPROVED: 0, REJECTED: 0, SUSPENDED: 0 };
  for (const g of byStatus) counts[g.vettingStatus] = g._count._all;
  counts.CHANGES = changeRows.filter((r) => readPendingChanges(r.pendingChanges)).length;
  return { status, queue, refs, counts };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER", "ADMIN");
  const formData = await request.formData();
  const { reply, status } = await handleVettingForm(user, formData, getLocale(request));
  return data(reply, { status });
}

export default function VettingQueue() {
  const { status, queue, refs, counts } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();

  return (
    <div>
      <PageHeader title={t("registry.vetting.title")} description={t("registry.vetting.subtitle")} />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />

      <nav aria-label={t("registry.vetting.tabsLabel")} className="mb-5">
        <ul className="flex flex-wrap gap-2">
          {TABS.map((tab) => (
            <li key={tab}>
              <Link
                to={tab === "PENDING" ? "?" : `?status=${tab}`}
                aria-current={tab === status ? "page" : undefined}
                className={cx(
                  "inline-flex items-center gap-2 rounded-full border px-3 py-1.5 text-sm font-medium",
                  tab === status ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
                )}
              >
                {t(`registry.vetting.tab.${tab}`)}
                <span className={cx("rounded-full px-1.5 text-xs tabular-nums", tab === status ? "bg-white/20" : "bg-slate-100 text-slate-700")}>{counts[tab]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {reply && (
        <Alert tone={reply.ok ? "success" : "error"} className="mb-5">
          {reply.message}
        </Alert>
      )}

      {queue.rows.length === 0 ? (
        <EmptyState title={t("registry.vetting.empty")} description={t(`registry.vetting.tab.${status}`)} />
      ) : (
        <ul className="space-y-4" aria-label={t(`registry.vetting.tab.${status}`)}>
          {queue.rows.map((o) => {
            const intents: VettingButtonIntent[] = status === "CHANGES" ? ["approveChanges", "rejectChanges"] : o.actions;
            return (
              <li key={o.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
                <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
                  <div className="min-w-0 space-y-1.5">
                    <h2 className="text-base font-semibold text-slate-900">
                      <Link to={`/broker/orgs/${o.id}`} className="text-brand-800 underline-offset-2 hover:underline">
                        {o.name}
                      </Link>
                    </h2>
                    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
                      <span className="font-mono">{o.uscc}</span>
                      <span>{t.locale === "en" ? o.district.nameEn : o.district.nameZh}</span>
                      <VettingBadge status={o.vettingStatus} />
                    </p>
                    <p className="text-sm text-slate-700">
                      {o.categories.map((c) => categoryLabel(t, c, refs.categories)).join("、") || "—"}
                    </p>
                    <p className="text-sm text-slate-600">
                      {t("registry.vetting.registeredOn", { date: formatDate(o.createdAt, t.locale) })}
                      {" · "}
                      <Link to={`/broker/orgs/${o.id}#documents`} className="text-brand-700 underline-offset-2 hover:underline">
                        {t("registry.documents.count", { count: o.documents })}
                      </Link>
                    </p>
                    {o.vettingNote && (
                      <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800">
                        <span className="font-medium">{t("registry.vetting.note")}：</span>
                        {o.vettingNote}
                      </p>
                    )}
                  </div>
                  <div className="shrink-0 lg:max-w-md">
                    <VettingActions orgId={o.id} orgName={o.name} intents={intents} reply={reply} />
                  </div>
                </div>
                {status === "CHANGES" && o.pending && (
                  <div className="mt-4">
                    <p className="mb-2 text-sm font-medium text-slate-800">
                      {t("registry.pending.requestedAt", { date: formatDateTime(o.pending.requestedAt, t.locale) })}
                    </p>
                    <PendingChangesList changes={o.pending.changes} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Pagination page={queue.page} pageSize={queue.pageSize} total={queue.total} />
    </div>
  );
}
