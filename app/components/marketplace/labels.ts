// Small display helpers of the marketplace pages (client-safe).
import type { Locale } from "~/i18n";

export interface RefOption {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** The name of a category / district in the user's language (the code when unknown). */
export function refName(list: readonly RefOption[], code: string | null | undefined, locale: Locale): string {
  if (!code) return "";
  const r = list.find((x) => x.code === code);
  if (!r) return code;
  return locale === "en" ? r.nameEn : r.nameZh;
}

export function refOptions(list: readonly RefOption[], locale: Locale): Array<{ value: string; label: string }> {
  return list.map((r) => ({ value: r.code, label: locale === "en" ? r.nameEn : r.nameZh }));
}

const SHANGHAI_MS = 8 * 3600_000;

function toDate(v: Date | string | number | null | undefined): Date | null {
  if (v === null || v === undefined || v === "") return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The value of an <input type="date"> for an instant: its calendar day in Asia/Shanghai. */
export function toDateInput(v: Date | string | number | null | undefined): string {
  const d = toDate(v);
  return d ? new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 10) : "";
}

/** The value of an <input type="datetime-local"> for an instant, in Asia/Shanghai. */
export function toDateTimeInput(v: Date | string | number | null | undefined): string {
  const d = toDate(v);
  return d ? new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 16) : "";
}

/** 1234567 bytes → "1.2 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** 87.456 → "87.5"; null → "—". */
export function formatScore(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : n.toFixed(digits);
}

/** Where a notification / redirect link may go: a same-site path only. */
export function safeLocalPath(link: string | null | undefined): string | null {
  if (typeof link !== "string" || !link.startsWith("/") || link.startsWith("//") || link.startsWith("/\\")) return null;
  return link;
}
