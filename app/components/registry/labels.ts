// Display helpers for reference data and registry values (browser-safe).
import type { TFunction } from "~/i18n/react";
import { isMessageKey } from "~/i18n";
import type { Locale } from "~/i18n";

export interface NamedRef {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A district's name in the reader's language. */
export function refName(ref: { nameZh: string; nameEn: string } | null | undefined, locale: Locale): string {
  if (!ref) return "—";
  return locale === "en" ? ref.nameEn : ref.nameZh;
}

/** A code's name from a reference list (the code itself when unknown). */
export function codeName(code: string | null | undefined, refs: readonly NamedRef[], locale: Locale): string {
  if (!code) return "—";
  const r = refs.find((x) => x.code === code);
  return r ? refName(r, locale) : code;
}

/** A service category's label: the i18n key when there is one, else the reference table's name. */
export function categoryLabel(t: TFunction, code: string, refs: readonly NamedRef[] = []): string {
  const key = `category.${code}`;
  if (isMessageKey(key)) return t(key);
  return codeName(code, refs, t.locale);
}

export function districtOptions(refs: readonly NamedRef[], locale: Locale) {
  return refs.map((d) => ({ value: d.code, label: refName(d, locale) }));
}

export function categoryOptions(t: TFunction, refs: readonly NamedRef[]) {
  return refs.map((c) => ({ value: c.code, label: categoryLabel(t, c.code, refs) }));
}

/** 1536 → "1.5 KB"; 2_400_000 → "2.3 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
