// Pure parts of the Meilisearch adapter (no server needed); the behaviour against a live server is
// the contract suite in contract.meili.test.ts (runs when MEILI_URL is set).
import { describe, expect, it } from "vitest";
import { CONTRACT_ORGS, CONTRACT_PROJECTS } from "./contract";
import { formattedToHtml, meiliSettings, MeiliSearchEngine, toMeiliDoc } from "./meili.server";
import { SearchEngineError } from "./port";

describe("meilisearch adapter", () => {
  it("derives index settings from settings.ts, with the segmented field searchable last", () => {
    const s = meiliSettings("projects");
    expect(s.searchableAttributes).toEqual(["title", "code", "enterpriseName", "categoryName", "districtName", "description", "segmented"]);
    expect(s.displayedAttributes).not.toContain("segmented");
    expect(s.filterableAttributes).toEqual(expect.arrayContaining(["state", "category", "district", "budgetFen", "fundingSource"]));
    expect(s.sortableAttributes).toEqual(expect.arrayContaining(["budgetFen", "createdAt", "bidDeadline"]));
    expect(s.rankingRules?.[0]).toBe("sort");
    expect(s.synonyms?.["eap"]).toEqual(["心理疏导", "心理咨询"]);
    expect(s.synonyms?.["法援"]).toEqual(["法律援助"]);
    expect(s.typoTolerance).toMatchObject({ minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnNumbers: true });
    expect(meiliSettings("organizations").filterableAttributes).toEqual(expect.arrayContaining(["categories", "serviceDistricts", "incubated", "grade"]));
  });

  it("sends search-mode segmented text so sub-words are found", () => {
    const d = toMeiliDoc("projects", CONTRACT_PROJECTS[0]);
    expect(String(d.segmented).split(" ")).toEqual(expect.arrayContaining(["处理", "待处理", "法律", "援助", "法律援助"]));
    expect(d.title).toBe(CONTRACT_PROJECTS[0].title);
    const o = toMeiliDoc("organizations", CONTRACT_ORGS[0]);
    expect(String(o.segmented).split(" ")).toEqual(expect.arrayContaining(["心理", "咨询", "心理咨询", "eap"]));
  });

  it("turns highlight sentinels into <mark> and escapes everything else", () => {
    expect(formattedToHtml("a <b> \uE000处理\uE001 & \"q\"")).toBe("a &lt;b&gt; <mark>处理</mark> &amp; &quot;q&quot;");
    expect(formattedToHtml(["x\uE000y\uE001", "z"])).toBe("x<mark>y</mark>、z");
  });

  it("reports an unreachable server as unhealthy and a failed call as SearchEngineError", async () => {
    const e = new MeiliSearchEngine({ host: "http://127.0.0.1:9", requestTimeoutMs: 2000 });
    const h = await e.health();
    expect(h).toMatchObject({ ok: false, engine: "meilisearch" });
    await expect(e.upsert("projects", CONTRACT_PROJECTS)).rejects.toBeInstanceOf(SearchEngineError);
  });
});
