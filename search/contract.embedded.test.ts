// The search contract against the embedded engine (always).
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { searchContract } from "./contract";
import { EmbeddedSearchEngine } from "./embedded.server";

const dir = join(process.cwd(), "tests", ".tmp");

searchContract({
  name: "embedded (SQLite FTS5)",
  async create() {
    mkdirSync(dir, { recursive: true });
    return new EmbeddedSearchEngine({ path: join(dir, `search-contract-${randomBytes(4).toString("hex")}.db`) });
  },
  async destroy(engine) {
    const path = (engine as EmbeddedSearchEngine).path;
    await engine.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  },
});
