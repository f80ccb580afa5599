// Download of a need attachment (resource route): whoever may see the project; anyone else 404.
// Always an attachment (Content-Disposition), never rendered inline, with a sandboxing CSP.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundResponse, requireUser } from "~/auth/guards.server";
import { getAttachmentForDownload } from "~/domain/attachments.server";
import { downloadHeaders } from "~/domain/uploads.server";
import { actorOf, orRespond } from "~/components/marketplace/helpers.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!params.id || !params.attachmentId) throw notFoundResponse();
  const file = await orRespond(getAttachmentForDownload(actorOf(user), params.id, params.attachmentId));
  return new Response(new Uint8Array(file.data), { headers: downloadHeaders(file.fileName, file.mime, file.data.length) });
}
