// GET /healthz → {"db":"ok"|"down","search":"ok"|"degraded"}; 200 when the database answers, else 503.
// A search problem alone never makes this 503 (writes don't depend on the index).
import { db } from "~/db.server";
import { searchHealth } from "#search/health.server";

async function searchStatus(): Promise<"ok" | "degraded"> {
  try {
    const result = await Promise.race([
      searchHealth(),
      new Promise<"degraded">((resolve) => setTimeout(() => resolve("degraded"), 3_000).unref?.()),
    ]);
    return result === "ok" ? "ok" : "degraded";
  } catch {
    return "degraded";
  }
}

async function dbStatus(): Promise<"ok" | "down"> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return "ok";
  } catch {
    return "down";
  }
}

export async function loader() {
  const [dbState, search] = await Promise.all([dbStatus(), searchStatus()]);
  return new Response(JSON.stringify({ db: dbState, search }), {
    status: dbState === "ok" ? 200 : 503,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
