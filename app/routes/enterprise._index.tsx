// /enterprise — the enterprise's dashboard: its projects by state (counts), what needs its attention
// (drafts and returned needs, deliveries to accept, services to rate, tenders in evaluation), recent
// projects and quick links.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { enterpriseDashboard } from "~/domain/marketplace-views.server";
import { PROJECT_STATES } from "~/domain/lifecycle";
import { formatFen } from "~/domain/money";
import { LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { EmptyState } from "~/components/EmptyState";
import { PageHeader } from "~/components/PageHeader";
import { PROJECT_STATE_TONE, ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { cx } from "~/components/cx";
import { ProjectTable } from "~/components/marketplace/ProjectBits";
import { actorOf, loadRefs, orRespond, requireEnterpriseUser } from "~/components/marketplace/helpers.server";
import { pageTitle } from "~/i18n/meta";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enterpriseDash.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const [dash, refs] = await Promise.all([orRespond(enterpriseDashboard(actorOf(user))), loadRefs()]);
  return { ...dash, ...refs, name: user.displayName };
}

const TONE_BORDER: Record<string, string> = {
  gray: "border-l-slate-400",
  blue: "border-l-blue-500",
  green: "border-l-green-600",
  amber: "border-l-amber-500",
  red: "border-l-red-600",
  purple: "border-l-purple-500",
  teal: "border-l-teal-600",
  brand: "border-l-brand-700",
};

interface TodoRow {
  id: string;
  code: string;
  title: string;
  state: string;
  budgetFen: number;
}

export default function EnterpriseDashboard() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const states = PROJECT_STATES.filter((s) => (d.counts[s] ?? 0) > 0);

  const todo: Array<{ key: MessageKey; rows: TodoRow[]; hint: MessageKey }> = [
    { key: "enterpriseDash.todo.drafts", rows: d.drafts, hint: "enterpriseDash.todo.drafts.hint" },
    { key: "enterpriseDash.todo.accept", rows: d.toAccept, hint: "enterpriseDash.todo.accept.hint" },
    { key: "enterpriseDash.todo.rate", rows: d.toRate, hint: "enterpriseDash.todo.rate.hint" },
    { key: "enterpriseDash.todo.bids", rows: d.bidsOpen, hint: "enterpriseDash.todo.bids.hint" },
  ];
  const anyTodo = todo.some((x) => x.rows.length > 0);

  return (
    <div className="space-y-8">
      <PageHeader
        title={t("enterpriseDash.title")}
        description={t("enterpriseDash.subtitle")}
        actions={
          <>
            <LinkButton to="/projects/new">{t("need.new.title")}</LinkButton>
            <LinkButton to="/projects" variant="secondary">
              {t("enterpriseDash.allProjects")}
            </LinkButton>
          </>
        }
      />

      <section aria-labelledby="by-state">
        <h2 id="by-state" className="mb-3 text-lg font-semibold text-slate-900">
          {t("enterpriseDash.byState", { n: d.total })}
        </h2>
        {states.length === 0 ? (
          <EmptyState
            title={t("enterpriseDash.empty.title")}
            description={t("enterpriseDash.empty.body")}
            action={<LinkButton to="/projects/new">{t("need.new.title")}</LinkButton>}
          />
        ) : (
          <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4 sm:gap-3 lg:grid-cols-6">
            {states.map((s) => (
              <li key={s}>
                <Link
                  to={`/projects?state=${s}`}
                  className={cx(
                    "block rounded-lg border border-l-4 border-slate-200 bg-white px-3 py-2 shadow-sm hover:bg-slate-50 sm:px-4 sm:py-3",
                    TONE_BORDER[PROJECT_STATE_TONE[s as ProjectStateName]],
                  )}
                >
                  <span className="block text-2xl font-bold tabular-nums text-slate-900">{d.counts[s]}</span>
                  <span className="text-sm text-slate-700">{t(`projectState.${s}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {anyTodo && (
        <section aria-labelledby="todo" className="space-y-3">
          <h2 id="todo" className="text-lg font-semibold text-slate-900">
            {t("enterpriseDash.todo")}
          </h2>
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            {todo
              .filter((x) => x.rows.length > 0)
              .map((x) => (
                <Card key={x.key} title={t("common.withCount", { label: t(x.key), n: x.rows.length })} headingLevel={3}>
                  <p className="mb-3 text-sm text-slate-600">{t(x.hint)}</p>
                  <ul className="divide-y divide-slate-100">
                    {x.rows.slice(0, 5).map((p) => (
                      <li key={p.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                        <Link to={`/projects/${p.id}`} className="min-w-0 flex-1 font-medium text-brand-700 underline-offset-2 hover:underline">
                          {p.title}
                        </Link>
                        <span className="text-sm tabular-nums text-slate-700">{formatFen(p.budgetFen)}</span>
                        <ProjectStateBadge state={p.state as ProjectStateName} />
                      </li>
                    ))}
                  </ul>
                </Card>
              ))}
          </div>
        </section>
      )}

      <section aria-labelledby="recent" className="space-y-3">
        <div className="flex items-end justify-between gap-3">
          <h2 id="recent" className="text-lg font-semibold text-slate-900">
            {t("enterpriseDash.recent")}
          </h2>
          <Link to="/projects" className="text-sm font-medium text-brand-700 underline underline-offset-2">
            {t("enterpriseDash.allProjects")}
          </Link>
        </div>
        <ProjectTable rows={d.recent} categories={d.categories} districts={d.districts} caption={t("enterpriseDash.recent")} empty={t("projects.empty")} />
      </section>

      <nav aria-label={t("enterpriseDash.links")} className="flex flex-wrap gap-3 text-sm">
        <Link to="/notifications" className="font-medium text-brand-700 underline underline-offset-2">
          {t("nav.notifications")}
        </Link>
        <Link to="/help" className="font-medium text-brand-700 underline underline-offset-2">
          {t("nav.help")}
        </Link>
      </nav>
    </div>
  );
}
