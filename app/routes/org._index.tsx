// /org — the organization's dashboard: suggested open tenders (its categories and districts first,
// with why), its bids, its awards and the ratings it received. An organization that is not APPROVED
// sees why it cannot bid (the shell also shows the vetting notice on every page).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { orgDashboard } from "~/domain/marketplace-views.server";
import { formatFen } from "~/domain/money";
import { Alert } from "~/components/Alert";
import { Badge, ProjectStateBadge, VettingBadge, type ProjectStateName, type VettingStatusName } from "~/components/Badge";
import { LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { EmptyState } from "~/components/EmptyState";
import { PageHeader } from "~/components/PageHeader";
import { formatDate, formatDateTime } from "~/components/format";
import { FactList } from "~/components/marketplace/ProjectBits";
import { actorOf, loadRefs, orRespond, requireOrgUser } from "~/components/marketplace/helpers.server";
import { formatScore, refName } from "~/components/marketplace/labels";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orgDash.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrgUser(request);
  const [dash, refs] = await Promise.all([orRespond(orgDashboard(actorOf(user))), loadRefs()]);
  return { ...dash, ...refs };
}

export default function OrgDashboard() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const approved = d.org.vettingStatus === "APPROVED";
  const gradeText = d.org.grade
    ? d.org.gradeValidUntil && new Date(d.org.gradeValidUntil).getTime() < Date.now()
      ? t("grade.expired", { n: d.org.grade })
      : t("grade.value", { n: d.org.grade })
    : t("grade.none");

  return (
    <div className="space-y-8">
      <PageHeader
        title={t("orgDash.title")}
        description={d.org.name}
        actions={
          <>
            <LinkButton to="/projects">{t("orgDash.browse")}</LinkButton>
            <LinkButton to="/projects?mine=1" variant="secondary">
              {t("orgDash.myProjects")}
            </LinkButton>
          </>
        }
      />

      {!approved && (
        <Alert tone={d.org.vettingStatus === "PENDING" ? "warning" : "error"} title={t("orgDash.cannotBid.title")}>
          <p>{t.tx(`orgDash.cannotBid.${d.org.vettingStatus}`)}</p>
          <p className="mt-1">
            <Link to="/org/profile" className="font-medium underline underline-offset-2">
              {t("orgDash.profileLink")}
            </Link>
          </p>
        </Alert>
      )}

      <Card title={t("orgDash.profile")}>
        <FactList
          className="sm:grid-cols-4"
          items={[
            { label: t("orgDash.vetting"), value: <VettingBadge status={d.org.vettingStatus as VettingStatusName} /> },
            { label: t("org.grade"), value: gradeText },
            { label: t("org.union"), value: t.tx(`unionCoverage.${d.org.unionCoverage}`) },
            { label: t("org.performance"), value: formatScore(d.org.performanceScore) },
          ]}
        />
      </Card>

      <section aria-labelledby="recommended" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="recommended" className="text-lg font-semibold text-slate-900">
            {t("orgDash.recommended", { n: d.openCount })}
          </h2>
          <Link to="/projects" className="text-sm font-medium text-brand-700 underline underline-offset-2">
            {t("orgDash.allOpen")}
          </Link>
        </div>
        {d.recommended.length === 0 ? (
          <EmptyState title={t("orgDash.noOpen")} />
        ) : (
          <ul className="grid grid-cols-1 gap-4 md:grid-cols-2">
            {d.recommended.map((p) => (
              <li key={p.id} className="flex flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex items-start justify-between gap-3">
                  <Link to={`/projects/${p.id}`} className="min-w-0 font-semibold text-brand-700 underline-offset-2 hover:underline">
                    {p.title}
                  </Link>
                  <span className="shrink-0 font-semibold tabular-nums text-slate-900">{formatFen(p.budgetFen)}</span>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  <span className="font-mono">{p.code}</span> · {refName(d.categories, p.categoryCode, t.locale)} · {refName(d.districts, p.districtCode, t.locale)}
                </p>
                <p className="mt-1 text-sm text-slate-700">
                  {t("orgDash.deadline", { at: p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—" })}
                </p>
                <div className="mt-3 flex flex-wrap gap-2">
                  {p.reasons.map((r) => (
                    <Badge key={r} tone="teal">
                      {t.tx(`orgDash.why.${r}`)}
                    </Badge>
                  ))}
                  {p.hasBid ? (
                    <Badge tone="blue">{t("orgDash.bidSubmitted")}</Badge>
                  ) : p.admitted ? (
                    <Badge tone="green">{t("orgDash.admitted")}</Badge>
                  ) : (
                    <Badge tone="red">{t("orgDash.notAdmitted")}</Badge>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="bids" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="bids" className="text-lg font-semibold text-slate-900">
            {t("orgDash.bids", { n: d.bids.total })}
          </h2>
          {d.bids.total > d.bids.items.length && (
            <Link to="/projects?mine=1" className="text-sm font-medium text-brand-700 underline underline-offset-2">
              {t("orgDash.allBids")}
            </Link>
          )}
        </div>
        <DataTable
          caption={t("orgDash.bids", { n: d.bids.total })}
          rows={d.bids.items}
          rowKey={(b) => b.id}
          empty={t("orgDash.noBids")}
          columns={[
            {
              key: "project",
              header: t("projects.col.title"),
              cell: (b) => (
                <div className="min-w-[10rem]">
                  <Link to={`/projects/${b.project.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {b.project.title}
                  </Link>
                  <p className="font-mono text-xs text-slate-600">{b.project.code}</p>
                </div>
              ),
            },
            { key: "amount", header: t("bid.field.amount"), align: "right", cell: (b) => <span className="tabular-nums">{formatFen(b.amountFen)}</span> },
            {
              key: "state",
              header: t("orgDash.bidState"),
              cell: (b) => <Badge tone={b.state === "AWARDED" ? "green" : b.state === "SUBMITTED" ? "blue" : "gray"}>{t.tx(`bidState.${b.state}`)}</Badge>,
            },
            { key: "project-state", header: t("orgDash.projectState"), hideOnMobile: true, cell: (b) => <ProjectStateBadge state={b.project.state as ProjectStateName} /> },
            {
              key: "deadline",
              header: t("projects.col.deadline"),
              hideOnMobile: true,
              cell: (b) => <span className="whitespace-nowrap">{b.project.bidDeadline ? formatDateTime(b.project.bidDeadline, t.locale) : "—"}</span>,
            },
          ]}
        />
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title={t("orgDash.awards", { n: d.awards.length })}>
          {d.awards.length === 0 ? (
            <p className="text-slate-700">{t("orgDash.noAwards")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {d.awards.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                  <Link to={`/projects/${a.project.id}`} className="min-w-0 flex-1 font-medium text-brand-700 underline-offset-2 hover:underline">
                    {a.project.title}
                  </Link>
                  <span className="tabular-nums text-slate-800">{formatFen(a.amountFen)}</span>
                  <ProjectStateBadge state={a.project.state as ProjectStateName} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card
          title={t("orgDash.ratings")}
          actions={
            d.ratingSummary.average !== null ? (
              <span className="text-sm text-slate-700">{t("org.ratings.value", { avg: formatScore(d.ratingSummary.average, 2), n: d.ratingSummary.count })}</span>
            ) : undefined
          }
        >
          {d.ratings.length === 0 ? (
            <p className="text-slate-700">{t("org.ratings.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {d.ratings.map((r) => {
                const avg = (r.quality + r.timeliness + r.professionalism + r.workerResponse) / 4;
                return (
                  <li key={r.id} className="py-2">
                    <div className="flex flex-wrap items-center gap-x-3">
                      <Link to={`/projects/${r.project.id}`} className="min-w-0 flex-1 font-medium text-brand-700 underline-offset-2 hover:underline">
                        {r.project.title}
                      </Link>
                      <span className="font-semibold tabular-nums text-amber-700">{t("orgDash.ratingAvg", { avg: avg.toFixed(2) })}</span>
                    </div>
                    {r.comment && <p className="mt-1 text-sm text-slate-700">{r.comment}</p>}
                    <p className="text-xs text-slate-600">{formatDate(r.createdAt, t.locale)}</p>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
