// Sliding-window rate limiting on the RateLimitEvent table, so every app instance shares the counts.
// One row per event; a limit is "at most `max` events of (bucket, key) within the last `windowMs`".
//
// Client IP: a Remix `Request` does not carry the socket address, and `remix-serve` (2.17) calls
// `createRequestHandler` without a `getLoadContext`, so the address cannot reach a loader there. Hence:
//   - TRUST_PROXY=1 (or N): the app sits behind N trusted reverse proxies; the client IP is the N-th
//     entry from the right of X-Forwarded-For (entries further left are client-supplied, spoofable).
//   - otherwise, a custom server may pass the socket address as `context.clientIp` (string) from its
//     `getLoadContext`; we use it when present.
//   - otherwise the IP is the fixed key "direct" (UNKNOWN_IP). Per-IP limits are NOT applied to it:
//     one shared key would let a single client lock every user out of login/sign-up. The per-account
//     login limit still applies. Deploy behind a proxy with TRUST_PROXY=1 to get per-IP limits.
import type { Tx } from "~/db.server";
import { db } from "~/db.server";

type Client = Pick<Tx, "rateLimitEvent">;

export const UNKNOWN_IP = "direct";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Limits used by the account flows (accounts.server.ts). */
export const LIMITS = {
  loginAccount: { bucket: "login:account", max: 5, windowMs: 15 * MINUTE },
  loginIp: { bucket: "login:ip", max: 5, windowMs: 15 * MINUTE },
  signupIp: { bucket: "signup:ip", max: 10, windowMs: HOUR },
  passwordChange: { bucket: "password:user", max: 5, windowMs: 15 * MINUTE },
} as const;

export interface Limit {
  bucket: string;
  max: number;
  windowMs: number;
}

const PURGE_AFTER_MS = DAY;
const PURGE_EVERY_MS = 10 * MINUTE;
let lastPurge = 0;

/** Deletes events older than `olderThanMs` (default one day). Returns how many were removed. */
export async function purgeOld(olderThanMs = PURGE_AFTER_MS, client: Client = db): Promise<number> {
  lastPurge = Date.now();
  const r = await client.rateLimitEvent.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - olderThanMs) } } });
  return r.count;
}

async function maybePurge(client: Client): Promise<void> {
  if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
  try {
    await purgeOld(PURGE_AFTER_MS, client);
  } catch {
    // Housekeeping must never fail a request.
  }
}

/** Records one event; returns its id (see `removeEvent`). */
export async function hit(bucket: string, key: string, client: Client = db): Promise<number> {
  const row = await client.rateLimitEvent.create({ data: { bucket, key }, select: { id: true } });
  await maybePurge(client);
  return row.id;
}

/** Deletes one event recorded by `hit` (e.g. an attempt that turned out to be a success). */
export async function removeEvent(id: number, client: Client = db): Promise<void> {
  await client.rateLimitEvent.deleteMany({ where: { id } });
}

/** Number of events of (bucket, key) within the last `windowMs`. */
export async function count(bucket: string, key: string, windowMs: number, client: Client = db): Promise<number> {
  return client.rateLimitEvent.count({
    where: { bucket, key, createdAt: { gte: new Date(Date.now() - windowMs) } },
  });
}

/** True when `max` or more events happened within the window (the next attempt must be refused). */
export async function isLimited(
  bucket: string,
  key: string,
  max: number,
  windowMs: number,
  client: Client = db,
): Promise<boolean> {
  return (await count(bucket, key, windowMs, client)) >= max;
}

/** Forgets all events of (bucket, key), e.g. an account's login failures after a successful login. */
export async function clear(bucket: string, key: string, client: Client = db): Promise<void> {
  await client.rateLimitEvent.deleteMany({ where: { bucket, key } });
}

/** Whether per-IP limits can be applied to this key (see the header comment). */
export function isKnownIp(ip: string | null | undefined): ip is string {
  return !!ip && ip !== UNKNOWN_IP && ip !== "unknown";
}

function trustedHops(env: Record<string, string | undefined>): number {
  const v = (env.TRUST_PROXY ?? "").trim().toLowerCase();
  if (v === "true" || v === "yes") return 1;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

function normalizeIp(ip: string): string {
  let s = ip.trim();
  if (s.startsWith("[")) s = s.slice(1, s.indexOf("]") > 0 ? s.indexOf("]") : undefined); // [v6]:port
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.replace(/:\d+$/, ""); // v4:port
  if (s.toLowerCase().startsWith("::ffff:") && s.includes(".")) s = s.slice(7); // v4-mapped v6
  return s.toLowerCase();
}

/**
 * The client's IP for rate limiting (see the header comment for the rules). `context` is Remix's load
 * context; a custom server may put the socket address in `context.clientIp`.
 */
export function clientIp(request: Request, context?: unknown, env: Record<string, string | undefined> = process.env): string {
  const hops = trustedHops(env);
  if (hops > 0) {
    const parts = (request.headers.get("X-Forwarded-For") ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const candidate = parts.length >= hops ? parts[parts.length - hops] : parts[0];
    if (candidate) return normalizeIp(candidate);
  }
  const ctxIp = (context as { clientIp?: unknown } | null | undefined)?.clientIp;
  if (typeof ctxIp === "string" && ctxIp.trim()) return normalizeIp(ctxIp);
  return UNKNOWN_IP;
}
