// BROKER: an empty import sheet (CSV, UTF-8 with BOM) with the Chinese headers the importer reads.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { requireRole } from "~/auth/guards.server";
import { NEED_IMPORT_HEADERS, ORG_IMPORT_HEADERS } from "~/domain/ledger-io.server";
import { downloadResponse } from "~/components/registry/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "BROKER", "ADMIN");
  const kind = new URL(request.url).searchParams.get("kind") === "needs" ? "needs" : "orgs";
  const headers = kind === "needs" ? NEED_IMPORT_HEADERS : ORG_IMPORT_HEADERS;
  const body = Buffer.from(`\uFEFF${stringify([headers], { record_delimiter: "\r\n" })}`, "utf8");
  return downloadResponse(body, "text/csv; charset=utf-8", kind === "needs" ? "需求导入模板.csv" : "社会组织导入模板.csv");
}
