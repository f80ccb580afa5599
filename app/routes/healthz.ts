// GET /healthz → {"db":"ok"|"down","search":"ok"|"degraded"}; 200 when the database answers, else 503.
// Search status comes from search/health.server.ts when that module exists (looked up with
// import.meta.glob, so this route builds with or without it); a search problem never makes this 503.
import { db } from "~/db.server";

type SearchHealthModule = { searchHealth?: () => unknown };

const searchModules = import.meta.glob<SearchHealthModule>("/search/health.server.ts");

function isHealthy(value: unknown): boolean {
  if (value === true || value === "ok") return true;
  if (value && typeof value === "object") {
    const v = value as { ok?: unknown; status?: unknown; search?: unknown };
    return v.ok === true || v.status === "ok" || v.search === "ok";
  }
  return false;
}

async function searchStatus(): Promise<"ok" | "degraded"> {
  const load = Object.values(searchModules)[0];
  if (!load) return "ok";
  try {
    const mod = await load();
    if (typeof mod.searchHealth !== "function") return "ok";
    const result = await Promise.race([
      Promise.resolve(mod.searchHealth()),
      new Promise((resolve) => setTimeout(() => resolve("timeout"), 3_000)),
    ]);
    return isHealthy(result) ? "ok" : "degraded";
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
