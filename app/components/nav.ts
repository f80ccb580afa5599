// Navigation per role. Other engineers: add items here when you build a role's pages.
import type { MessageKey } from "~/i18n";

export type AppRole = "ENTERPRISE" | "ORG" | "BROKER" | "ADMIN";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Match the path exactly (for "/"). */
  end?: boolean;
}

/** Where a user lands after signing in. */
export const ROLE_HOME: Record<AppRole, string> = {
  ENTERPRISE: "/enterprise",
  ORG: "/org",
  BROKER: "/broker",
  ADMIN: "/admin/users",
};

export function homePathFor(role: AppRole): string {
  return ROLE_HOME[role] ?? "/";
}

const ROLE_NAV: Record<AppRole, NavItem[]> = {
  ENTERPRISE: [
    { to: "/enterprise", label: "nav.enterprise" },
    { to: "/projects", label: "nav.myNeeds" },
    { to: "/enterprise/profile", label: "nav.enterpriseProfile" },
    { to: "/search/organizations", label: "search.nav.organizations" },
    { to: "/invoices", label: "nav.invoices" },
  ],
  ORG: [
    { to: "/org", label: "nav.org" },
    { to: "/projects", label: "nav.openProjects" },
    { to: "/search/projects", label: "search.nav.projects" },
    { to: "/org/profile", label: "nav.orgProfile" },
    { to: "/surveys", label: "nav.surveys" },
    { to: "/invoices", label: "nav.invoices" },
    { to: "/performance", label: "nav.performance" },
  ],
  BROKER: [
    { to: "/broker", label: "nav.broker", end: true },
    { to: "/broker/review", label: "broker.nav.review" },
    { to: "/broker/projects", label: "broker.nav.projects" },
    { to: "/broker/disputes", label: "broker.nav.disputes" },
    { to: "/broker/vetting", label: "nav.vetting" },
    { to: "/search/organizations", label: "search.nav.organizations" },
    { to: "/broker/ledger", label: "nav.ledger" },
    { to: "/broker/evaluations", label: "nav.evaluations" },
    { to: "/invoices", label: "nav.invoices" },
    { to: "/reports/annual", label: "nav.reports" },
  ],
  ADMIN: [
    { to: "/admin/users", label: "nav.adminUsers" },
    { to: "/admin/indicators", label: "nav.indicators" },
  ],
};

/** Main navigation for a role (null = signed out). */
export function navFor(role: AppRole | null): NavItem[] {
  const home: NavItem = { to: "/", label: "nav.home", end: true };
  const help: NavItem = { to: "/help", label: "nav.help" };
  if (!role) return [home, help];
  return [home, ...ROLE_NAV[role], help];
}
