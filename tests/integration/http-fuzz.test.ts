// Property-based fuzzing (fast-check) of every action (POST) of app/routes over real HTTP against the
// BUILT server on a fresh demo-seeded database. For every route file that exports an action, as a role
// that may act on it, with the field names and intents of the route's own form (read from its GET page):
// random strings, full-range unicode (RTL marks, zero-width, emoji, lone surrogates sent as raw
// percent-encoded bytes), huge values (1 MB), wrong types (arrays for scalars, numbers for text, text for
// numbers), missing fields, broken encodings and injection payloads (SQL, Meilisearch filter, HTML/script)
// → never a 5xx. Then: a stored <script> in a need is rendered escaped.
// Bounded: RUNS_PER_ROUTE generated bodies per route plus the fixed payloads; the file stays < 90 s.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient } from "../http/client";
import { hasAction, routeTable, ROUTES_DIR } from "../security/routes";
import { loginAll, seedIds, urlFor, type RoleKey, type SeedIds } from "../security/fixtures";

const RUNS_PER_ROUTE = Number(process.env.LB_FUZZ_RUNS || 12);
/** LB_FUZZ_ONLY=<part of a route pattern> fuzzes only the matching routes (e.g. "/admin/indicators/"). */
const ONLY = process.env.LB_FUZZ_ONLY || "";

export const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE \"User\"; --",
  "1' UNION SELECT passwordHash FROM User --",
  '" OR state = "DRAFT',
  "state = DRAFT OR state != DRAFT",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "{{7*7}}${7*7}",
  "../../../../etc/passwd",
  "%00",
  "__proto__",
  "constructor",
  "NaN",
  "-1",
  "1e308",
  "99999999999999999999999",
  "2026-02-30",
  "true",
];

/** Unicode edge cases, already percent-encoded (a lone surrogate cannot go through encodeURIComponent). */
export const UNICODE_RAW = [
  encodeURIComponent("\u202Eevil\u202C"), // RTL override
  encodeURIComponent("\u200B\u200C\u200D\uFEFF"), // zero-width
  encodeURIComponent("👩‍👩‍👧‍👦🏳️‍🌈"), // emoji ZWJ sequences
  encodeURIComponent("\u0645\u0631\u062D\u0628\u0627"), // Arabic (RTL)
  encodeURIComponent("e\u0301\u0301\u0301"), // combining marks
  "%ED%A0%80", // a lone high surrogate, CESU-8 bytes (invalid UTF-8)
  "%ED%BF%BF", // a lone low surrogate
  "%C0%AE%C0%AE%2F", // overlong UTF-8 "../"
  "%FF%FE", // invalid bytes
  "%E4%B8", // truncated multibyte
  "%", // a broken escape
  "%zz",
];

