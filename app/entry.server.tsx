// Node streaming entry (Remix default) plus: cross-origin refusal, security headers and a per-request
// CSP nonce. See app/security.server.ts for why actions must also check the origin themselves.
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { NonceContext } from "~/components/nonce";
import { createHtmlStream } from "~/html-stream.server";
import { startBackgroundJobs } from "~/background.server";
import { DB_RETRY_AFTER_SECONDS } from "~/db-unavailable.server";
import { LocaleFallbackContext } from "~/i18n/react";
import { getLocale } from "~/i18n/locale.server";
import {
  applySecurityHeaders,
  createNonce,
  crossOriginReason,
  forbiddenCrossOrigin,
} from "~/security.server";

// For a custom server (server.mjs) that wants to refuse cross-origin requests before Remix sees them:
// `build.entry.module.crossOriginReason(request)` → "cross-site" | "origin" | null.
export { crossOriginReason };
// For server.mjs: loader/action errors that mean "database unreachable" become 503 + Retry-After.
export { isDbUnavailableError, DB_RETRY_AFTER_SECONDS, DB_UNAVAILABLE_MESSAGE } from "~/db-unavailable.server";

// The bid-deadline timer: once per server process (not in vitest, which imports this module), so
// PUBLISHED projects past their deadline move to EVALUATING, and people are told, within a minute
// even when nobody opens them.
startBackgroundJobs();

// Single fetch: how long streamed promises may stay pending.
export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  if (crossOriginReason(request)) {
    const refused = forbiddenCrossOrigin();
    applySecurityHeaders(refused.headers);
    return refused;
  }

  if (responseStatusCode === 503 && !responseHeaders.has("Retry-After")) responseHeaders.set("Retry-After", String(DB_RETRY_AFTER_SECONDS));
  const nonce = createNonce();
  const locale = getLocale(request);
  const waitForAll = isbot(request.headers.get("user-agent") || "") || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <LocaleFallbackContext.Provider value={locale}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </LocaleFallbackContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          // Not a plain PassThrough: React 18 leaves NUL bytes in Chinese text (see html-stream.server).
          const body = createHtmlStream();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // Pages depend on the session and the language: never share them between users.
          if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-cache");
          responseHeaders.append("Vary", "Cookie, Accept-Language");
          applySecurityHeaders(responseHeaders, nonce);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors in the initial shell reject and are logged by Remix; log the later ones.
          if (shellRendered) console.error(error);
        },
      },
    );
    // Abort a little after streamTimeout so rejected promises reach the client first.
    setTimeout(abort, streamTimeout + 1_000);
  });
}

/** Data requests (single fetch `.data`, including JS-submitted actions): same origin check + headers. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  if (crossOriginReason(request)) {
    const refused = forbiddenCrossOrigin();
    applySecurityHeaders(refused.headers);
    return refused;
  }
  applySecurityHeaders(response.headers);
  if (response.status === 503 && !response.headers.has("Retry-After")) response.headers.set("Retry-After", String(DB_RETRY_AFTER_SECONDS));
  return response;
};

export function handleError(error: unknown, { request }: { request: Request }) {
  // Client disconnects are not server errors.
  if (request.signal.aborted) return;
  console.error(error);
}
