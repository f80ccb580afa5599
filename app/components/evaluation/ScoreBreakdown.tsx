// The score of a project, indicator by indicator: the tree with its weights, what each computed leaf
// was computed from (delivery report, ratings, survey, disputes), each score and the points it adds.
import type { ReactNode } from "react";
import type { BreakdownRow, IndicatorKindName } from "~/domain/scoring";
import { Badge } from "~/components/Badge";
import { cx } from "~/components/cx";
import { useT, type TFunction } from "~/i18n/react";
import { formatBp, formatNumber, formatScore, localName } from "./format";

export const KIND_LABEL = {
  GROUP: "indicators.kind.GROUP",
  PEOPLE_RATIO: "indicators.kind.PEOPLE_RATIO",
  SESSIONS_RATIO: "indicators.kind.SESSIONS_RATIO",
  ON_TIME: "indicators.kind.ON_TIME",
  ENTERPRISE_RATING: "indicators.kind.ENTERPRISE_RATING",
  SURVEY: "indicators.kind.SURVEY",
  BROKER_ASSESSMENT: "indicators.kind.BROKER_ASSESSMENT",
  PENALTY: "indicators.kind.PENALTY",
} as const satisfies Record<IndicatorKindName, string>;

type Detail = Record<string, number | string | null> | undefined;

const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0));

/** What a leaf's score was computed from, in words. */
export function detailText(row: Pick<BreakdownRow, "kind" | "missing" | "excluded"> & { detail?: Detail }, t: TFunction): string {
  const d = row.detail ?? {};
  const missing = row.missing ? t(row.excluded ? "evaluation.detail.missingExcluded" : "evaluation.detail.missingZero") : "";
  switch (row.kind) {
    case "PEOPLE_RATIO":
    case "SESSIONS_RATIO": {
      if (row.missing) return `${t("evaluation.detail.noReport")} ${missing}`;
      const ratio = d.ratioBp === null || d.ratioBp === undefined ? "—" : formatBp(num(d.ratioBp), t.locale);
      return t(row.kind === "PEOPLE_RATIO" ? "evaluation.detail.people" : "evaluation.detail.sessions", {
        actual: formatNumber(num(d.actual), t.locale),
        planned: formatNumber(num(d.planned), t.locale),
        ratio,
      });
    }
    case "ON_TIME": {
      if (row.missing) return `${t("evaluation.detail.noReport")} ${missing}`;
      if (!d.due) return t("evaluation.detail.noDue", { delivered: String(d.delivered ?? "—") });
      return num(d.daysLate) > 0
        ? t("evaluation.detail.late", { due: String(d.due), delivered: String(d.delivered), days: num(d.daysLate) })
        : t("evaluation.detail.onTime", { due: String(d.due), delivered: String(d.delivered) });
    }
    case "ENTERPRISE_RATING":
      if (row.missing) return `${t("evaluation.detail.noRatings")} ${missing}`;
      return t("evaluation.detail.ratings", { count: num(d.ratings), mean: formatNumber(num(d.mean), t.locale) });
    case "SURVEY":
      if (row.missing) return `${t("evaluation.detail.fewResponses", { count: num(d.responses) })} ${missing}`;
      return t("evaluation.detail.survey", { count: num(d.responses), mean: formatNumber(num(d.mean), t.locale) });
    case "BROKER_ASSESSMENT":
      if (row.missing) return t("evaluation.detail.brokerMissing");
      return d.comment ? t("evaluation.detail.brokerComment", { comment: String(d.comment) }) : t("evaluation.detail.broker");
    case "PENALTY":
      return t("evaluation.detail.penalty", { count: num(d.items), points: formatNumber(num(d.pointsPerItem), t.locale) });
    default:
      return "";
  }
}

