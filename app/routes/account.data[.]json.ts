// GET /account/data.json — the signed-in user downloads their own data (see app/domain/data-export.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { DATA_EXPORT_FILENAME, exportUserDataJson } from "~/domain/data-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const body = await exportUserDataJson(user);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${DATA_EXPORT_FILENAME}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
