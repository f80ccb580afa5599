// BROKER: the enterprise list export (resource route) — exactly the enterprises the current filter
// selects (?format=csv|xlsx plus the list's filter parameters), Chinese headers, as an attachment.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { exportEnterprises } from "~/domain/ledger-io.server";
import { exportQuery, exportResponse } from "~/components/registry/download.server";
import { orRespond } from "~/components/registry/refs.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const { format, filter } = exportQuery(request);
  return exportResponse(await orRespond(exportEnterprises(user, filter, format)));
}
