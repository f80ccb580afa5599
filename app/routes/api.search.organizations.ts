// GET /api/search/organizations?q=&filter=&facets=&sort=&page=&hitsPerPage=&highlight= — JSON search of
// vetted (APPROVED) organizations, for enterprises, brokers and admins.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { searchResponse } from "#search/api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ENTERPRISE", "BROKER", "ADMIN");
  return searchResponse("organizations", request, { restrict: 'vettingStatus = "APPROVED"' });
}