/** encodeURIComponent that survives lone surrogates (they are sent as their raw 3-byte CESU-8 form). */
export function enc(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (ch >= 0xd800 && ch <= 0xdfff) {
      out += `%${(0xe0 | (ch >> 12)).toString(16)}%${(0x80 | ((ch >> 6) & 0x3f)).toString(16)}%${(0x80 | (ch & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(s[i]);
  }
  return out;
}

/** One encoded value. */
const valueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }).map(enc) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map(enc) },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS).map(enc) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_RAW) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map((n) => enc(String(n))) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.string({ minLength: 2000, maxLength: 6000 }).map(enc) },
);

interface Target {
  pattern: string;
  url: string;
  role: RoleKey;
  fields: string[];
  intents: string[];
}

/** Who may act on each action route (the fuzz must get past the guards to reach the parsing). */
function actorFor(pattern: string): RoleKey | null {
  if (pattern === "/logout") return null; // would sign the shared client out; its action has no input
  if (["/login", "/signup/enterprise", "/signup/org", "/locale", "/s/:token", "/*"].includes(pattern)) return "anon";
  if (pattern.startsWith("/admin")) return "admin";
  if (pattern.startsWith("/broker") || pattern === "/projects/:id/evaluation" || pattern === "/projects/:id/payments") return "broker";
  if (pattern.startsWith("/org") || pattern === "/invoices" || pattern === "/invoices/:id" || pattern === "/projects/:id/survey" || pattern === "/projects/:id") return "orgA";
  if (pattern === "/account/password") return "entB";
  if (pattern === "/notifications") return "entB";
  return "entA"; // /enterprise/profile, /projects/new, /projects/:id/edit
}

/** Field names and intent values of the forms on a page. */
function formShape(html: string): { fields: string[]; intents: string[] } {
  const fields = new Set<string>();
  const intents = new Set<string>();
  for (const m of html.matchAll(/<(?:input|textarea|select|button)\b[^>]*\bname="([^"]+)"[^>]*>/g)) {
    const name = m[1];
    if (name === "intent") {
      const v = m[0].match(/\bvalue="([^"]*)"/)?.[1];
      if (v) intents.add(v);
    } else fields.add(name);
  }
  return { fields: [...fields], intents: [...intents] };
}

/**
 * OPEN BUGS found by this file (docs/security.md, "Findings"): 5xx answers that are known and reported,
 * matched on "<pattern> as <role>: <status> for <label>". Anything else that answers 5xx fails the test.
 * When a bug is fixed its entry stops matching and the test prints a note: delete the entry.
 */
// Open 5xx bugs the fuzz has found, each with the pattern of its failure lines. Empty: server.mjs answers a
// non-form body with 415 and an unparsable form with 400 before any action reads it.
const KNOWN_5XX: { re: RegExp; bug: string }[] = [];

function unknownFailures(failures: string[]): string[] {
  return failures.filter((f) => !KNOWN_5XX.some((k) => k.re.test(f)));
}

let srv: RunningServer;
let c: Record<RoleKey, HttpClient>;
let ids: SeedIds;
const targets: Target[] = [];

beforeAll(async () => {
  srv = await startServer({ seed: true });
  ids = await seedIds(srv.databaseUrl);
  c = await loginAll(srv.baseUrl);
  for (const { file, pattern } of routeTable()) {
    if (ONLY && !pattern.includes(ONLY)) continue;
    if (!hasAction(readFileSync(`${ROUTES_DIR}/${file}`, "utf8"))) continue;
    const role = actorFor(pattern);
    if (!role) continue;
    let url: string;
    try {
      url = urlFor(pattern, ids);
    } catch {
      // A new route with parameters that fixtures.urlFor does not know yet (the matrix test fails for it).
      console.warn(`[fuzz] no URL for ${pattern}: add it to tests/security/fixtures.ts urlFor`);
      continue;
    }
    const page = await (await c[role].get(url)).text();
    const shape = formShape(page);
    targets.push({ pattern, url, role, ...shape });
  }
}, 240_000);

afterAll(async () => {
  await srv?.stop();
});

async function send(t: Target, body: string | FormData | Uint8Array, contentType?: string): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { Origin: new URL(srv.baseUrl).origin };
  if (contentType) headers["Content-Type"] = contentType;
  // A fresh client for the anonymous routes, so a successful login/sign-up never changes the next run.
  const client = t.role === "anon" ? new HttpClient(srv.baseUrl) : c[t.role];
  try {
    const res = await client.request(t.url, { method: "POST", body: body as BodyInit, headers });
    const text = await res.text();
    return { status: res.status, text };
  } catch (e) {
    // A reset connection counts as a server failure (599), unless the server refused the body on purpose.
    return { status: 599, text: String((e as Error).cause ?? e) };
  }
}

const FORM = "application/x-www-form-urlencoded;charset=UTF-8";

const decodeURIComponentSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

describe("fuzzing every action", () => {
  it("finds the action routes and their forms", () => {
    expect(targets.length).toBeGreaterThan(ONLY ? 0 : 20);
  });

  it("random, unicode, huge, wrongly typed, missing and injected fields: never a 5xx", async () => {
    const failures: string[] = [];
    for (const t of targets) {
      const names = [...t.fields, "id", "projectId", "amount", "email", "password", "q1", "count", "x"];
      const bodyArb = fc.record({
        intent: fc.option(fc.oneof(fc.constantFrom(...(t.intents.length ? t.intents : ["save"])), valueArb.map((v) => v)), { nil: undefined }),
        pairs: fc.array(fc.tuple(fc.constantFrom(...names), valueArb), { maxLength: Math.min(names.length + 4, 24) }),
      });
      await fc.assert(
        fc.asyncProperty(bodyArb, async ({ intent, pairs }) => {
          const parts = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`);
          if (intent !== undefined) parts.unshift(`intent=${t.intents.includes(intent) ? encodeURIComponent(intent) : intent}`);
          const res = await send(t, parts.join("&"), FORM);
          if (res.status >= 500) failures.push(`${t.pattern} as ${t.role}: ${res.status} for ${parts.join("&").slice(0, 300)} → ${res.text.slice(0, 200)}`);
          return res.status < 500;
        }),
        // A fixed default seed keeps CI reproducible; set LB_FUZZ_SEED to explore other inputs.
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true, seed: Number(process.env.LB_FUZZ_SEED) || 20261127 },
      ).catch(() => {}); // the failure is in `failures`, with the route
    }
    if (failures.length) console.warn(`[fuzz] known 5xx (open bugs) seen: ${failures.length}`);
    expect(unknownFailures(failures)).toEqual([]);
  }, 120_000);

  it("fixed payloads into every field of every intent: injections, 1 MB values, arrays for scalars, wrong content types", async () => {
    const failures: string[] = [];
    const mb = "界".repeat(350_000); // ~1 MB of UTF-8
    for (const t of targets) {
      const intents = t.intents.length ? t.intents : [""];
      const bodies: [string, string | FormData | Uint8Array, string | undefined][] = [];
      for (const intent of intents) {
        const base = intent ? `intent=${encodeURIComponent(intent)}&` : "";
        // Every payload reaches every field across the bodies of an intent: body b gives field j payload
        // (b + j) mod P, so P bodies cover all; with many fields fewer bodies already put each payload
        // somewhere, so cap at 8 bodies per intent (bounded runtime) — body 0..7 rotate through the list.
        const payloads = [...INJECTIONS.map(enc), ...UNICODE_RAW];
        const nBodies = Math.min(payloads.length, Math.max(8, Math.ceil(payloads.length / Math.max(1, t.fields.length))));
        for (let b = 0; b < nBodies; b++) {
          const stride = Math.ceil(payloads.length / nBodies);
          const fieldsPart = t.fields.map((f, j) => `${encodeURIComponent(f)}=${payloads[(b * stride + j) % payloads.length]}`).join("&");
          bodies.push([`${intent}:${decodeURIComponentSafe(payloads[(b * stride) % payloads.length])}`, base + fieldsPart, FORM]);
        }
        bodies.push([`${intent}:missing`, base.replace(/&$/, ""), FORM]);
        bodies.push([`${intent}:arrays`, base + t.fields.flatMap((f) => [`${encodeURIComponent(f)}=1`, `${encodeURIComponent(f)}=2`, `${encodeURIComponent(f)}%5B%5D=3`]).join("&"), FORM]);
      }
      const first = t.fields[0] ?? "x";
      bodies.push(["1MB", `intent=${encodeURIComponent(intents[0])}&${encodeURIComponent(first)}=${encodeURIComponent(mb)}`, FORM]);
      bodies.push(["json", JSON.stringify({ intent: intents[0], [first]: ["' OR 1=1 --"] }), "application/json"]);
      bodies.push(["text", "<script>alert(1)</script>", "text/plain"]);
      bodies.push(["bad multipart", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb", "multipart/form-data; boundary=zzz"]);
      const fd = new FormData();
      fd.set("intent", intents[0]);
      for (const f of t.fields) fd.set(f, new Blob(["<script>alert(1)</script>"], { type: "text/html" }), "x.html");
      bodies.push(["files for fields", fd, undefined]);
      bodies.push(["binary", new Uint8Array([0, 255, 254, 0, 1, 2]), "application/octet-stream"]);
      bodies.push(["empty", "", FORM]);
      for (const [label, body, type] of bodies) {
        const res = await send(t, body, type);
        if (res.status >= 500) failures.push(`${t.pattern} as ${t.role}: ${res.status} for ${label} → ${res.text.slice(0, 200)}`);
      }
    }
    for (const k of KNOWN_5XX) {
      if (!failures.some((f) => k.re.test(f))) console.warn(`[fuzz] known bug no longer seen (delete its KNOWN_5XX entry?): ${k.bug}`);
    }
    expect(unknownFailures(failures)).toEqual([]);
  }, 120_000);
});

