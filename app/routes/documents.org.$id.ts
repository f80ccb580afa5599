// Download of an organization's certificate/document (resource route): the org's own users and staff;
// anyone else 404. Always an attachment, never rendered inline.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundResponse, requireUser } from "~/auth/guards.server";
import { getOrgDocumentForDownload } from "~/domain/organizations.server";
import { downloadHeaders } from "~/domain/uploads.server";
import { orRespond } from "~/components/registry/refs.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!params.id) throw notFoundResponse();
  const doc = await orRespond(getOrgDocumentForDownload(user, params.id));
  return new Response(new Uint8Array(doc.data), { headers: downloadHeaders(doc.fileName, doc.mime, doc.data.length) });
}
