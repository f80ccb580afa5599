// React side of i18n: the current locale comes from the root loader data; when that is missing (an
// error thrown before/in the root loader) it falls back to the locale entry.server / entry.client
// computed for the request.
import { createContext, useContext, useMemo } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, isLocale, t, tx, type Locale, type MessageKey, type TParams } from "./index";

export const LocaleFallbackContext = createContext<Locale>(DEFAULT_LOCALE);

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: unknown } | undefined;
  const fallback = useContext(LocaleFallbackContext);
  return isLocale(data?.locale) ? data.locale : fallback;
}

export type TFunction = ((key: MessageKey, params?: TParams) => string) & {
  /** Translate a run-time key (zod message, DomainError code); unknown strings pass through. */
  tx: (key: string, params?: TParams) => string;
  locale: Locale;
};

/** `const t = useT(); t("login.title")`, `t.tx(error)`, `t.locale`. */
export function useT(): TFunction {
  const locale = useLocale();
  return useMemo(() => {
    const fn = ((key: MessageKey, params?: TParams) => t(locale, key, params)) as TFunction;
    fn.tx = (key: string, params?: TParams) => tx(locale, key, params);
    fn.locale = locale;
    return fn;
  }, [locale]);
}
