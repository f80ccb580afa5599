// BROKER / ADMIN: the annual report as a download — ?format=csv|xlsx|pdf&year=2026&district=<code>.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, notFoundResponse, requireRole } from "~/auth/guards.server";
import { currentShanghaiYear } from "~/components/evaluation/format";
import { parseReportQuery } from "~/components/evaluation/report-query";
import { isDomainError } from "~/domain/errors";
import { annualReport, annualReportCsv, annualReportPdf, annualReportXlsx } from "~/domain/reports.server";

const TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "BROKER", "ADMIN");
  const parsed = parseReportQuery(new URL(request.url), currentShanghaiYear());
  if (!parsed.success || !parsed.data.format) throw errorResponse(400, "error.invalidInput");
  const { year, district, format } = parsed.data;
  let report;
  try {
    report = await annualReport(year, district ?? null);
  } catch (e) {
    if (isDomainError(e) && e.status === 404) throw notFoundResponse();
    throw e;
  }
  const body =
    format === "csv"
      ? new TextEncoder().encode(annualReportCsv(report))
      : new Uint8Array(format === "xlsx" ? await annualReportXlsx(report) : await annualReportPdf(report));
  // ASCII file name plus the UTF-8 one (RFC 6266 / 5987) for the Chinese title.
  const ascii = `annual-report-${year}${district ? `-${district}` : ""}.${format}`;
  const utf8 = `${year}年度实施情况报告${report.district ? `-${report.district.nameZh}` : ""}.${format}`;
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`,
      "Content-Length": String(body.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
