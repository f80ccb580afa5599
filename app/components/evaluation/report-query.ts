// The query of the annual report page and its exports: ?year=2026&district=<code>&format=csv|xlsx|pdf.
import { z } from "zod";

export const REPORT_FORMATS = ["csv", "xlsx", "pdf"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reportQuerySchema = z.object({
  year: z.coerce.number({ invalid_type_error: "error.number" }).int("error.integer").min(2000, "error.min").max(2100, "error.max"),
  district: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/i, "error.invalidOption")
    .optional(),
  format: z.enum(REPORT_FORMATS, { errorMap: () => ({ message: "error.invalidOption" }) }).optional(),
});

/** Parses the report query; missing year = `defaultYear`. */
export function parseReportQuery(url: URL, defaultYear: number) {
  return reportQuerySchema.safeParse({
    year: url.searchParams.get("year") || defaultYear,
    district: url.searchParams.get("district") || undefined,
    format: url.searchParams.get("format") || undefined,
  });
}

export function reportQueryString(q: { year: number; district?: string | null }, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ year: String(q.year) });
  if (q.district) p.set("district", q.district);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}
