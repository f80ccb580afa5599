// The PDF of an invoice / credit note, for its parties only (404 for anyone else). Rendered from the
// stored, immutable invoice (byte-identical each time; its sha256 is Invoice.pdfSha256).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, rethrowAsResponse } from "~/auth/guards.server";
import { notFoundResponse } from "~/auth/guards.server";
import { invoicePdfForUser } from "~/domain/invoices.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  if (!id || id.length > 64) throw notFoundResponse();
  let file: { fileName: string; pdf: Buffer };
  try {
    file = await invoicePdfForUser(user, id);
  } catch (e) {
    rethrowAsResponse(e);
  }
  // The number is ASCII (LB-2026-000123): a plain filename works in every browser.
  const name = file.fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(new Uint8Array(file.pdf), {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Content-Length": String(file.pdf.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