describe("stored script is rendered escaped", () => {
  it("a need whose title and description carry <script> and an <img onerror> shows them as text", async () => {
    const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
    const title = `<script>alert(1)</script>培训"><img src=x onerror=alert(1)>`;
    const res = await c.entA.post("/projects/new", {
      intent: "save",
      title,
      description: `职工技能培训需求 <script>alert("desc")</script> "><img src=x onerror=alert(2)> ' OR 1=1 --`,
      categoryCode: "psych_counselling",
      districtCode: "yuhua",
      beneficiariesPlanned: "200",
      sessionsPlanned: "4",
      serviceStart: day(60),
      serviceEnd: day(90),
      budget: "28,000.50",
      fundingSource: "UNION_FUNDS",
      bidDeadline: `${day(30)}T17:00`,
      unionRule: "NONE",
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const id = /^\/projects\/([^/?]+)/.exec(res.headers.get("location") ?? "")![1];
    for (const path of [`/projects/${id}`, `/projects/${id}/edit`, "/projects", "/enterprise"]) {
      const page = await (await c.entA.get(path)).text();
      expect(page, path).not.toContain("<script>alert(");
      expect(page, path).not.toContain("<img src=x");
      if (path === `/projects/${id}`) {
        expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
      }
    }
    // The search API returns JSON (not HTML): the text may be there, but as a JSON string with "<" escaped
    // or plain, served as application/json with nosniff, never as text/html.
    const api = await c.entA.get(`/api/search/projects?q=${encodeURIComponent("培训")}`);
    expect(api.headers.get("content-type") ?? "").toMatch(/json/);
  });
});
