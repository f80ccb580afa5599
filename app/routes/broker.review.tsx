// BROKER review queue: needs SUBMITTED by enterprises. Open one to publish it (set the bid deadline),
// return it or reject it with a reason (/broker/projects/:id); tick several of one category to merge
// them into a bundle (集中采购, /broker/bundles/new). Admins may read it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { Button, LinkButton } from "~/components/Button";
import { DataTable } from "~/components/DataTable";
import { formatDateTime, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { categoryText, codeLabel } from "~/components/broker/labels";
import { ProjectFilterForm } from "~/components/broker/ProjectFilterForm";
import { codeParam, textParam } from "~/components/broker/params.server";
import { listReviewQueue, referenceLists } from "~/domain/broker.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "broker.review.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const url = new URL(request.url);
  const { page, pageSize } = parsePageParams(url);
  const filters = { districtCode: codeParam(url, "district"), categoryCode: codeParam(url, "category"), q: textParam(url, "q") };
  const [queue, refs] = await Promise.all([listReviewQueue(user, filters, { page, pageSize }), referenceLists()]);
  return { queue, refs, filters, canAct: user.role === "BROKER" };
}

export default function BrokerReview() {
  const { queue, refs, filters, canAct } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link to="/broker" className="underline">
            {t("broker.dashboard.title")}
          </Link>
        }
        title={t("broker.review.title")}
        description={t("broker.review.subtitle")}
      />

      <ProjectFilterForm refs={refs} values={{ district: filters.districtCode, category: filters.categoryCode, q: filters.q }} />

      {/* Ticking needs and pressing "bundle" opens the bundle form with them selected (GET, no JS needed). */}
      <Form method="get" action="/broker/bundles/new" className="space-y-3">
        <DataTable
          caption={t("broker.review.caption", { total: queue.total })}
          rows={queue.items}
          rowKey={(p) => p.id}
          empty={t("broker.review.empty")}
          columns={[
            ...(canAct
              ? [
                  {
                    key: "select",
                    // Visible header text: an sr-only (absolutely positioned) span inside the scrolling table
                    // would escape the scroll box and widen the page on phones.
                    header: <span className="text-xs font-medium text-slate-600">{t("broker.review.select")}</span>,
                    cell: (p: (typeof queue.items)[number]) => (
                      <input
                        type="checkbox"
                        name="needIds"
                        value={p.id}
                        aria-label={t("broker.review.selectOne", { code: p.code })}
                        className="size-5 accent-brand-700"
                      />
                    ),
                  },
                ]
              : []),
            {
              key: "title",
              header: t("broker.col.project"),
              cell: (p) => (
                <div className="min-w-[12rem]">
                  <span className="block font-mono text-xs text-slate-600">{p.code}</span>
                  <Link to={`/broker/projects/${p.id}`} className="font-medium text-brand-800 underline-offset-2 hover:underline">
                    {p.title}
                  </Link>
                </div>
              ),
            },
            { key: "enterprise", header: t("broker.col.enterprise"), cell: (p) => <span className="block min-w-[9rem]">{p.enterprise?.name ?? "—"}</span> },
            {
              key: "category",
              header: t("broker.col.categoryDistrict"),
              cell: (p) => (
                <span className="block min-w-[6rem]">
                  {categoryText(t, p.categoryCode, refs.categories)}
                  <span className="block text-slate-600">{codeLabel(p.districtCode, refs.districts, t.locale)}</span>
                </span>
              ),
            },
            { key: "budget", header: t("broker.col.budget"), align: "right", cell: (p) => <span className="whitespace-nowrap tabular-nums">{formatFen(p.budgetFen)}</span> },
            {
              key: "deadline",
              header: t("broker.col.proposedDeadline"),
              hideOnMobile: true,
              cell: (p) => <span className="block min-w-[5.5rem]">{p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—"}</span>,
            },
            {
              key: "submitted",
              header: t("broker.col.submittedAt"),
              hideOnMobile: true,
              cell: (p) => <span className="block min-w-[5.5rem]">{formatDateTime(p.updatedAt, t.locale)}</span>,
            },
            {
              key: "open",
              header: t("common.actions"),
              cell: (p) => (
                <LinkButton
                  to={`/broker/projects/${p.id}`}
                  size="sm"
                  variant={canAct ? "primary" : "secondary"}
                  className="whitespace-nowrap"
                  aria-label={t("broker.review.openOne", { code: p.code })}
                >
                  {canAct ? t("broker.review.open") : t("common.details")}
                </LinkButton>
              ),
            },
          ]}
        />
        {canAct && queue.items.length > 0 && (
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <Button type="submit" variant="secondary">
              {t("broker.review.bundleSelected")}
            </Button>
            <p className="text-sm text-slate-600">{t("broker.review.bundleHint")}</p>
          </div>
        )}
      </Form>
      <Pagination page={queue.page} pageSize={queue.pageSize} total={queue.total} showPageSize />
    </div>
  );
}
