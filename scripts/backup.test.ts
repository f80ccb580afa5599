// `npm run backup` / `npm run restore` round trip, through the real CLIs (tsx scripts/backup.ts and
// scripts/restore.ts) against this test file's database: SQLite by default, PostgreSQL with
// LB_TEST_DB=postgres.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, isPostgresUrl } from "~/db.server";
import { verifyAuditChain, writeAudit } from "~/domain/audit.server";
import { kindOfUrl, tableCounts, type BackupManifest } from "~/domain/backup.server";
import { seedDemo } from "../prisma/seed";
import { filters, migrationsList, withEngine } from "./db/engine";
import { dropDatabaseUrl, freshDatabaseUrl } from "../tests/http/server";

const execFileP = promisify(execFile);
const url = process.env.DATABASE_URL!;
const kind = kindOfUrl(url);
const dir = mkdtempSync(join(tmpdir(), "lb-backup-test-"));
const env = {
  ...process.env,
  DATABASE_URL: url,
  LB_BACKUP_DIR: join(dir, "backups"),
  SEARCH_DB_PATH: join(dir, "data", "search.db"),
  UPLOAD_DIR: join(dir, "data", "uploads"),
};
const ext = kind === "sqlite" ? "db" : "dump";

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(script: "backup" | "restore", args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  try {
    const r = await execFileP(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], { env: { ...env, ...extraEnv }, cwd: process.cwd() });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: typeof x.code === "number" ? x.code : 1, stdout: x.stdout ?? "", stderr: x.stderr ?? String(e) };
  }
}

const jsonSafe = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString("hex") : x));

/** Every row of every table, each table's rows sorted: equal snapshots mean equal data. */
async function snapshot(): Promise<Record<string, string[]>> {
  const counts = await tableCounts(db, kind);
  const out: Record<string, string[]> = {};
  for (const t of Object.keys(counts)) {
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${t}"`);
    out[t] = rows.map(jsonSafe).sort();
  }
  return out;
}

async function addAudit(action: string, entityId: string): Promise<void> {
  await db.$transaction((tx) => writeAudit(tx, { actorId: null, actorRole: "SYSTEM", action, entityType: "Test", entityId, after: { note: "备份测试" } }));
}

beforeAll(async () => {
  await seedDemo(db);
  // A chain of more than the seed's own record.
  for (let i = 0; i < 5; i++) await addAudit("backup.test.before", `b${i}`);
  mkdirSync(join(dir, "data", "uploads", "org"), { recursive: true });
  writeFileSync(join(dir, "data", "uploads", "org", "cert.pdf"), "%PDF-1.4 test");
  const s = new Database(env.SEARCH_DB_PATH);
  s.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('before')");
  s.close();
}, 120_000);

