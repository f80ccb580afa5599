// The header's link to /notifications with the unread count (from the root loader).
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { cx } from "../cx";

export function NotificationBell({ count, className }: { count: number; className?: string }) {
  const t = useT();
  const label = count > 0 ? t("notifications.bell.unread", { n: count }) : t("notifications.bell");
  return (
    <Link
      to="/notifications"
      aria-label={label}
      title={label}
      className={cx("relative inline-flex size-9 shrink-0 items-center justify-center rounded-md text-white hover:bg-white/10", className)}
    >
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        className="size-5"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {count > 0 && (
        <span
          aria-hidden="true"
          className="absolute -right-1 -top-1 min-w-5 rounded-full bg-amber-400 px-1 text-center text-xs font-bold leading-5 text-slate-900 ring-2 ring-brand-700"
        >
          {count > 99 ? "99+" : count}
        </span>
      )}
    </Link>
  );
}
