// /projects — the projects this user may see (listProjects is role-scoped): an enterprise its own needs,
// an organization the open tenders (or, with "mine", those it bid on or holds), staff everything.
// Filters: state, category, district, text; paginated. Bad filter values are ignored, never a 500.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { listProjects } from "~/domain/projects.server";
import { PROJECT_STATE_VALUES, projectFiltersSchema } from "~/domain/projects.schema";
import { Button, LinkButton } from "~/components/Button";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { ProjectTable } from "~/components/marketplace/ProjectBits";
import { actorOf, loadRefs, orRespond } from "~/components/marketplace/helpers.server";
import { refOptions } from "~/components/marketplace/labels";
import { localeFromMatches } from "~/i18n/meta";
import { t as translate, type MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";

const TITLE: Record<string, MessageKey> = {
  ENTERPRISE: "projects.title.enterprise",
  ORG: "projects.title.org",
  BROKER: "projects.title.all",
  ADMIN: "projects.title.all",
};

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: `${translate(locale, TITLE[d?.role ?? "ADMIN"] ?? "projects.title.all")} · ${translate(locale, "app.name")}` }];
};

function readFilters(url: URL, role: string) {
  const raw = {
    state: url.searchParams.get("state") ?? "",
    categoryCode: url.searchParams.get("category") ?? "",
    districtCode: url.searchParams.get("district") ?? "",
    q: (url.searchParams.get("q") ?? "").slice(0, 100),
    mine: role === "ORG" && url.searchParams.get("mine") === "1",
  };
  const state = (PROJECT_STATE_VALUES as readonly string[]).includes(raw.state) ? raw.state : "";
  // Organizations browse open tenders unless they look at their own projects or pick a state.
  const effectiveState = state || (role === "ORG" && !raw.mine ? "PUBLISHED" : "");
  const parsed = projectFiltersSchema.safeParse({ ...raw, state: effectiveState });
  return { form: { ...raw, state }, filters: parsed.success ? parsed.data : {} };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const { page, pageSize } = parsePageParams(url);
  const { form, filters } = readFilters(url, user.role);
  const [list, refs] = await Promise.all([orRespond(listProjects(actorOf(user), filters, { page, pageSize })), loadRefs()]);
  return { role: user.role, form, ...refs, items: list.items, total: list.total, page: list.page, pageSize: list.pageSize };
}

export default function ProjectsIndex() {
  const { role, form, categories, districts, items, total, page, pageSize } = useLoaderData<typeof loader>();
  const t = useT();
  const title = t(TITLE[role] ?? "projects.title.all");
  const selectClass = "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base";
  return (
    <div className="space-y-6">
      <PageHeader
        title={title}
        description={t.tx(`projects.subtitle.${role}`)}
        actions={
          role === "ENTERPRISE" ? (
            <LinkButton to="/projects/new">{t("need.new.title")}</LinkButton>
          ) : undefined
        }
      />

      <Form method="get" className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5" role="search" aria-label={t("projects.filter.label")}>
        <div className="lg:col-span-2">
          <label htmlFor="f-q" className="mb-1 block text-sm font-medium text-slate-800">
            {t("projects.filter.q")}
          </label>
          <input id="f-q" name="q" type="search" defaultValue={form.q} maxLength={100} placeholder={t("projects.filter.q.placeholder")} className={selectClass} />
        </div>
        <div>
          <label htmlFor="f-state" className="mb-1 block text-sm font-medium text-slate-800">
            {t("projects.filter.state")}
          </label>
          <select id="f-state" name="state" defaultValue={form.state} className={selectClass}>
            <option value="">{role === "ORG" && !form.mine ? t("projectState.PUBLISHED") : t("projects.filter.all")}</option>
            {PROJECT_STATE_VALUES.map((s) => (
              <option key={s} value={s}>
                {t(`projectState.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-category" className="mb-1 block text-sm font-medium text-slate-800">
            {t("projects.filter.category")}
          </label>
          <select id="f-category" name="category" defaultValue={form.categoryCode} className={selectClass}>
            <option value="">{t("projects.filter.all")}</option>
            {refOptions(categories, t.locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-district" className="mb-1 block text-sm font-medium text-slate-800">
            {t("projects.filter.district")}
          </label>
          <select id="f-district" name="district" defaultValue={form.districtCode} className={selectClass}>
            <option value="">{t("projects.filter.all")}</option>
            {refOptions(districts, t.locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-5">
          {role === "ORG" && (
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="mine" value="1" defaultChecked={form.mine} className="size-4 accent-brand-700" />
              {t("projects.filter.mine")}
            </label>
          )}
          <Button type="submit" variant="secondary" className="sm:ml-auto">
            {t("projects.filter.submit")}
          </Button>
        </div>
      </Form>

      <ProjectTable
        rows={items}
        categories={categories}
        districts={districts}
        caption={title}
        showEnterprise={role !== "ENTERPRISE"}
        empty={t("projects.empty")}
      />
      <Pagination page={page} pageSize={pageSize} total={total} showPageSize />
    </div>
  );
}
