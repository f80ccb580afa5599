// GET /api/search/projects?q=&filter=&facets=&sort=&page=&hitsPerPage=&highlight= — JSON project search.
// The index only holds projects past publication (never drafts, submitted or returned needs, never
// bids), so every signed-in user may search it; see search/api.server.ts for the parameters.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { searchResponse } from "#search/api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return searchResponse("projects", request);
}
