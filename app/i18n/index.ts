// Typed dictionaries and the translate function. Safe for server and browser.
import { zhCN, type MessageKey } from "./zh-CN";
import { en } from "./en";

export type { MessageKey } from "./zh-CN";
export type Locale = "zh-CN" | "en";
export type TParams = Record<string, string | number>;

export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALES: readonly Locale[] = ["zh-CN", "en"] as const;
/** Name of the cookie that stores the chosen UI language. */
export const LOCALE_COOKIE = "lb_locale";

const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return value === "zh-CN" || value === "en";
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

function interpolate(template: string, params?: TParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Translates a known key. `{name}` placeholders are replaced by `params.name`. */
export function t(locale: Locale, key: MessageKey, params?: TParams): string {
  const dict = dictionaries[locale] ?? dictionaries[DEFAULT_LOCALE];
  return interpolate(dict[key] ?? zhCN[key] ?? key, params);
}

/**
 * Translates a key that is only known at run time (a zod message, a DomainError code). A string that
 * is not a key is returned as is (so an already translated message passes through).
 */
export function tx(locale: Locale, key: string, params?: TParams): string {
  return isMessageKey(key) ? t(locale, key, params) : interpolate(key, params);
}

/** Picks the best supported locale from an Accept-Language header; null when none matches. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag, ...attrs] = part.trim().split(";");
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return null;
}
