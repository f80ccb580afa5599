// Request-level security: same-origin check for state-changing requests, security headers, CSP nonce.
// (Client IP for rate limits: clientIp in ~/domain/ratelimit.server; safe redirects: safeRedirectTo in
// ~/auth/guards.server.)
//
// IMPORTANT: Remix 2 calls entry.server's `handleRequest` / `handleDataRequest` AFTER the action has run,
// so the check there can only replace the response, not stop the side effect. Every action must
// therefore call `assertSameOrigin(request)` first (the auth guards / a custom server middleware can do
// it centrally); the entry-level check is the safety net that keeps the result from reaching the
// foreign page.
import { randomBytes } from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function extraAllowedOrigins(): string[] {
  return (process.env.APP_ORIGIN || process.env.ALLOWED_ORIGINS || "")
    .split(",")
    .map((s) => s.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

/** Origins this request may legitimately come from: its own URL's origin, the same host under a
 * proxy's forwarded scheme, and APP_ORIGIN / ALLOWED_ORIGINS (comma-separated). */
export function allowedOrigins(request: Request): Set<string> {
  const url = new URL(request.url);
  const set = new Set<string>([url.origin, ...extraAllowedOrigins()]);
  // Behind a TLS-terminating proxy the app sees http:// while the browser says https://. A cross-site
  // browser request cannot set X-Forwarded-Proto, so trusting it for the scheme only is safe.
  const proto = request.headers.get("X-Forwarded-Proto")?.split(",")[0]?.trim().toLowerCase();
  if (proto === "https" || proto === "http") set.add(`${proto}://${url.host}`);
  return set;
}

/**
 * Returns why a state-changing request must be refused ("cross-site" | "origin"), or null when it is
 * fine. GET/HEAD/OPTIONS are always fine. A request without Origin and without Sec-Fetch-Site (curl,
 * server-to-server) is allowed; the session cookie is SameSite=Lax anyway.
 */
export function crossOriginReason(request: Request): "cross-site" | "origin" | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (request.headers.get("Sec-Fetch-Site")?.toLowerCase() === "cross-site") return "cross-site";
  const origin = request.headers.get("Origin");
  if (origin === null) return null;
  return allowedOrigins(request).has(origin.replace(/\/+$/, "")) ? null : "origin";
}

export function isSameOriginRequest(request: Request): boolean {
  return crossOriginReason(request) === null;
}

/** A plain 403 for refused cross-origin requests. */
export function forbiddenCrossOrigin(): Response {
  return new Response("Forbidden: cross-origin request refused (error.csrf)", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** Throws a 403 Response when the request is a cross-origin state change. Call first in every action. */
export function assertSameOrigin(request: Request): void {
  if (!isSameOriginRequest(request)) throw forbiddenCrossOrigin();
}

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // style attributes from React/charts need 'unsafe-inline'; no inline <style> is used by the shell.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Adds the security headers to a response's headers (document and data responses alike). */
export function applySecurityHeaders(headers: Headers, nonce?: string): void {
  const isProd = process.env.NODE_ENV === "production";
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  if (nonce) {
    // In development Vite injects scripts without our nonce: report only, don't block.
    headers.set(
      isProd ? "Content-Security-Policy" : "Content-Security-Policy-Report-Only",
      contentSecurityPolicy(nonce),
    );
  } else if (!headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", "frame-ancestors 'none'");
  }
  if (isProd) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
