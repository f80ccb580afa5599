// A throwaway PostgreSQL instance for fault tests: its own data directory under the system temp dir,
// its own port on 127.0.0.1, its own socket directory, trust auth for user "postgres". It never
// touches the machine's main cluster. Uses Debian's binaries (/usr/lib/postgresql/<v>/bin); when the
// test runs as root, initdb/pg_ctl run as the "postgres" user through runuser.
//
//   const pg = await startThrowawayPg();   // null when no PostgreSQL binaries are installed
//   pg.url                                 // postgres://postgres@127.0.0.1:<port>/laborbridge
//   await pg.stop(); await pg.start();     // pg_ctl stop -m fast / start
//   await pg.destroy();                    // stop (immediate) and delete the data directory
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../http/server";

const execFileP = promisify(execFile);

/** The bin directory of the newest installed PostgreSQL with initdb, pg_ctl and postgres; null if none. */
export function findPgBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  const candidates: string[] = [];
  if (fromEnv) candidates.push(fromEnv);
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(base, v, "bin"));
  }
  for (const dir of candidates) if (["initdb", "pg_ctl", "postgres"].every((b) => existsSync(join(dir, b)))) return dir;
  return null;
}

export interface ThrowawayPg {
  port: number;
  /** URL of the "laborbridge" database (created by migrateDeploy on first use). */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
  /** The server log so far. */
  log(): Promise<string>;
}

export async function startThrowawayPg(): Promise<ThrowawayPg | null> {
  const bin = findPgBin();
  if (!bin) return null;
  const asRoot = process.getuid?.() === 0;
  let uid = -1;
  let gid = -1;
  if (asRoot) {
    const { stdout } = await execFileP("id", ["-u", "postgres"]);
    uid = Number(stdout.trim());
    gid = Number((await execFileP("id", ["-g", "postgres"])).stdout.trim());
  }
  const root = mkdtempSync(join(tmpdir(), "lb-pgr-"));
  const dataDir = join(root, "data");
  const logFile = join(root, "pg.log");
  if (asRoot) chownSync(root, uid, gid);
  const run = (cmd: string, args: string[], timeout = 60_000) =>
    asRoot ? execFileP("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { timeout }) : execFileP(join(bin, cmd), args, { timeout });

  await run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  // Small and quick: no fsync, socket in our own directory, loopback only.
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50 -c shared_buffers=32MB`;
  const start = async () => {
    await run("pg_ctl", ["-D", dataDir, "-l", logFile, "-o", opts, "-w", "-t", "30", "start"]);
  };
  const stopWith = async (mode: "fast" | "immediate") => {
    await run("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "30", "stop"]);
  };
  await start();
  const pg: ThrowawayPg = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/laborbridge`,
    dataDir,
    start,
    stop: () => stopWith("fast"),
    async destroy() {
      if (existsSync(join(dataDir, "postmaster.pid"))) await stopWith("immediate").catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
    async log() {
      try {
        const { readFileSync } = await import("node:fs");
        return readFileSync(logFile, "utf8");
      } catch {
        return "";
      }
    },
  };
  return pg;
}
