import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchResponse } from "./api.server";
import { CONTRACT_PROJECTS } from "./contract";
import { EmbeddedSearchEngine } from "./embedded.server";
import type { SearchEngine } from "./port";

const dir = join(process.cwd(), "tests", ".tmp");
const path = join(dir, `search-api-${randomBytes(4).toString("hex")}.db`);
let engine: EmbeddedSearchEngine;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  engine = new EmbeddedSearchEngine({ path });
  await engine.upsert("projects", CONTRACT_PROJECTS);
});
afterAll(async () => {
  await engine.close();
  for (const s of ["", "-wal", "-shm"]) rmSync(path + s, { force: true });
});

const get = (qs: string, restrict?: string, e: SearchEngine = engine) =>
  searchResponse("projects", new Request(`http://x/api/search/projects?${qs}`), { restrict, engine: e });

describe("search API helper", () => {
  it("answers with hits, facets and paging", async () => {
    const res = await get(`q=${encodeURIComponent("处理")}&facets=state,district&highlight=1`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.hits.map((h: { id: string }) => h.id)).toEqual(["p1"]);
    expect(body.hits[0]._formatted.title).toContain("<mark>处理</mark>");
    expect(body.facetDistribution).toEqual({ state: { PUBLISHED: 1 }, district: { yuhua: 1 } });
    expect(body).toMatchObject({ page: 1, hitsPerPage: 20, estimatedTotalHits: 1 });
  });

  it("ANDs the route's restriction around the caller's filter", async () => {
    const res = await get(`filter=${encodeURIComponent('state = "DRAFT" OR state = "AWARDED"')}&sort=budgetFen:desc`, 'state != "DRAFT"');
    const body = await res.json();
    expect(body.hits.map((h: { id: string }) => h.id)).toEqual(["p5"]);
    const inj = await get(`filter=${encodeURIComponent('district = "x") OR (state = "DRAFT"')}`, 'state != "DRAFT"');
    expect(inj.status).toBe(400);
  });

  it("rejects bad parameters with 400 and a code", async () => {
    for (const qs of ["page=0", "hitsPerPage=500", "filter=title%20%3D%20x", "sort=title:asc", "facets=description", "highlight=maybe", `q=${"字".repeat(201)}`]) {
      const res = await get(qs);
      expect(res.status, qs).toBe(400);
      expect((await res.json()).code).toMatch(/^search\./);
    }
  });

  it("answers 503 when the engine fails", async () => {
    const broken = { search: async () => Promise.reject(new Error("connection refused")) } as unknown as SearchEngine;
    const orig = console.error;
    console.error = () => {};
    try {
      const res = await get("q=x", undefined, broken);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ code: "search.unavailable" });
    } finally {
      console.error = orig;
    }
  });
});
