// GET /api/projects/:id/recommendations?limit= — JSON: recommended organizations for a need, each with
// orgId, name, score and reasons (i18n keys + params). The need's enterprise and brokers only; anyone
// else gets 404 (the need's existence is not revealed).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { isDomainError } from "~/domain/errors";
import { MAX_LIMIT, recommendOrganizations } from "~/domain/matching.server";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(10),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = querySchema.safeParse(
    Object.fromEntries(new URL(request.url).searchParams)
  );
  if (!parsed.success)
    return json(400, {
      code: "search.invalidInput",
      field: String(parsed.error.issues[0]?.path[0] ?? ""),
      message: parsed.error.issues[0]?.message,
    });
  try {
    const r = await recommendOrganizations(user, params.id ?? "", {
      limit: parsed.data.limit,
    });
    return json(200, r);
  } catch (e) {
    if (isDomainError(e)) return json(e.status, e.toJSON());
    throw e;
  }
}
