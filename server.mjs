// Production HTTP server: Express + the Remix request handler (same stack as remix-serve), plus the
// client's socket address in the load context so per-IP rate limits work without a proxy.
// Behind a reverse proxy set TRUST_PROXY=1 (or the number of hops) to use X-Forwarded-For.
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
installGlobals({ nativeFetch: true });

const buildPath = resolve(process.argv[2] ?? "build/server/index.js");
const build = await import(pathToFileURL(buildPath).href);
const port = Number(process.env.PORT || 3000);

// Actions read forms only. A body that cannot be parsed as a form (wrong content type, broken
// multipart) is the client's error: answer 400/415 in the user's language instead of a 500.
/** Answers a refused request after draining its body (answering mid-upload resets the connection). */
function refuse(req, res, status, message) {
  const send = () => {
    if (!res.headersSent) res.status(status).type("text/plain; charset=utf-8").send(message);
  };
  if (req.readableEnded) return send();
  let seen = 0;
  req.on("data", (chunk) => {
    seen += chunk.length;
    if (seen > 64 * 1024 * 1024) req.destroy(); // never buffer more than an upload limit's worth
  });
  req.on("end", send);
  req.on("error", () => {});
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
function isBodyParseError(e) {
  return e instanceof Error && !(e instanceof Response) && /formdata|form data|content-type|multipart|boundary|unexpected end of|malformed part/i.test(e.message);
}
// The database cannot be reached (PostgreSQL stopped or restarting, connections dropped): answer
// 503 with Retry-After and a retry message (the error page says it in the user's language) instead of
// a 500. The pool reconnects by itself, so the same process recovers once the database is back.
// The recognition lives in app/db-unavailable.server.ts.
const isDbUnavailable = build.entry.module.isDbUnavailableError ?? (() => false);
const retryAfter = String(build.entry.module.DB_RETRY_AFTER_SECONDS ?? 5);
function dbUnavailable() {
  return new Response(build.entry.module.DB_UNAVAILABLE_MESSAGE ?? "Service temporarily unavailable, please retry", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": retryAfter, "Cache-Control": "no-store" },
  });
}
for (const route of Object.values(build.routes)) {
  const { action, loader } = route.module ?? {};
  if (typeof action !== "function" && typeof loader !== "function") continue;
  route.module = { ...route.module };
  if (typeof loader === "function") {
    route.module.loader = async (args) => {
      try {
        return await loader(args);
      } catch (e) {
        if (isDbUnavailable(e)) throw dbUnavailable();
        throw e;
      }
    };
  }
  if (typeof action === "function") {
    route.module.action = async (args) => {
      try {
        return await action(args);
      } catch (e) {
        if (isBodyParseError(e)) {
          throw new Response("请求格式无效，请通过页面表单提交。/ The request body is not a valid form.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
        }
        if (isDbUnavailable(e)) throw dbUnavailable();
        throw e;
      }
    };
  }
}
const trust = process.env.TRUST_PROXY;

const app = express();
app.disable("x-powered-by");
if (trust && trust !== "0") app.set("trust proxy", /^\d+$/.test(trust) ? Number(trust) : true);
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
if (process.env.LB_ACCESS_LOG !== "0") app.use(morgan("tiny"));
// Refuse state-changing requests from a foreign origin BEFORE Remix runs any action (Remix's own
// check answers an empty 500; ours answers 403). The rule lives in app/security.server.ts.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  // An action may answer without reading the whole body; never reuse such a socket for the next request.
  res.setHeader("Connection", "close");
  // …and finish reading that body before ending the response: closing the socket while the client
  // is still sending makes its write fail (EPIPE / reset) instead of delivering our answer.
  const end = res.end.bind(res);
  res.end = (...args) => {
    if (req.readableEnded || req.destroyed) return end(...args);
    let seen = 0;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        end(...args);
      }
    };
    // Detach the request stream Remix made of the body (nobody reads it any more; it would pause
    // the socket again once its buffer is full) and discard the rest.
    req.removeAllListeners("data");
    req.removeAllListeners("readable");
    req.on("data", (chunk) => {
      seen += chunk.length;
      if (seen > 64 * 1024 * 1024) req.destroy(); // never drain more than an upload limit's worth
    });
    req.on("pause", () => setImmediate(() => req.resume()));
    req.once("end", finish);
    req.once("close", finish);
    req.on("error", () => {});
    req.resume();
    return res;
  };
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) for (const x of [v].flat()) if (x != null) headers.append(k, String(x));
  const request = new Request(`${req.protocol}://${req.get("host")}${req.originalUrl}`, { method: req.method, headers });
  const reason = build.entry.module.crossOriginReason?.(request);
  if (reason) return refuse(req, res, 403, "拒绝跨站请求 / Forbidden: cross-origin request refused");
  const type = req.get("content-type");
  const hasBody = Number(req.get("content-length") || 0) > 0 || req.get("transfer-encoding") !== undefined;
  if (hasBody && !(type && FORM_TYPES.test(type))) {
    return refuse(req, res, 415, "不支持的请求格式，请通过页面表单提交。/ Unsupported media type: submit the form.");
  }
  next();
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ clientIp: req.ip || req.socket.remoteAddress || "unknown" }),
  }),
);

const server = process.env.HOST ? app.listen(port, process.env.HOST, onListen) : app.listen(port, onListen);
function onListen() {
  console.log(`[laborbridge] listening on http://localhost:${port}`);
}
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
