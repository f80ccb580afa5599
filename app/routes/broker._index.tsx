// BROKER dashboard: projects by state, the review queue, tenders past their deadline awaiting an
// award, open disputes, and links to every broker page. Admins may read it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { Badge, PROJECT_STATE_TONE, type ProjectStateName } from "~/components/Badge";
import { LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { cx } from "~/components/cx";
import { EmptyState } from "~/components/EmptyState";
import { formatDateTime } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { brokerDashboard } from "~/domain/broker.server";
import { PROJECT_STATES } from "~/domain/lifecycle";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "broker.dashboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const dash = await brokerDashboard(user);
  return { dash, canAct: user.role === "BROKER" };
}

function Stat({ label, value, to, tone, hint }: { label: string; value: number; to: string; tone: "amber" | "purple" | "red" | "blue"; hint?: string }) {
  const ring = { amber: "border-amber-300", purple: "border-purple-300", red: "border-red-300", blue: "border-blue-300" }[tone];
  return (
    <Link
      to={to}
      className={cx(
        "block rounded-xl border-2 bg-white p-5 shadow-sm hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-600",
        value > 0 ? ring : "border-slate-200",
      )}
    >
      <span className="block text-sm font-medium text-slate-700">{label}</span>
      <span className="mt-1 block text-3xl font-bold tabular-nums text-slate-900">{value}</span>
      {hint && <span className="mt-1 block text-sm text-slate-600">{hint}</span>}
    </Link>
  );
}

export default function BrokerDashboard() {
  const { dash, canAct } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader
        title={t("broker.dashboard.title")}
        description={t("broker.dashboard.subtitle")}
        actions={
          canAct ? (
            <>
              <LinkButton to="/broker/review">{t("broker.dashboard.goReview")}</LinkButton>
              <LinkButton to="/broker/bundles/new" variant="secondary">
                {t("broker.bundle.new")}
              </LinkButton>
            </>
          ) : undefined
        }
      />

      <section aria-labelledby="todo-heading">
        <h2 id="todo-heading" className="sr-only">
          {t("broker.dashboard.todo")}
        </h2>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Stat label={t("broker.dashboard.reviewQueue")} value={dash.reviewQueue} to="/broker/review" tone="amber" hint={t("broker.dashboard.reviewQueue.hint")} />
          <Stat
            label={t("broker.dashboard.awaitingAward")}
            value={dash.awaitingAward.total}
            to="/broker/projects?state=EVALUATING"
            tone="purple"
            hint={t("broker.dashboard.awaitingAward.hint")}
          />
          <Stat label={t("broker.dashboard.openDisputes")} value={dash.openDisputes} to="/broker/disputes" tone="red" hint={t("broker.dashboard.openDisputes.hint")} />
          <Stat label={t("broker.dashboard.bundlesOpen")} value={dash.bundlesOpen} to="/broker/projects?bundled=only&state=PUBLISHED" tone="blue" hint={t("broker.dashboard.bundlesOpen.hint")} />
        </div>
      </section>

      <Card title={t("broker.dashboard.awaitingAward")} actions={<Link to="/broker/projects?state=EVALUATING" className="text-sm font-medium text-brand-700 underline">{t("broker.dashboard.seeAll")}</Link>}>
        {dash.awaitingAward.items.length === 0 ? (
          <EmptyState title={t("broker.dashboard.awaitingAward.empty")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {dash.awaitingAward.items.map((p) => (
              <li key={p.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="text-sm text-slate-600">
                    <span className="font-mono">{p.code}</span>
                    {p.isBundle && (
                      <Badge tone="brand" className="ml-2">
                        {t("broker.bundle.badge")}
                      </Badge>
                    )}
                  </p>
                  <Link to={`/broker/projects/${p.id}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">
                    {p.title}
                  </Link>
                  <p className="text-sm text-slate-600">
                    {t("broker.dashboard.deadlineWas", { date: p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—" })}
                    {" · "}
                    {t("broker.dashboard.bidCount", { count: p.bidCount })}
                  </p>
                </div>
                {canAct && (
                  <LinkButton to={`/broker/projects/${p.id}/award`} size="sm">
                    {t("broker.award.open")}
                  </LinkButton>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t("broker.dashboard.byState", { total: dash.total })}>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
          {PROJECT_STATES.map((s) => (
            <li key={s}>
              <Link
                to={`/broker/projects?state=${s}`}
                className="flex flex-col items-start gap-1 rounded-lg border border-slate-200 p-3 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              >
                <Badge tone={PROJECT_STATE_TONE[s as ProjectStateName] ?? "gray"}>{t(`projectState.${s}`)}</Badge>
                <span className="text-2xl font-semibold tabular-nums text-slate-900">{dash.counts[s] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Card>

      <Card title={t("broker.dashboard.links")}>
        <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {[
            { to: "/broker/review", label: t("broker.review.title") },
            { to: "/broker/projects", label: t("broker.projects.title") },
            { to: "/broker/bundles/new", label: t("broker.bundle.title") },
            { to: "/broker/disputes", label: t("broker.disputes.title") },
            { to: "/help#lifecycle", label: t("broker.lifecycle.title") },
          ].map((l) => (
            <li key={l.to}>
              <Link to={l.to} className="block rounded-md border border-slate-200 px-4 py-3 font-medium text-brand-800 hover:bg-slate-50">
                {l.label} <span aria-hidden="true">→</span>
              </Link>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
