// Embedded-engine specifics (the shared behaviour is in contract.ts): persistence, generations and
// swaps, several connections on one file, rebuild flags.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CONTRACT_ORGS, CONTRACT_PROJECTS } from "./contract";
import { EmbeddedSearchEngine } from "./embedded.server";

const dir = join(process.cwd(), "tests", ".tmp");
const files: string[] = [];
const engines: EmbeddedSearchEngine[] = [];

function tmpPath(): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, `search-emb-${randomBytes(4).toString("hex")}.db`);
  files.push(p);
  return p;
}
function open(path: string): EmbeddedSearchEngine {
  const e = new EmbeddedSearchEngine({ path });
  engines.push(e);
  return e;
}

afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const f of files.splice(0)) for (const s of ["", "-wal", "-shm"]) rmSync(f + s, { force: true });
});

describe("embedded engine", () => {
  it("persists across restarts without a rebuild", async () => {
    const path = tmpPath();
    const a = open(path);
    expect((await a.staleIndexes()).sort()).toEqual(["organizations", "projects"]);
    await a.swapIn("projects", CONTRACT_PROJECTS);
    await a.swapIn("organizations", CONTRACT_ORGS);
    expect(await a.staleIndexes()).toEqual([]);
    await a.close();

    const b = open(path);
    expect(await b.staleIndexes()).toEqual([]);
    expect(await b.count("projects")).toBe(CONTRACT_PROJECTS.length);
    expect((await b.search("projects", { q: "处理" })).hits.map((h) => h.id)).toEqual(["p1"]);
    expect((await b.search("projects", { q: "counseling " })).hits.map((h) => h.id)).toEqual(["p5", "p2"]);
  });

  it("resets an index (flagged stale) when its layout or tokenizer signature changed", async () => {
    const path = tmpPath();
    const a = open(path);
    await a.swapIn("projects", CONTRACT_PROJECTS);
    await a.close();
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = 'old' WHERE key = 'sig:projects'").run();
    raw.close();
    const b = open(path);
    expect(await b.staleIndexes()).toContain("projects");
    expect(await b.count("projects")).toBe(0);
  });

  it("sees writes made through another connection to the same file", async () => {
    const path = tmpPath();
    const writer = open(path);
    const reader = open(path);
    await reader.init();
    expect((await reader.search("projects", { q: "mindfulness" })).hits).toEqual([]);
    await writer.upsert("projects", CONTRACT_PROJECTS);
    expect((await reader.search("projects", { q: "mindfulness" })).hits.map((h) => h.id)).toEqual(["p5"]);
    // a swap by the other connection switches the reader to the new generation
    await writer.swapIn("projects", [CONTRACT_PROJECTS[0]]);
    expect(await reader.count("projects")).toBe(1);
    expect((await reader.search("projects", { q: "mindfulness" })).hits).toEqual([]);
  });

  it("keeps the live index when a rebuild fails", async () => {
    const path = tmpPath();
    const e = open(path);
    await e.swapIn("projects", CONTRACT_PROJECTS);
    await expect(
      e.swapIn(
        "projects",
        (async function* () {
          yield CONTRACT_PROJECTS.slice(0, 2);
          throw new Error("database went away");
        })(),
      ),
    ).rejects.toThrow("database went away");
    expect(await e.count("projects")).toBe(CONTRACT_PROJECTS.length);
    expect((await e.search("projects", { q: "简单" })).hits.map((h) => h.id)).toEqual(["p3"]);
    const raw = new Database(path, { readonly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'docs_projects_%'").all();
    raw.close();
    expect(tables).toHaveLength(1);
  });

  it("counts a typo on the first letter twice, as Meilisearch does", async () => {
    const e = open(tmpPath());
    await e.upsert("projects", CONTRACT_PROJECTS);
    expect((await e.search("projects", { q: "xtress " })).hits).toEqual([]); // 6 chars: budget 1
    expect((await e.search("projects", { q: "xindfulness " })).hits.map((h) => h.id)).toEqual(["p5"]); // 11 chars: budget 2
  });

  it("learns new Latin words for typo tolerance as documents arrive", async () => {
    const e = open(tmpPath());
    await e.upsert("projects", CONTRACT_PROJECTS);
    expect((await e.search("projects", { q: "ergonomics " })).hits).toEqual([]);
    await e.upsert("projects", [{ ...CONTRACT_PROJECTS[0], id: "p9", title: "Ergonomics training" }]);
    expect((await e.search("projects", { q: "ergonomcs " })).hits.map((h) => h.id)).toEqual(["p9"]);
  });

  it("reports a ranking score and returns placeholder hits in insertion order", async () => {
    const e = open(tmpPath());
    await e.upsert("projects", CONTRACT_PROJECTS);
    const all = await e.search("projects", { hitsPerPage: 100 });
    expect(all.hits.map((h) => h.id)).toEqual(CONTRACT_PROJECTS.map((p) => p.id));
    const r = await e.search("projects", { q: "training" });
    expect(r.hits[0]._rankingScore).toBe(1);
    expect(r.hits[1]._rankingScore).toBeGreaterThan(0);
    expect(r.hits[1]._rankingScore).toBeLessThan(1);
  });

  it("is unhealthy when its file cannot be opened", async () => {
    const e = open(join(dir, "no-such-dir-\u0000/x.db"));
    const h = await e.health();
    expect(h.ok).toBe(false);
  });
});
