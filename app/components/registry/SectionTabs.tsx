// Second-level navigation of the registry pages (broker: vetting, ledger, dashboard, import, annual
// reviews, meetings, enterprises; org: profile, documents, annual review, meetings). Plain links.
import { NavLink } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { cx } from "~/components/cx";

export interface SectionTab {
  to: string;
  label: MessageKey;
  end?: boolean;
}

export const BROKER_REGISTRY_TABS: SectionTab[] = [
  { to: "/broker/vetting", label: "registry.tabs.vetting" },
  { to: "/broker/ledger", label: "registry.tabs.ledger", end: true },
  { to: "/broker/ledger/dashboard", label: "registry.tabs.dashboard" },
  { to: "/broker/ledger/import", label: "registry.tabs.import" },
  { to: "/broker/annual-reviews", label: "registry.tabs.annualReviews" },
  { to: "/broker/meetings", label: "registry.tabs.meetings" },
  { to: "/broker/enterprises", label: "registry.tabs.enterprises" },
];

export const ORG_TABS: SectionTab[] = [
  { to: "/org/profile", label: "registry.tabs.profile" },
  { to: "/org/documents", label: "registry.tabs.documents" },
  { to: "/org/annual-review", label: "registry.tabs.annualReview" },
  { to: "/org/meetings", label: "registry.tabs.orgMeetings" },
];

export function SectionTabs({ tabs, label }: { tabs: SectionTab[]; label: MessageKey }) {
  const t = useT();
  return (
    <nav aria-label={t(label)} className="-mx-4 mb-6 overflow-x-auto border-b border-slate-200 px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end}
              prefetch="intent"
              className={({ isActive }) =>
                cx(
                  "-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  isActive ? "border-brand-700 text-brand-800" : "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900",
                )
              }
            >
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
