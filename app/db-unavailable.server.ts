// Recognises "the database cannot be reached right now" errors (PostgreSQL stopped or restarting, the
// connection dropped, the pool timed out) so the server answers 503 with a retry message instead of a
// 500 (server.mjs turns them into `503 Service Unavailable` + Retry-After). Other errors are not touched.

/** Error codes of node sockets, pg/PostgreSQL (class 08 connection, 57P0x shutdown) and Prisma (P1001…). */
const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up / shutting down)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001", // can't reach database server
  "P1002", // database server timed out
  "P1017", // server has closed the connection
  "P2024", // timed out fetching a new connection from the pool
]);

/** Driver-adapter error kinds (@prisma/driver-adapter-utils) that mean "no database right now". */
const KINDS = new Set(["DatabaseNotReachable", "DatabaseUnavailable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionStartTimeout"]);

const MESSAGES =
  /can't reach database|ECONNREFUSED|ECONNRESET|connection terminated|connection (is )?closed|server has closed the connection|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|timed out fetching a new connection|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isDbUnavailableError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 6 && e && typeof e === "object"; depth++) {
    if (e instanceof Response) return false;
    const o = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; errors?: unknown };
    if (typeof o.code === "string" && CODES.has(o.code)) return true;
    if (typeof o.originalCode === "string" && CODES.has(o.originalCode)) return true;
    if (typeof o.kind === "string" && KINDS.has(o.kind)) return true;
    if (typeof o.message === "string" && MESSAGES.test(o.message)) return true;
    // AggregateError (node's connect to several addresses) and adapter errors that nest the pg error.
    if (Array.isArray(o.errors) && o.errors.some((x) => isDbUnavailableError(x))) return true;
    e = o.cause;
  }
  return false;
}

/** Seconds a client should wait before retrying (the Retry-After header). */
export const DB_RETRY_AFTER_SECONDS = 5;

/** The body of the 503: the retry message in both languages (the page renders it localised). */
export const DB_UNAVAILABLE_MESSAGE = "服务暂时不可用，请稍后重试 / Service temporarily unavailable, please retry";
