// A GET search form that submits as you type (debounced) and when a facet changes; without JavaScript
// it is a plain GET form with a submit button.
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { useT } from "~/i18n/react";

export function SearchForm({
  id,
  children,
  className,
}: {
  id: string;
  children: ReactNode;
  className?: string;
}) {
  const submit = useSubmit();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    []
  );
  return (
    <Form
      id={id}
      method="get"
      role="search"
      className={className}
      onChange={(e) => {
        const form = e.currentTarget;
        const target = e.target as HTMLInputElement;
        // Typing waits for a pause; a checkbox or select applies at once. Either way page goes back to 1.
        const delay =
          target.type === "search" || target.type === "text" ? 300 : 0;
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          const fd = new FormData(form);
          fd.delete("page");
          submit(fd, {
            method: "get",
            replace: true,
            preventScrollReset: true,
          });
        }, delay);
      }}
    >
      {children}
    </Form>
  );
}

export function SearchingStatus() {
  const t = useT();
  const nav = useNavigation();
  const busy =
    nav.state === "loading" &&
    nav.location?.pathname ===
      (typeof window === "undefined" ? "" : window.location.pathname);
  return (
    <span className="text-sm text-slate-600" aria-live="polite">
      {busy ? t("search.searching") : ""}
    </span>
  );
}

export interface FacetOption {
  value: string;
  label: string;
  count: number;
}

/** A group of checkboxes (multi-select facet) with counts. */
export function FacetGroup({
  name,
  legend,
  options,
  selected,
  form,
}: {
  name: string;
  legend: string;
  options: FacetOption[];
  selected: readonly string[];
  form?: string;
}) {
  if (options.length === 0) return null;
  return (
    <fieldset className="border-t border-slate-200 pt-3 first:border-t-0 first:pt-0">
      <legend className="mb-1.5 text-sm font-semibold text-slate-900">
        {legend}
      </legend>
      <ul className="space-y-1">
        {options.map((o) => {
          const id = `f-${name}-${o.value}`;
          return (
            <li
              key={o.value}
              className="flex items-center justify-between gap-2 text-sm"
            >
              <label
                htmlFor={id}
                className="flex min-w-0 items-center gap-2 text-slate-800"
              >
                <input
                  id={id}
                  type="checkbox"
                  name={name}
                  value={o.value}
                  form={form}
                  defaultChecked={selected.includes(o.value)}
                  className="h-4 w-4 rounded border-slate-400 text-brand-700"
                />
                <span className="truncate">{o.label}</span>
              </label>
              <span className="shrink-0 tabular-nums text-xs text-slate-600">
                {o.count}
              </span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
