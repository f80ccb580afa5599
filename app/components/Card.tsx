import type { HTMLAttributes, ReactNode } from "react";
import { cx } from "./cx";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  title?: ReactNode;
  /** Heading level of the title (default h2). */
  headingLevel?: 2 | 3;
  actions?: ReactNode;
  as?: "section" | "div" | "article";
}

export function Card({ title, headingLevel = 2, actions, as = "section", className, children, ...rest }: CardProps) {
  const Tag = as;
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <Tag className={cx("rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6", className)} {...rest}>
      {(title || actions) && (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          {title && <H className="text-lg font-semibold text-slate-900">{title}</H>}
          {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </Tag>
  );
}
