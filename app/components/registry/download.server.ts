// Downloads from the broker's resource routes (ledger / enterprise exports, the import template): the
// export query (?format=csv|xlsx plus the list's filter) and the attachment response. The routes keep
// their own role checks; building the file is the domain's (app/domain/ledger-io.server.ts).
import { errorResponse } from "~/auth/guards.server";
import type { ExportFile, TableFormat } from "~/domain/ledger-io.server";
import { contentDispositionAttachment } from "~/domain/uploads.server";

/** The format (csv when absent; a 400 for anything but csv / xlsx) and the filter: the request's query
 * without format and paging, so the file holds exactly what the list selects, on all pages. */
export function exportQuery(request: Request): { format: TableFormat; filter: URLSearchParams } {
  const filter = new URL(request.url).searchParams;
  const format = filter.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx") throw errorResponse(400, "error.invalidOption", { field: "format" });
  filter.delete("format");
  filter.delete("page");
  filter.delete("pageSize");
  return { format, filter };
}

/** A file as an attachment, never cached, never sniffed. */
export function downloadResponse(body: Buffer, contentType: string, fileName: string, extraHeaders: Record<string, string> = {}): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(body.length),
      "Content-Disposition": contentDispositionAttachment(fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...extraHeaders,
    },
  });
}

/** An export file as an attachment; X-Row-Count carries the number of data rows. */
export function exportResponse(file: ExportFile): Response {
  return downloadResponse(file.body, file.contentType, file.fileName, { "X-Row-Count": String(file.rows) });
}
