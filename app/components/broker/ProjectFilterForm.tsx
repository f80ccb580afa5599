// The GET filter form of the broker's project lists (state, district, category, text). Plain form:
// works without JavaScript; the page size survives a new filter, the page number does not.
import { Form, useSearchParams } from "@remix-run/react";
import { Button, LinkButton } from "~/components/Button";
import { PROJECT_STATES } from "~/domain/lifecycle";
import { useT } from "~/i18n/react";
import { categoryText, refLabel, type RefItem } from "./labels";

const LG_COLS: Record<number, string> = { 4: "lg:grid-cols-4", 5: "lg:grid-cols-5", 6: "lg:grid-cols-6" };

const selectClass = "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900";

export interface ProjectFilterValues {
  state?: string;
  district?: string;
  category?: string;
  q?: string;
  bundled?: string;
}

export function ProjectFilterForm({
  refs,
  values,
  withState = false,
  withBundled = false,
}: {
  refs: { districts: RefItem[]; categories: RefItem[] };
  values: ProjectFilterValues;
  withState?: boolean;
  withBundled?: boolean;
}) {
  const t = useT();
  const [params] = useSearchParams();
  const pageSize = params.get("pageSize");
  const active = Object.values(values).some(Boolean);
  return (
    <Form method="get" role="search" aria-label={t("broker.filter.label")} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {pageSize && <input type="hidden" name="pageSize" value={pageSize} />}
      <div className={`grid grid-cols-1 gap-4 sm:grid-cols-2 ${LG_COLS[4 + (withState ? 1 : 0) + (withBundled ? 1 : 0)]}`}>
        <div className="lg:col-span-2">
          <label htmlFor="f-q" className="mb-1.5 block text-sm font-medium text-slate-800">
            {t("broker.filter.q")}
          </label>
          <input id="f-q" name="q" type="search" defaultValue={values.q ?? ""} maxLength={100} placeholder={t("broker.filter.q.placeholder")} className={selectClass} />
        </div>
        {withState && (
          <div>
            <label htmlFor="f-state" className="mb-1.5 block text-sm font-medium text-slate-800">
              {t("broker.filter.state")}
            </label>
            <select id="f-state" name="state" defaultValue={values.state ?? ""} className={selectClass}>
              <option value="">{t("broker.filter.all")}</option>
              {PROJECT_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`projectState.${s}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label htmlFor="f-district" className="mb-1.5 block text-sm font-medium text-slate-800">
            {t("broker.filter.district")}
          </label>
          <select id="f-district" name="district" defaultValue={values.district ?? ""} className={selectClass}>
            <option value="">{t("broker.filter.all")}</option>
            {refs.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {refLabel(d, t.locale)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-category" className="mb-1.5 block text-sm font-medium text-slate-800">
            {t("broker.filter.category")}
          </label>
          <select id="f-category" name="category" defaultValue={values.category ?? ""} className={selectClass}>
            <option value="">{t("broker.filter.all")}</option>
            {refs.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryText(t, c.code, refs.categories)}
              </option>
            ))}
          </select>
        </div>
        {withBundled && (
          <div>
            <label htmlFor="f-bundled" className="mb-1.5 block text-sm font-medium text-slate-800">
              {t("broker.filter.bundled")}
            </label>
            <select id="f-bundled" name="bundled" defaultValue={values.bundled ?? ""} className={selectClass}>
              <option value="">{t("broker.filter.all")}</option>
              <option value="only">{t("broker.filter.bundled.only")}</option>
              <option value="exclude">{t("broker.filter.bundled.exclude")}</option>
            </select>
          </div>
        )}
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button type="submit">{t("broker.filter.submit")}</Button>
        {active && (
          <LinkButton to={pageSize ? `?pageSize=${encodeURIComponent(pageSize)}` : "?"} variant="ghost">
            {t("broker.filter.reset")}
          </LinkButton>
        )}
      </div>
    </Form>
  );
}
