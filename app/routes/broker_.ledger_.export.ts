// BROKER: the ledger export (resource route) — exactly the organizations the current filter selects
// (?format=csv|xlsx plus the ledger's filter parameters), Chinese headers, as an attachment.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, requireRole } from "~/auth/guards.server";
import { exportOrganizations } from "~/domain/ledger-io.server";
import { contentDispositionAttachment } from "~/domain/uploads.server";
import { orRespond } from "~/components/registry/refs.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx") throw errorResponse(400, "error.invalidOption", { field: "format" });
  params.delete("format");
  params.delete("page");
  params.delete("pageSize");
  const file = await orRespond(exportOrganizations(user, params, format));
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.body.length),
      "Content-Disposition": contentDispositionAttachment(file.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Row-Count": String(file.rows),
    },
  });
}
