// BROKER: the ledger export (resource route) — exactly the organizations the current filter selects
// (?format=csv|xlsx plus the ledger's filter parameters), Chinese headers, as an attachment.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { exportOrganizations } from "~/domain/ledger-io.server";
import { exportQuery, exportResponse } from "~/components/registry/download.server";
import { orRespond } from "~/components/registry/refs.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const { format, filter } = exportQuery(request);
  return exportResponse(await orRespond(exportOrganizations(user, filter, format)));
}
