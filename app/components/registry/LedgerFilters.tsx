// The ledger filter (a GET form): text, district, category, grade, grade validity, union coverage,
// vetting status, incubation. The same query string drives the table, the dashboard and the export.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { GRADE_STATUSES, UNION_COVERAGES, VETTING_STATUSES } from "~/domain/organizations.schema";
import { useT } from "~/i18n/react";
import { Button } from "~/components/Button";
import { controlClasses } from "~/components/Field";
import { cx } from "~/components/cx";
import { categoryLabel, refName, type NamedRef } from "./labels";

export interface LedgerFilterValues {
  q?: string;
  district?: string;
  category?: string;
  grade?: number | "none";
  gradeStatus?: string;
  union?: string;
  status?: string;
  incubated?: boolean;
}

const selectClass = cx(controlClasses, "border-slate-400 pr-8 text-sm");

function FilterSelect({ id, name, label, value, children }: { id: string; name: string; label: string; value: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className={selectClass}>
        {children}
      </select>
    </div>
  );
}

export function LedgerFilters({
  filter,
  districts,
  categories,
  resetTo,
  idPrefix = "lf",
}: {
  filter: LedgerFilterValues;
  districts: NamedRef[];
  categories: NamedRef[];
  /** Where "clear" goes (the page without a query). */
  resetTo: string;
  idPrefix?: string;
}) {
  const t = useT();
  const all = <option value="">{t("registry.filter.all")}</option>;
  const id = (s: string) => `${idPrefix}-${s}`;
  return (
    <Form method="get" role="search" aria-label={t("registry.filter.label")} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="min-w-0 sm:col-span-2 lg:col-span-4">
          <label htmlFor={id("q")} className="mb-1 block text-sm font-medium text-slate-800">
            {t("registry.filter.q")}
          </label>
          <input id={id("q")} name="q" type="search" defaultValue={filter.q ?? ""} placeholder={t("registry.filter.q.placeholder")} className={cx(controlClasses, "border-slate-400 text-sm")} />
        </div>
        <FilterSelect id={id("district")} name="district" label={t("registry.field.district")} value={filter.district ?? ""}>
          {all}
          {districts.map((d) => (
            <option key={d.code} value={d.code}>
              {refName(d, t.locale)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id={id("category")} name="category" label={t("signup.field.categories")} value={filter.category ?? ""}>
          {all}
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {categoryLabel(t, c.code, categories)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id={id("grade")} name="grade" label={t("registry.col.grade")} value={filter.grade === undefined ? "" : String(filter.grade)}>
          {all}
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {t("grade.value", { n })}
            </option>
          ))}
          <option value="none">{t("grade.none")}</option>
        </FilterSelect>
        <FilterSelect id={id("gradeStatus")} name="gradeStatus" label={t("registry.filter.gradeStatus")} value={filter.gradeStatus ?? ""}>
          {all}
          {GRADE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`registry.gradeStatus.${s}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id={id("union")} name="union" label={t("registry.field.unionCoverage")} value={filter.union ?? ""}>
          {all}
          {UNION_COVERAGES.map((u) => (
            <option key={u} value={u}>
              {t(`unionCoverage.${u}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id={id("status")} name="status" label={t("registry.col.vetting")} value={filter.status ?? ""}>
          {all}
          {VETTING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`vetting.${s}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id={id("incubated")} name="incubated" label={t("registry.field.incubated")} value={filter.incubated === undefined ? "" : filter.incubated ? "yes" : "no"}>
          {all}
          <option value="yes">{t("common.yes")}</option>
          <option value="no">{t("common.no")}</option>
        </FilterSelect>
        <div className="flex items-end gap-2">
          <Button type="submit" size="sm" className="py-2">
            {t("registry.filter.apply")}
          </Button>
          <Link to={resetTo} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
            {t("registry.filter.clear")}
          </Link>
        </div>
      </div>
    </Form>
  );
}
