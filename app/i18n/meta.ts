// Page titles for route `meta` exports: reads the locale from the root match.
import { DEFAULT_LOCALE, isLocale, t, type Locale, type MessageKey, type TParams } from "./index";

interface MatchLike {
  id: string;
  data?: unknown;
}

export function localeFromMatches(matches: readonly MatchLike[] | undefined): Locale {
  const root = matches?.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** `[{ title: "登录 · 工联桥" }]` for a route's meta export. */
export function pageTitle(matches: readonly MatchLike[] | undefined, key: MessageKey, params?: TParams) {
  const locale = localeFromMatches(matches);
  return [{ title: `${t(locale, key, params)} · ${t(locale, "app.name")}` }];
}
