import type { ReactNode } from "react";
import { cx } from "./cx";

export type AlertTone = "info" | "success" | "warning" | "error";

const tones: Record<AlertTone, { box: string; icon: string }> = {
  info: { box: "border-blue-300 bg-blue-50 text-blue-950", icon: "ℹ" },
  success: { box: "border-green-300 bg-green-50 text-green-950", icon: "✓" },
  warning: { box: "border-amber-300 bg-amber-50 text-amber-950", icon: "!" },
  error: { box: "border-red-300 bg-red-50 text-red-950", icon: "✕" },
};

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  id?: string;
  /** "alert" interrupts screen readers (errors); "status" is polite. Defaults by tone. */
  role?: "alert" | "status" | "note";
}

export function Alert({ tone = "info", title, children, className, id, role }: AlertProps) {
  const style = tones[tone];
  const ariaRole = role ?? (tone === "error" ? "alert" : "status");
  return (
    <div id={id} role={ariaRole} className={cx("flex gap-3 rounded-lg border px-4 py-3", style.box, className)}>
      <span aria-hidden="true" className="mt-0.5 font-bold">
        {style.icon}
      </span>
      <div className="min-w-0 flex-1">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className={cx(title ? "mt-1" : undefined, "text-sm leading-relaxed")}>{children}</div>}
      </div>
    </div>
  );
}
