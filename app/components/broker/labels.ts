// Display helpers of the broker pages (browser-safe).
import { isMessageKey, type Locale } from "~/i18n";
import type { TFunction } from "~/i18n/react";

export interface RefItem {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A reference row's name in the reader's language ("—" when missing). */
export function refLabel(ref: { nameZh: string; nameEn: string } | null | undefined, locale: Locale): string {
  if (!ref) return "—";
  return locale === "en" ? ref.nameEn : ref.nameZh;
}

/** The name of a code from a reference list (the code itself when unknown). */
export function codeLabel(code: string | null | undefined, refs: readonly RefItem[], locale: Locale): string {
  if (!code) return "—";
  const r = refs.find((x) => x.code === code);
  return r ? refLabel(r, locale) : code;
}

/** A service category: the i18n key when there is one, else the reference table's name. */
export function categoryText(t: TFunction, code: string, refs: readonly RefItem[] = []): string {
  const key = `category.${code}`;
  return isMessageKey(key) ? t(key) : codeLabel(code, refs, t.locale);
}

/** The value of a datetime-local input for an instant, in Asia/Shanghai ("2026-03-05T14:30"). */
export function shanghaiInputValue(d: Date | string | null | undefined): string {
  if (!d) return "";
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** An org's grade: "4A", "4A（已过期）" or "未评级". */
export function gradeText(t: TFunction, grade: number | null, validUntil: Date | string | null, now = new Date()): string {
  if (grade == null) return t("grade.none");
  const expired = validUntil != null && new Date(validUntil).getTime() <= now.getTime();
  return expired ? t("grade.expired", { n: grade }) : t("grade.value", { n: grade });
}
