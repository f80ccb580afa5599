import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import { cx } from "./cx";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-align numbers and money. */
  align?: "left" | "right" | "center";
  className?: string;
  /** Hide on narrow screens (the column stays available from md up). */
  hideOnMobile?: boolean;
}

export interface DataTableProps<Row> {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Accessible table name (rendered as a visually hidden caption unless captionVisible). */
  caption: ReactNode;
  captionVisible?: boolean;
  empty?: ReactNode;
}

const alignClass = { left: "text-left", right: "text-right", center: "text-center" } as const;

/** A responsive table: it scrolls sideways inside its own box on phones instead of breaking the page. */
export function DataTable<Row>({ columns, rows, rowKey, caption, captionVisible, empty }: DataTableProps<Row>) {
  const t = useT();
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={typeof caption === "string" ? caption : undefined}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className={captionVisible ? "px-4 py-3 text-left font-semibold text-slate-900" : "sr-only"}>{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={cx(
                  "whitespace-nowrap px-4 py-3 font-semibold text-slate-700",
                  alignClass[c.align ?? "left"],
                  c.hideOnMobile && "hidden md:table-cell",
                  c.className,
                )}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-8 text-center text-slate-600">
                {empty ?? t("table.empty")}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} className="hover:bg-slate-50">
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={cx(
                      "px-4 py-3 align-top text-slate-800",
                      alignClass[c.align ?? "left"],
                      c.hideOnMobile && "hidden md:table-cell",
                      c.className,
                    )}
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
