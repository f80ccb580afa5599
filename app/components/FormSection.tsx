import type { ReactNode } from "react";
import { cx } from "./cx";

/** A titled group of fields in a two-column grid on wider screens (one column on phones). */
export function FormSection({ legend, description, children, className }: { legend: ReactNode; description?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <fieldset className={cx("min-w-0", className)}>
      <legend className="w-full border-b border-slate-200 pb-2 text-lg font-semibold text-slate-900">{legend}</legend>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className="mt-4 grid grid-cols-1 gap-x-5 gap-y-5 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}
