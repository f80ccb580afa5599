// The project lifecycle, drawn from the TRANSITIONS table itself (app/domain/lifecycle.ts): the main
// path as a row of states, an accessible table (transition, from, to, who, reason required) and the
// Mermaid source of the state diagram. Server-rendered; no client JavaScript needed.
import { ProjectStateBadge } from "~/components/Badge";
import { Card } from "~/components/Card";
import { TRANSITIONS, toMermaid, type ProjectState } from "~/domain/lifecycle";
import { t as translate } from "~/i18n";
import { useT } from "~/i18n/react";

const MAIN_PATH: ProjectState[] = ["DRAFT", "SUBMITTED", "PUBLISHED", "EVALUATING", "AWARDED", "IN_DELIVERY", "DELIVERED", "ACCEPTED", "EVALUATED", "CLOSED"];

/** Inputs that carry a written reason (reason, dispute resolution, award rationale). */
const REASON_INPUTS = new Set(["reason", "resolution", "award"]);

export function LifecycleHelp() {
  const t = useT();
  const mermaid = toMermaid({
    stateLabel: (s) => translate(t.locale, `projectState.${s}`),
    transitionLabel: (d) => translate(t.locale, `transition.${d.name}.label`),
  });
  return (
    <Card title={t("broker.lifecycle.title")} id="lifecycle">
      <p className="text-slate-700">{t("broker.lifecycle.intro")}</p>

      <h3 className="mt-6 text-base font-semibold text-slate-900">{t("broker.lifecycle.mainPath")}</h3>
      <ol className="mt-3 flex flex-wrap items-center gap-x-1 gap-y-2" aria-label={t("broker.lifecycle.mainPath")}>
        {MAIN_PATH.map((s, i) => (
          <li key={s} className="flex items-center gap-1">
            <ProjectStateBadge state={s} />
            {i < MAIN_PATH.length - 1 && (
              <span aria-hidden="true" className="text-slate-500">
                →
              </span>
            )}
          </li>
        ))}
      </ol>

      <h3 className="mt-6 text-base font-semibold text-slate-900" id="lifecycle-table">
        {t("broker.lifecycle.table")}
      </h3>
      <div className="relative mt-3 overflow-x-auto rounded-lg border border-slate-200" tabIndex={0} role="region" aria-labelledby="lifecycle-table">
        {/* A readable minimum width: on a phone the table scrolls sideways inside its box. */}
        <table className="w-full min-w-[44rem] divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{t("broker.lifecycle.table")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700">{t("broker.lifecycle.col.transition")}</th>
              <th scope="col" className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700">{t("broker.lifecycle.col.from")}</th>
              <th scope="col" className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700">{t("broker.lifecycle.col.to")}</th>
              <th scope="col" className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700">{t("broker.lifecycle.col.who")}</th>
              <th scope="col" className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700">{t("broker.lifecycle.col.reason")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {TRANSITIONS.map((d) => (
              <tr key={d.name}>
                <th scope="row" className="w-56 px-3 py-2 text-left align-top font-medium text-slate-900">
                  {t(`transition.${d.name}.label`)}
                  <span className="mt-0.5 block text-xs font-normal text-slate-600">{t(`transition.${d.name}.description`)}</span>
                </th>
                <td className="px-3 py-2 align-top">
                  <span className="flex flex-wrap gap-1">
                    {d.from.map((s) => (
                      <ProjectStateBadge key={s} state={s} />
                    ))}
                  </span>
                </td>
                <td className="px-3 py-2 align-top">
                  <ProjectStateBadge state={d.to} />
                </td>
                <td className="px-3 py-2 align-top text-slate-800">{d.roles.map((r) => t(`lifecycle.role.${r}`)).join(t.locale === "en" ? ", " : "、")}</td>
                <td className="px-3 py-2 align-top text-slate-800">
                  {REASON_INPUTS.has(d.input) ? t("broker.lifecycle.reason.yes") : t("broker.lifecycle.reason.no")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <details className="mt-6 rounded-lg border border-slate-200">
        <summary className="lb-summary cursor-pointer px-4 py-3 font-medium text-slate-900">{t("broker.lifecycle.mermaid")}</summary>
        <div className="border-t border-slate-200 px-4 py-3">
          <p className="mb-2 text-sm text-slate-600">{t("broker.lifecycle.mermaid.hint")}</p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
            <code>{mermaid}</code>
          </pre>
        </div>
      </details>
    </Card>
  );
}
