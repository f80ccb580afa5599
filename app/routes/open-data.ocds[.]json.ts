// PUBLIC open data: the awarded contracts as an OCDS 1.1 release package (Open Contracting Data
// Standard), without personal data. Optional filters: ?year=2026 (award year, Asia/Shanghai) and
// ?district=<code>. Validates against docs/ocds (see ocds.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ocdsReleasePackage } from "~/domain/ocds.server";

const querySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  district: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/i)
    .optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = querySchema.safeParse({
    year: url.searchParams.get("year") || undefined,
    district: url.searchParams.get("district") || undefined,
  });
  if (!parsed.success) {
    return new Response(JSON.stringify({ code: "error.invalidInput" }), {
      status: 400,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  }
  const pkg = await ocdsReleasePackage({ year: parsed.data.year, districtCode: parsed.data.district });
  return new Response(JSON.stringify(pkg, null, 2), {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'inline; filename="ocds.json"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      // A resource route's Response does not pass through entry.server's security headers.
      "X-Content-Type-Options": "nosniff",
    },
  });
}
