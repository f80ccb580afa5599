// Maps the flat-route files of app/routes (Remix v2 `flatRoutes` conventions, as app/routes.ts uses) to
// URL patterns, so the security matrix can insist that every route file has a row.
//
//   routeFiles()                      → ["_index.tsx", "projects.$id.tsx", …]
//   routePattern("projects.$id_.edit.tsx") → "/projects/:id/edit"
//
// Conventions handled: "." separates URL segments; "_index" is an index route (no segment); a segment
// starting with "_" is a pathless layout (no URL segment); a trailing "_" opts out of nesting (dropped
// from the URL); "$name" is a dynamic segment (":name"); a lone "$" is the splat ("*"); "[...]" escapes
// characters (e.g. "[.]" is a literal dot); "(seg)" is an optional segment ("seg?"). A folder with a
// route.tsx / route.ts file is a route named after the folder.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROUTES_DIR = resolve(fileURLToPath(new URL("../../app/routes", import.meta.url)));

const ROUTE_EXT = /\.(tsx|ts|jsx|js)$/;
const IGNORED = [/\.test\.(tsx?|jsx?)$/, /^\./];

/** Route module names (file names, or folder names of folder routes) in app/routes, sorted. */
export function routeFiles(dir = ROUTES_DIR): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (IGNORED.some((re) => re.test(name))) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (["route.tsx", "route.ts", "route.jsx", "route.js"].some((f) => existsSync(join(full, f)))) out.push(name);
      continue;
    }
    if (ROUTE_EXT.test(name)) out.push(name);
  }
  return out.sort();
}

/** Splits a route name on "." outside "[...]" escapes, keeping the escapes' contents literal. */
function splitSegments(name: string): { raw: string; literal: string }[] {
  const segs: { raw: string; literal: string }[] = [];
  let raw = "";
  let literal = "";
  let inEscape = false;
  for (const ch of name) {
    if (inEscape) {
      if (ch === "]") inEscape = false;
      else literal += ch;
      raw += ch === "]" ? "" : "\u0000"; // escaped characters never count as "_" / "$" markers
      continue;
    }
    if (ch === "[") {
      inEscape = true;
      continue;
    }
    if (ch === ".") {
      segs.push({ raw, literal });
      raw = "";
      literal = "";
      continue;
    }
    raw += ch;
    literal += ch;
  }
  segs.push({ raw, literal });
  return segs;
}

/** The URL pattern of a route file name, e.g. "broker_.ledger_.import_.template.ts" → "/broker/ledger/import/template". */
export function routePattern(file: string): string {
  const name = file.replace(ROUTE_EXT, "");
  const parts: string[] = [];
  for (const { raw, literal } of splitSegments(name)) {
    if (raw === "_index" || raw === "index") continue;
    if (raw.startsWith("_")) continue; // pathless layout
    let seg = literal;
    if (raw.endsWith("_")) seg = seg.slice(0, -1); // opt out of layout nesting
    let optional = false;
    if (seg.startsWith("(") && seg.endsWith(")")) {
      optional = true;
      seg = seg.slice(1, -1);
    }
    if (raw === "$" || (raw === "$_")) seg = "*";
    else if (raw.startsWith("$")) seg = `:${seg.slice(1)}`;
    parts.push(optional ? `${seg}?` : seg);
  }
  return `/${parts.join("/")}`;
}

/** Every route: file name → URL pattern. */
export function routeTable(dir = ROUTES_DIR): { file: string; pattern: string }[] {
  return routeFiles(dir).map((file) => ({ file, pattern: routePattern(file) }));
}

/** Fills ":name" parameters (and "*") of a pattern from a map; throws when one is missing. */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z0-9_]+)\??|\*/g, (m, name: string | undefined) => {
    const key = name ?? "*";
    const v = params[key];
    if (v === undefined) throw new Error(`no value for ${m} in ${pattern}`);
    return encodeURIComponent(v);
  });
}

/** True when a route module exports an action (so POST is meaningful). Reads the source text. */
export function hasAction(source: string): boolean {
  return /export\s+(async\s+)?(function|const|let)\s+action\b/.test(source) || /export\s*\{[^}]*\baction\b[^}]*\}/.test(source);
}

/** True when a route module exports a loader. */
export function hasLoader(source: string): boolean {
  return /export\s+(async\s+)?(function|const|let)\s+loader\b/.test(source) || /export\s*\{[^}]*\bloader\b[^}]*\}/.test(source);
}