export function ScoreBreakdown({ rows, caption, liveCodes }: { rows: BreakdownRow[]; caption: string; liveCodes?: ReadonlySet<string> }) {
  const t = useT();
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-label={caption} tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-3 py-2.5 text-left font-semibold text-slate-700">
              {t("evaluation.col.indicator")}
            </th>
            <th scope="col" className="whitespace-nowrap px-3 py-2.5 text-right font-semibold text-slate-700">
              {t("evaluation.col.weight")}
            </th>
            <th scope="col" className="hidden px-3 py-2.5 text-left font-semibold text-slate-700 md:table-cell">
              {t("evaluation.col.basis")}
            </th>
            <th scope="col" className="whitespace-nowrap px-3 py-2.5 text-right font-semibold text-slate-700">
              {t("evaluation.col.score")}
            </th>
            <th scope="col" className="whitespace-nowrap px-3 py-2.5 text-right font-semibold text-slate-700">
              {t("evaluation.col.points")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => {
            const group = r.kind === "GROUP";
            const detail = group ? "" : detailText(r, t);
            return (
              <tr key={r.code} className={cx(group && r.level === 1 ? "bg-slate-50/70" : undefined, r.missing && !group ? "text-slate-600" : undefined)}>
                <th scope="row" className="px-3 py-2 text-left align-top font-normal">
                  <div style={{ paddingLeft: `${(r.level - 1) * 1.25}rem` }}>
                    <span className={cx(group ? "font-semibold text-slate-900" : "text-slate-800")}>{localName(r, t.locale)}</span>
                    {!group && (
                      <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
                        <Badge tone={r.kind === "BROKER_ASSESSMENT" ? "purple" : "gray"}>{t(KIND_LABEL[r.kind])}</Badge>
                        {liveCodes?.has(r.code) && <Badge tone="amber">{t("evaluation.unsaved")}</Badge>}
                      </span>
                    )}
                    {/* On phones the basis column is hidden: show it under the name. */}
                    {detail && <p className="mt-0.5 text-xs text-slate-600 md:hidden">{detail}</p>}
                  </div>
                </th>
                <td className="whitespace-nowrap px-3 py-2 text-right align-top tabular-nums">{formatBp(r.weightBp, t.locale)}</td>
                <td className="hidden max-w-md px-3 py-2 align-top text-slate-700 md:table-cell">{detail}</td>
                <td className={cx("whitespace-nowrap px-3 py-2 text-right align-top tabular-nums", group && "font-semibold")}>
                  {r.excluded ? <span className="text-slate-500">{t("evaluation.excluded")}</span> : formatScore(r.score)}
                </td>
                <td className={cx("whitespace-nowrap px-3 py-2 text-right align-top tabular-nums", group && "font-semibold")}>{formatScore(r.points)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The total: score, grade and whether it is final. */
export function ScoreSummary({
  score,
  grade,
  complete,
  children,
}: {
  score: number;
  grade: string;
  complete: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="flex flex-wrap items-center gap-x-8 gap-y-3" aria-live="polite">
      <div>
        <p className="text-sm text-slate-600">{t("evaluation.total")}</p>
        <p className="text-4xl font-bold tabular-nums text-slate-900">{formatScore(score)}</p>
      </div>
      <div>
        <p className="text-sm text-slate-600">{t("evaluation.gradeLabel")}</p>
        <p className="mt-1 text-lg">{gradeText(grade, t)}</p>
      </div>
      {!complete && <p className="max-w-xs text-sm text-amber-900">{t("evaluation.incompleteHint")}</p>}
      {children}
    </div>
  );
}

function gradeText(grade: string, t: TFunction) {
  const tone: Record<string, string> = {
    EXCELLENT: "bg-green-50 text-green-800 ring-green-200",
    GOOD: "bg-teal-50 text-teal-800 ring-teal-200",
    PASS: "bg-amber-50 text-amber-900 ring-amber-300",
    FAIL: "bg-red-50 text-red-800 ring-red-200",
  };
  if (!(grade in tone)) return "—";
  return (
    <span className={cx("inline-flex rounded-full px-3 py-1 text-base font-semibold ring-1 ring-inset", tone[grade])}>
      {t(`evaluation.grade.${grade as "EXCELLENT" | "GOOD" | "PASS" | "FAIL"}`)}
    </span>
  );
}
