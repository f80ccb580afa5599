// The page frame: skip link, header (brand, nav per role, who is signed in, language switch, sign out),
// vetting notice for organizations, main landmark, footer.
import type { ReactNode } from "react";
import { Link, NavLink } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { Alert } from "./Alert";
import { LanguageSwitch } from "./LanguageSwitch";
import { PendingIndicator } from "./PendingIndicator";
import { cx } from "./cx";
import { MenuIcon } from "./icons";
import { navFor, type AppRole } from "./nav";
import { NotificationBell } from "./marketplace/NotificationBell";

/** What the root loader exposes about the signed-in user (never more). */
export interface ShellUser {
  id: string;
  displayName: string;
  email: string;
  role: AppRole;
  orgVettingStatus: string | null;
}

function UserBadge({ user }: { user: ShellUser }) {
  const t = useT();
  const role = t(`role.${user.role}`);
  return (
    <p className="flex min-w-0 items-center gap-2 text-sm">
      <span className="sr-only">{t("nav.signedInAs", { name: user.displayName, role })}</span>
      <span aria-hidden="true" className="max-w-[12rem] truncate font-medium" title={user.email}>
        {user.displayName}
      </span>
      <span aria-hidden="true" className="whitespace-nowrap rounded-full bg-white px-2 py-0.5 text-xs font-semibold text-brand-800">
        {role}
      </span>
    </p>
  );
}

function LogoutButton({ className }: { className?: string }) {
  const t = useT();
  // Plain form: a full page load after sign-out drops every client-side cache of the old session.
  return (
    <form method="post" action="/logout" className={className}>
      <button
        type="submit"
        className="rounded-md border border-white/60 px-3 py-1 text-sm font-medium text-white hover:bg-white/10"
      >
        {t("nav.logout")}
      </button>
    </form>
  );
}

function navLinkClass({ isActive }: { isActive: boolean }) {
  return cx(
    "whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium",
    isActive ? "bg-white/20 text-white" : "text-red-50 hover:bg-white/10 hover:text-white",
  );
}

function mobileNavLinkClass({ isActive }: { isActive: boolean }) {
  return cx(
    "block rounded-md px-3 py-2 text-base font-medium",
    isActive ? "bg-brand-50 text-brand-800" : "text-slate-800 hover:bg-slate-100",
  );
}

export function AppHeader({ user, unread = 0 }: { user: ShellUser | null; unread?: number }) {
  const t = useT();
  const items = navFor(user?.role ?? null);
  const accountItems = user ? [{ to: "/account/password", label: t("nav.password") }] : [];

  return (
    <header className="bg-brand-700 text-white shadow">
      <div className="mx-auto flex min-h-14 max-w-6xl items-center gap-4 px-4 py-1.5 sm:min-h-16 sm:px-6">
        <Link to="/" className="flex shrink-0 items-baseline gap-2 rounded text-white">
          <span className="text-xl font-bold tracking-wider">{t("app.name")}</span>
          {t.locale === "zh-CN" && <span className="hidden text-xs font-medium opacity-90 sm:inline">LaborBridge</span>}
        </Link>


        <div className="ml-auto hidden items-center gap-3 md:flex">
          <LanguageSwitch />
          {user ? (
            <>
              <span className="h-6 w-px bg-white/30" aria-hidden="true" />
              <NotificationBell count={unread} />
              <UserBadge user={user} />
              <NavLink to="/account/password" className={navLinkClass}>
                {t("nav.password")}
              </NavLink>
              <LogoutButton />
            </>
          ) : (
            <>
              <NavLink to="/login" className={navLinkClass}>
                {t("nav.login")}
              </NavLink>
              <Link
                to="/signup"
                className="rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-brand-800 hover:bg-red-50"
              >
                {t("nav.signup")}
              </Link>
            </>
          )}
        </div>

        {/* Phone: a disclosure menu that works without JavaScript. */}
        {user && <NotificationBell count={unread} className="ml-auto md:hidden" />}
        <details className={cx("group relative md:hidden", !user && "ml-auto")}>
          <summary className="lb-summary flex cursor-pointer items-center gap-2 rounded-md border border-white/60 px-3 py-1.5 text-sm font-medium">
            <MenuIcon className="size-4" />
            {t("nav.menu")}
          </summary>
          <div className="absolute right-0 z-40 mt-2 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-3 text-slate-900 shadow-xl">
            {user && (
              <div className="mb-2 rounded-md bg-brand-700 px-3 py-2 text-white">
                <UserBadge user={user} />
              </div>
            )}
            <nav aria-label={t("nav.main")}>
              <ul className="space-y-1">
                {items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} className={mobileNavLinkClass}>
                      {t(item.label)}
                    </NavLink>
                  </li>
                ))}
                {accountItems.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} className={mobileNavLinkClass}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
                {!user && (
                  <>
                    <li>
                      <NavLink to="/login" className={mobileNavLinkClass}>
                        {t("nav.login")}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/signup" className={mobileNavLinkClass}>
                        {t("nav.signup")}
                      </NavLink>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            <div className="mt-3 flex items-center justify-between gap-2 rounded-md bg-brand-700 px-2 py-2">
              <LanguageSwitch />
              {user && <LogoutButton />}
            </div>
          </div>
        </details>
      </div>
      {/* Desktop: the role's navigation on its own full-width row under the brand bar, so even the
          broker's dozen items fit on one line; whole items wrap if the window is narrow. */}
      {items.length > 0 && (
        <div className="hidden border-t border-white/10 bg-brand-800 md:block">
          <nav aria-label={t("nav.main")} className="mx-auto max-w-6xl px-4 py-1 sm:px-6">
            <ul className="flex flex-wrap items-center gap-0.5">
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className={navLinkClass} prefetch="intent">
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      )}
    </header>
  );
}

function VettingNotice({ status }: { status: string }) {
  const t = useT();
  if (status !== "PENDING" && status !== "REJECTED" && status !== "SUSPENDED") return null;
  const s = status as "PENDING" | "REJECTED" | "SUSPENDED";
  return (
    <div className="mx-auto w-full max-w-6xl px-4 pt-4 sm:px-6">
      <Alert tone={s === "PENDING" ? "warning" : "error"} title={t(`vetting.notice.${s}.title`)} role="status">
        {t(`vetting.notice.${s}.body`)}
      </Alert>
    </div>
  );
}

export function AppShell({ user, unread = 0, children }: { user: ShellUser | null; unread?: number; children: ReactNode }) {
  const t = useT();
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-slate-900 focus:shadow-lg"
      >
        {t("nav.skipToContent")}
      </a>
      <PendingIndicator />
      <AppHeader user={user} unread={unread} />
      {user?.role === "ORG" && user.orgVettingStatus && <VettingNotice status={user.orgVettingStatus} />}
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 focus:outline-none sm:px-6 sm:py-8">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto max-w-6xl px-4 py-5 text-sm text-slate-600 sm:px-6">{t("footer.text")}</div>
      </footer>
    </>
  );
}
