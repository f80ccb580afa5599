// One Prisma client per process. SQLite (better-sqlite3) by default; PostgreSQL when DATABASE_URL
// starts with postgres. App code types against the SQLite client, the common subset of both.
import { isAbsolute, resolve } from "node:path";
import { PrismaClient } from "~/generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "~/generated/postgres/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { serializedSqlite } from "./sqlite-serial.server";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export const DEFAULT_SQLITE_URL = "file:./data/app.db";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_SQLITE_URL;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Resolves a relative SQLite file URL against the project root (process.cwd() is the root for all scripts). */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "");
  return isAbsolute(raw) ? raw : resolve(process.env.LB_ROOT || process.cwd(), raw);
}

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.PG_POOL_MAX || 10) });
    // The two generated clients share one model set; the PG client is used through the SQLite type.
    return new PgPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  // Serialized: a query outside a transaction must not run inside another request's open one.
  const adapter = serializedSqlite(new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(url)}` }));
  return new PrismaClient({ adapter });
}

const g = globalThis as unknown as { __lbPrisma?: PrismaClient };

/** The process-wide client, created on first use (so tests can set DATABASE_URL first). */
export function getDb(): PrismaClient {
  if (!g.__lbPrisma) g.__lbPrisma = createPrismaClient();
  return g.__lbPrisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const v = client[prop];
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(client) : v;
  },
});

export async function disconnectDb(): Promise<void> {
  if (g.__lbPrisma) {
    await g.__lbPrisma.$disconnect();
    g.__lbPrisma = undefined;
  }
}