describe(`npm run backup / npm run restore (${kind})`, () => {
  it("round trip: backup → change data → restore gives back exactly the backed-up data, audit chain verified", async () => {
    const before = await snapshot();
    const userCount = await db.user.count();
    expect(userCount).toBeGreaterThan(10);
    // The seed's history and its own record, plus the 5 test records.
    const auditCount = await db.auditLog.count();
    expect(auditCount).toBeGreaterThan(6);
    const file = join(dir, `roundtrip.${ext}`);

    const b = await cli("backup", [file]);
    expect(b.stderr).toBe("");
    expect(b.code).toBe(0);
    expect(b.stdout).toContain("完成 / done");
    expect(existsSync(file)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, "roundtrip.manifest.json"), "utf8")) as BackupManifest;
    expect(manifest).toMatchObject({ app: "laborbridge", kind, file: `roundtrip.${ext}`, search: { file: "roundtrip.search.db" }, uploads: { files: 1 } });
    if (kind === "sqlite") {
      expect(manifest.counts?.User).toBe(userCount);
      expect(manifest.audit).toMatchObject({ ok: true, count: auditCount });
    }

    // Change things after the backup: delete a project (with its children), add a user, extend the chain,
    // lose an upload, change the search index.
    const victim = await db.project.findFirstOrThrow({
      where: { state: "DRAFT", bids: { none: {} }, members: { none: {} }, invoices: { none: {} }, instalments: { none: {} } },
    });
    await db.project.delete({ where: { id: victim.id } });
    await db.user.create({ data: { email: "after-backup@example.test", passwordHash: "x", role: "BROKER", displayName: "备份之后" } });
    await addAudit("backup.test.after", "a1");
    rmSync(join(dir, "data", "uploads", "org", "cert.pdf"));
    const s = new Database(env.SEARCH_DB_PATH);
    s.exec("UPDATE t SET x = 'after'");
    s.close();
    expect(await db.user.count()).toBe(userCount + 1);

    await disconnectDb(); // "stop the server"
    const r = await cli("restore", [file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`审计链 / audit:      OK, ${auditCount} records verified`);
    expect(r.stdout).toMatch(/previous database kept in: .*pre-restore-\d{8}T\d{6}Z\.(db|dump)/);

    expect(await snapshot()).toEqual(before);
    expect(await db.project.findUnique({ where: { id: victim.id } })).not.toBeNull();
    expect(await db.user.findUnique({ where: { email: "after-backup@example.test" } })).toBeNull();
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: auditCount });
    expect(readFileSync(join(dir, "data", "uploads", "org", "cert.pdf"), "utf8")).toBe("%PDF-1.4 test");
    const s2 = new Database(env.SEARCH_DB_PATH, { readonly: true });
    expect(s2.prepare("SELECT x FROM t").get()).toEqual({ x: "before" });
    s2.close();
  }, 180_000);

  it("backs up online: writes keep going during the backup, and the backup is consistent", async () => {
    const file = join(dir, `online.${ext}`);
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        await addAudit("backup.test.online", `o${written}`);
        await db.notification.create({ data: { userId: (await db.user.findFirstOrThrow({ select: { id: true } })).id, kind: "test.online" } });
        written++;
        // better-sqlite3 is synchronous: without a macrotask turn this loop would starve the event loop
        // (and never see the CLI exit).
        await new Promise((r) => setImmediate(r));
      }
    })();
    const b = await cli("backup", [file, "--no-files"]);
    stop = true;
    await writer;
    expect(b.stderr).toBe("");
    expect(b.code).toBe(0);
    expect(written).toBeGreaterThan(0);
    if (kind === "sqlite") {
      const m = JSON.parse(readFileSync(join(dir, "online.manifest.json"), "utf8")) as BackupManifest;
      expect(m.audit?.ok).toBe(true);
      // The copy is one moment of the database: as many test audit records as test notifications.
      const f = new Database(file, { readonly: true });
      const a = (f.prepare(`SELECT COUNT(*) AS n FROM AuditLog WHERE action = 'backup.test.online'`).get() as { n: number }).n;
      const n = (f.prepare(`SELECT COUNT(*) AS n FROM Notification WHERE kind = 'test.online'`).get() as { n: number }).n;
      f.close();
      expect(n === a || n === a - 1).toBe(true);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    await db.notification.deleteMany({ where: { kind: "test.online" } });
  }, 60_000);

  it("names the backup backups/laborbridge-<UTC stamp>.<ext> by default", async () => {
    const b = await cli("backup", ["--no-files"]);
    expect(b.code).toBe(0);
    const m = /备份 \/ backup:\s+(\S+)/.exec(b.stdout);
    expect(m?.[1]).toMatch(new RegExp(`/backups/laborbridge-\\d{8}T\\d{6}Z\\.${ext}$`));
    expect(existsSync(m![1])).toBe(true);
  }, 60_000);

  it("refuses while another process / session uses the database (stop the server first)", async () => {
    const file = join(dir, `inuse.${ext}`);
    expect((await cli("backup", [file, "--no-files"])).code).toBe(0);
    await db.user.count(); // this test process now holds the database, as a running server would
    const r = await cli("restore", [file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stop the server first/);
    await disconnectDb();
  }, 60_000);

  it("refuses a file that is not a LaborBridge backup, and changes nothing", async () => {
    const users = await db.user.count();
    await disconnectDb();
    const foreign = join(dir, "foreign.db");
    const f = new Database(foreign);
    f.exec("CREATE TABLE notes(x)");
    f.close();
    const junk = join(dir, "junk.dump");
    writeFileSync(junk, "hello");
    for (const p of [foreign, junk]) {
      const r = await cli("restore", [p]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(kind === "sqlite" && p === foreign ? /not a LaborBridge database/ : /not a LaborBridge backup|DATABASE_URL is|not a LaborBridge database/);
    }
    expect(await db.user.count()).toBe(users);
  }, 60_000);

  it("refuses a backup whose bytes no longer match its manifest", async () => {
    const file = join(dir, `corrupt.${ext}`);
    expect((await cli("backup", [file, "--no-files"])).code).toBe(0);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(file, bytes);
    await disconnectDb();
    const r = await cli("restore", [file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/backup file corrupted: sha256/);
  }, 60_000);

  it.skipIf(kind !== "sqlite")("refuses (and replaces nothing) when the backup's audit chain was tampered with", async () => {
    const file = join(dir, "tampered.db");
    expect((await cli("backup", [file, "--no-files"])).code).toBe(0);
    rmSync(join(dir, "tampered.manifest.json"));
    const t = new Database(file);
    t.prepare(`UPDATE AuditLog SET reason = 'edited' WHERE seq = (SELECT MAX(seq) FROM AuditLog)`).run();
    t.close();
    const marker = await db.user.create({ data: { email: "still-here@example.test", passwordHash: "x", role: "ADMIN", displayName: "x" } });
    await disconnectDb();
    const r = await cli("restore", [file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/audit chain BROKEN in the backup .* nothing restored/);
    expect(await db.user.findUnique({ where: { id: marker.id } })).not.toBeNull();
    await db.user.delete({ where: { id: marker.id } });
  }, 60_000);

  it("upgrades a backup made by an older version (pending migrations are applied after restore)", async () => {
    // An "old version" database: only the first migration, plus a little data and audit.
    const oldUrl = freshDatabaseUrl(kind); // "http" label: swept by scripts/test.sh if a crash leaves it
    let total = 0;
    try {
      await withEngine(oldUrl, async (engine, provider) => {
        const list = migrationsList(provider);
        total = list.migrationDirectories.length;
        await engine.applyMigrations({ migrationsList: { ...list, migrationDirectories: list.migrationDirectories.slice(0, 1) }, filters });
      });
      const file = join(dir, `old.${ext}`);
      const b = await cli("backup", [file, "--no-files"], { DATABASE_URL: oldUrl });
      expect(b.code).toBe(0);
      await disconnectDb();
      const r = await cli("restore", [file, "--no-safety-backup"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/迁移 \/ migrations:\s+applied \d+_reference_data/);
      const migrations = await db.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      expect(total).toBeGreaterThanOrEqual(2);
      expect(migrations.length).toBe(total); // every later migration was applied
      expect(await db.district.count()).toBeGreaterThan(0); // reference data came with the upgrade
      expect(await db.user.count()).toBe(0);
    } finally {
      await dropDatabaseUrl(oldUrl);
    }
  }, 120_000);
});

it("uses SQLite or PostgreSQL as configured", () => {
  expect(isPostgresUrl(url)).toBe(kind === "postgres");
});
