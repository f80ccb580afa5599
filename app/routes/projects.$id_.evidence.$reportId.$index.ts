// Download of a delivery report's evidence file (resource route): the parties that may read the report
// (owner enterprise, broker, admin, the awarded organization); anyone else 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundResponse, requireUser } from "~/auth/guards.server";
import { getEvidenceForDownload } from "~/domain/attachments.server";
import { downloadHeaders } from "~/domain/uploads.server";
import { actorOf, orRespond } from "~/components/marketplace/helpers.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const index = Number.parseInt(params.index ?? "", 10);
  if (!params.id || !params.reportId || !/^\d{1,3}$/.test(params.index ?? "")) throw notFoundResponse();
  const file = await orRespond(getEvidenceForDownload(actorOf(user), params.id, params.reportId, index));
  return new Response(new Uint8Array(file.data), { headers: downloadHeaders(file.fileName, file.mime, file.data.length) });
}
