// Display helpers of the evaluation / survey / invoice pages (client-safe, no server imports).
import type { Locale } from "~/i18n";

/** 2500 → "25%", 6667 → "66.67%" (basis points as a percentage, at most 2 decimals). */
export function formatBp(bp: number, locale: Locale = "zh-CN"): string {
  return `${formatNumber(bp / 100, locale)}%`;
}

/** A number with at most `digits` decimals, grouped for the locale. */
export function formatNumber(n: number, locale: Locale = "zh-CN", digits = 2): string {
  return n.toLocaleString(locale === "en" ? "en-GB" : "zh-CN", { maximumFractionDigits: digits });
}

/** A 0–100 score with 2 decimals ("86.50"), or "—". */
export function formatScore(n: number | null | undefined): string {
  return typeof n === "number" && Number.isFinite(n) ? n.toFixed(2) : "—";
}

/** The name of an indicator (or anything with nameZh / nameEn) in the reader's language. */
export function localName(x: { nameZh: string; nameEn: string }, locale: Locale): string {
  return locale === "en" ? x.nameEn || x.nameZh : x.nameZh || x.nameEn;
}

/** "YYYY-MM-DD" of an instant in Asia/Shanghai. */
export function shanghaiDate(d: Date | string | number): string {
  const t = (d instanceof Date ? d : new Date(d)).getTime();
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar year of now. */
export function currentShanghaiYear(now = new Date()): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
}
