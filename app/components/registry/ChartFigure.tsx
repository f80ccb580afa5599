// A server-rendered chart (inline SVG from charts.server.ts) as an accessible figure: role="img" with a
// text summary as its name, a visible caption, and the same numbers as a table under a disclosure.
import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import { cx } from "~/components/cx";

export interface ChartTableRow {
  label: string;
  values: (string | number)[];
}

export interface ChartFigureProps {
  id: string;
  title: string;
  /** One sentence that says what the chart shows (screen readers read it as the image's name). */
  summary: string;
  svg: string;
  table: { headers: string[]; rows: ChartTableRow[] };
  note?: ReactNode;
  className?: string;
}

export function ChartFigure({ id, title, summary, svg, table, note, className }: ChartFigureProps) {
  const t = useT();
  return (
    <figure aria-labelledby={`${id}-title`} className={cx("flex min-w-0 flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5", className)}>
      <figcaption id={`${id}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </figcaption>
      <div
        role="img"
        aria-label={summary}
        className="mt-3 w-full [&>svg]:block [&>svg]:h-auto [&>svg]:w-full"
        // The SVG is produced on the server by ECharts from numbers and reference names (escaped by ECharts).
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      {note && <p className="mt-2 text-sm text-slate-600">{note}</p>}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700 hover:underline">{t("registry.chart.showTable")}</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {table.headers.map((h, i) => (
                  <th key={h} scope="col" className={cx("px-2 py-1.5 font-semibold text-slate-700", i === 0 ? "text-left" : "text-right")}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {table.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row" className="px-2 py-1.5 text-left font-normal text-slate-800">
                    {r.label}
                  </th>
                  {r.values.map((v, i) => (
                    <td key={i} className="px-2 py-1.5 text-right tabular-nums text-slate-800">
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
