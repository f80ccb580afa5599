import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";

import appCss from "~/styles/app.css?url";
import { getOptionalUserWithCookie } from "~/auth/session.server";
import { unreadCount } from "~/domain/notifications.server";
import { AppShell, type ShellUser } from "~/components/AppShell";
import { ErrorView } from "~/components/ErrorView";
import { useNonce } from "~/components/nonce";
import { t } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { localeFromMatches } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [
    { title: t(locale, "app.fullName") },
    { name: "description", content: t(locale, "app.tagline") },
  ];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const { user, setCookie } = await getOptionalUserWithCookie(request);
  // Only what the shell needs: never hashes, never other users' data.
  const shellUser: ShellUser | null = user
    ? {
        id: user.id,
        displayName: user.displayName,
        email: user.email,
        role: user.role,
        orgVettingStatus: user.orgVettingStatus,
      }
    : null;
  const unread = user ? await unreadCount(user.id) : 0;
  return data(
    { locale, user: shellUser, unread },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export type RootLoaderData = { locale: ReturnType<typeof getLocale>; user: ShellUser | null; unread: number };

export function useRootData(): RootLoaderData | undefined {
  return useRouteLoaderData<typeof loader>("root") as RootLoaderData | undefined;
}

export function Layout({ children }: { children: ReactNode }) {
  const t = useT();
  const nonce = useNonce();
  return (
    <html lang={t.locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const root = useRootData();
  return (
    <AppShell user={root?.user ?? null} unread={root?.unread ?? 0}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRootData();
  return (
    <AppShell user={root?.user ?? null} unread={root?.unread ?? 0}>
      <ErrorView error={error} />
    </AppShell>
  );
}
