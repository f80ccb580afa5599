// Developer tool (not a test): prints the observed GET / POST status of every route for every role on a
// fresh seeded server, in the matrix's notation. Use it to draft a row for a new route, then REVIEW the
// row against the rules (docs/security.md) before pasting it into the matrix.
//   npx tsx tests/security/probe.ts [pattern-substring]
import { readFileSync } from "node:fs";
import { startServer } from "../http/server";
import { hasAction, routeTable, ROUTES_DIR } from "./routes";
import { loginAll, ROLES, seedIds, urlFor } from "./fixtures";

export function statusClass(res: Response): string {
  const s = res.status;
  if (s >= 300 && s < 400) {
    const loc = res.headers.get("location") ?? "";
    return /^\/login(\?|$)/.test(loc) ? "L" : "3";
  }
  if (s >= 200 && s < 300) return "2";
  return String(s);
}

const filter = process.argv[2] ?? "";
const srv = await startServer({ seed: true });
try {
  const ids = await seedIds(srv.databaseUrl);
  console.log(JSON.stringify({ ...ids, params: undefined }, null, 1));
  const clients = await loginAll(srv.baseUrl);
  for (const { file, pattern } of routeTable()) {
    if (filter && !pattern.includes(filter)) continue;
    const url = urlFor(pattern, ids);
    const gets: string[] = [];
    const posts: string[] = [];
    const act = hasAction(readFileSync(`${ROUTES_DIR}/${file}`, "utf8"));
    for (const r of ROLES) {
      const res = await clients[r].get(url);
      await res.arrayBuffer();
      gets.push(statusClass(res));
      if (act && r !== "anon" && pattern !== "/logout") {
        const p = await clients[r].post(url, { intent: "zz-garbage", x: "1" });
        await p.arrayBuffer();
        posts.push(statusClass(p));
      } else if (act && r === "anon") {
        const p = await clients[r].post(url, { intent: "zz-garbage" });
        await p.arrayBuffer();
        posts.push(statusClass(p));
      }
    }
    console.log(`  { pattern: ${JSON.stringify(pattern)}, get: "${gets.join(" ")}"${act ? `, post: "${posts.join(" ")}"` : ""} },  // ${url}`);
  }
} finally {
  await srv.stop();
}
