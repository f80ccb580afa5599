// The search contract: one suite that every engine must pass (the embedded engine always, Meilisearch
// when MEILI_URL is set). Fixtures are small and hand-made so expected results are unambiguous.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterAnd, filterEq, filterIn } from "./filter";
import {
  SearchInputError,
  type IndexName,
  type OrganizationDoc,
  type ProjectDoc,
  type SearchEngine,
  type SearchParams,
  type SearchResult,
} from "./port";

export interface ContractTarget {
  name: string;
  create(): Promise<SearchEngine>;
  destroy(engine: SearchEngine): Promise<void>;
}

const P = (over: Partial<ProjectDoc> & Pick<ProjectDoc, "id" | "title">): ProjectDoc => ({
  code: `XQ-2026-${over.id.slice(1).padStart(4, "0")}`,
  description: "",
  category: "legal_aid",
  categoryName: "法律援助",
  district: "yuhua",
  districtName: "雨花区",
  fundingSource: "UNION_FUNDS",
  budgetFen: 100_000,
  state: "PUBLISHED",
  bidDeadline: null,
  publishedAt: null,
  createdAt: 1_767_225_600_000,
  enterpriseName: null,
  beneficiariesPlanned: 50,
  ...over,
});

export const CONTRACT_PROJECTS: ProjectDoc[] = [
  P({ id: "p1", title: "待处理劳动争议案件法律援助", enterpriseName: "长沙智造科技有限公司", budgetFen: 300_000, createdAt: 1_767_225_600_001 }),
  P({
    id: "p2",
    title: "员工心理疏导讲座",
    description: "长沙市心桥心理咨询服务中心 provides counselling",
    category: "psych_counselling",
    categoryName: "心理咨询",
    district: "kaifu",
    districtName: "开福区",
    fundingSource: "GOVERNMENT_PURCHASE",
    budgetFen: 500_000,
    createdAt: 1_767_225_600_002,
  }),
  P({
    id: "p3",
    title: "新设备安装简单培训",
    description: "职业技能 <b>training</b> for workers",
    category: "skills_training",
    categoryName: "技能培训",
    budgetFen: 200_000,
    createdAt: 1_767_225_600_003,
  }),
  P({
    id: "p4",
    title: "农民工工资拖欠法律咨询",
    enterpriseName: "中国农业发展银行长沙分行",
    district: "furong",
    districtName: "芙蓉区",
    budgetFen: 150_000,
    state: "EVALUATING",
    createdAt: 1_767_225_600_004,
  }),
  P({
    id: "p5",
    title: "Mindfulness workshop",
    description: "stress counseling sessions for managers",
    category: "psych_counselling",
    categoryName: "心理咨询",
    district: "kaifu",
    districtName: "开福区",
    budgetFen: 800_000,
    state: "AWARDED",
    createdAt: 1_767_225_600_005,
  }),
  P({
    id: "p6",
    title: "Training camp for union cadres",
    category: "cadre_training",
    categoryName: "工会干部培训",
    district: "tianxin",
    districtName: "天心区",
    budgetFen: 120_000,
    createdAt: 1_767_225_600_006,
  }),
  P({ id: "p7", title: "草稿项目", state: "DRAFT", budgetFen: 90_000, createdAt: 1_767_225_600_007 }),
];

const O = (over: Partial<OrganizationDoc> & Pick<OrganizationDoc, "id" | "name">): OrganizationDoc => ({
  description: "",
  activityAreas: "",
  tags: [],
  categories: [],
  categoryNames: [],
  serviceDistricts: [],
  district: "yuhua",
  districtName: "雨花区",
  grade: null,
  unionCoverage: "NONE",
  incubated: false,
  vettingStatus: "APPROVED",
  performanceScore: null,
  ratingAvg: null,
  ...over,
});

export const CONTRACT_ORGS: OrganizationDoc[] = [
  O({
    id: "o1",
    name: "长沙市心桥心理咨询服务中心",
    tags: ["EAP", "团体辅导"],
    categories: ["psych_counselling"],
    categoryNames: ["心理咨询"],
    serviceDistricts: ["kaifu", "yuhua"],
    grade: 4,
    unionCoverage: "OWN_UNION",
    incubated: true,
    performanceScore: 88.5,
    ratingAvg: 4.6,
  }),
  O({
    id: "o2",
    name: "湘江法律援助服务站",
    tags: ["劳动争议"],
    categories: ["legal_aid"],
    categoryNames: ["法律援助"],
    serviceDistricts: ["furong"],
    district: "furong",
    districtName: "芙蓉区",
    grade: 3,
    performanceScore: 75,
    ratingAvg: 4.1,
  }),
  O({
    id: "o3",
    name: "星城职业技能培训学校",
    categories: ["employment", "skills_training"],
    categoryNames: ["就业创业服务", "技能培训"],
    serviceDistricts: ["kaifu", "yuelu", "yuhua"],
    district: "yuelu",
    districtName: "岳麓区",
    grade: 5,
    unionCoverage: "JOINT_UNION",
    incubated: true,
    performanceScore: 92,
  }),
  O({
    id: "o4",
    name: "Bright Path Career Services",
    categories: ["employment"],
    categoryNames: ["就业创业服务"],
    serviceDistricts: ["kaifu"],
    district: "kaifu",
    districtName: "开福区",
  }),
];

const ids = (r: SearchResult<unknown>) => r.hits.map((h) => h.id);
const idSet = (r: SearchResult<unknown>) => [...ids(r)].sort();

export function searchContract(target: ContractTarget): void {
  describe(`search contract: ${target.name}`, () => {
    let e: SearchEngine;
    const search = <I extends IndexName>(index: I, params: SearchParams) => e.search(index, params);

    beforeAll(async () => {
      e = await target.create();
      await e.init();
      await e.clear("projects");
      await e.clear("organizations");
      await e.upsert("projects", CONTRACT_PROJECTS);
      await e.upsert("organizations", CONTRACT_ORGS);
    });
    afterAll(async () => {
      if (e) await target.destroy(e);
    });

    it("is healthy and counts documents", async () => {
      expect((await e.health()).ok).toBe(true);
      expect(await e.count("projects")).toBe(CONTRACT_PROJECTS.length);
      expect(await e.count("organizations")).toBe(CONTRACT_ORGS.length);
    });

    describe("words", () => {
      it("requires every query word", async () => {
        // 长沙 is in p1, p2 (长沙市) and p4 (长沙分行); 法律 only in p1 and p4
        const r = await search("projects", { q: "长沙 法律" });
        expect(idSet(r)).toEqual(["p1", "p4"]);
        expect(r.matchedQuery).toBe("长沙 法律");
      });

      it("matches the last word as a prefix", async () => {
        expect(ids(await search("projects", { q: "mindful" }))).toEqual(["p5"]);
        expect(ids(await search("projects", { q: "workshop mindf" }))).toEqual(["p5"]);
        expect(idSet(await search("projects", { q: "心理咨" }))).toEqual(["p2", "p5"]); // p5: category 心理咨询
      });

      it("matches only the last word as a prefix", async () => {
        // "mind" is not a word of p5, and only the LAST word is a prefix: the full query finds nothing,
        // so the trailing word is dropped and "mind" (now last) matches as a prefix.
        const r = await search("projects", { q: "mind workshop" });
        expect(ids(r)).toEqual(["p5"]);
        expect(r.matchedQuery).toBe("mind");
      });

      it("drops trailing words when nothing matches", async () => {
        const r = await search("projects", { q: "心理 zzqqxx" });
        expect(idSet(r)).toEqual(["p2", "p5"]);
        expect(r.matchedQuery).toBe("心理");
        const none = await search("projects", { q: "zzqqxx" });
        expect(none.hits).toEqual([]);
        expect(none.estimatedTotalHits).toBe(0);
      });
    });

    describe("typo tolerance (Latin)", () => {
      it("allows one typo from 5 characters", async () => {
        expect(ids(await search("projects", { q: "strass " }))).toEqual(["p5"]); // stress, 6 chars
      });
      it("allows no typo below 5 characters", async () => {
        expect(ids(await search("projects", { q: "camq " }))).toEqual([]); // camp, 4 chars
      });
      it("allows two typos from 9 characters, one below", async () => {
        expect(ids(await search("projects", { q: "mindfalnes " }))).toEqual(["p5"]); // mindfulness, 11 chars, 2 typos
        expect(ids(await search("projects", { q: "manogars " }))).toEqual([]); // managers, 8 chars, 2 typos
      });
      it("ranks exact matches before typo matches", async () => {
        expect(ids(await search("projects", { q: "counselling " }))).toEqual(["p2", "p5"]);
        expect(ids(await search("projects", { q: "counseling " }))).toEqual(["p5", "p2"]);
      });
    });

    describe("Chinese sub-words (search-mode segmentation)", () => {
      it("处理 finds 待处理", async () => {
        expect(ids(await search("projects", { q: "处理" }))).toEqual(["p1"]);
      });
      it("农业 finds 中国农业发展银行", async () => {
        expect(ids(await search("projects", { q: "农业" }))).toEqual(["p4"]);
      });
      it("简单 finds 安装简单", async () => {
        expect(ids(await search("projects", { q: "简单" }))).toEqual(["p3"]);
      });
      it("心理 finds 心理咨询服务中心", async () => {
        expect(ids(await search("organizations", { q: "心理" }))).toEqual(["o1"]);
      });
    });

    describe("synonyms", () => {
      it("EAP finds 心理疏导 / 心理咨询", async () => {
        expect(idSet(await search("projects", { q: "EAP" }))).toEqual(["p2", "p5"]);
        expect(ids(await search("projects", { q: "EAP", filter: filterEq("district", "kaifu"), sort: ["budgetFen:asc"] }))).toEqual(["p2", "p5"]);
        expect(ids(await search("organizations", { q: "心理疏导" }))).toEqual(["o1"]);
      });
      it("法援 finds 法律援助", async () => {
        expect(idSet(await search("organizations", { q: "法援" }))).toEqual(["o2"]);
      });
      it("技能培训 finds 职业技能", async () => {
        expect(ids(await search("organizations", { q: "技能培训", filter: filterEq("district", "yuelu") }))).toEqual(["o3"]);
        expect(ids(await search("projects", { q: "职业技能" }))).toContain("p3");
      });
    });

    describe("filters", () => {
      const f = async (filter: string, index: IndexName = "projects") => idSet(await search(index, { filter, hitsPerPage: 50 }));

      it("supports =, !=, comparisons, IN, NOT, AND, OR, parentheses and TO", async () => {
        expect(await f("category = legal_aid AND budgetFen >= 200000")).toEqual(["p1"]);
        expect(await f('district IN ["yuhua", "kaifu"] AND NOT state = AWARDED')).toEqual(["p1", "p2", "p3", "p7"]);
        expect(await f("budgetFen 150000 TO 300000")).toEqual(["p1", "p3", "p4"]);
        expect(await f("(category = legal_aid OR category = skills_training) AND state = PUBLISHED")).toEqual(["p1", "p3"]);
        expect(await f("state != PUBLISHED")).toEqual(["p4", "p5", "p7"]);
        expect(await f("budgetFen > 300000 OR budgetFen < 100000")).toEqual(["p2", "p5", "p7"]);
        expect(await f("state NOT IN [PUBLISHED, DRAFT]")).toEqual(["p4", "p5"]);
      });

      it("filters multi-valued, boolean and null attributes", async () => {
        expect(await f("incubated = true", "organizations")).toEqual(["o1", "o3"]);
        expect(await f("grade >= 4", "organizations")).toEqual(["o1", "o3"]);
        expect(await f("categories = employment", "organizations")).toEqual(["o3", "o4"]);
        expect(await f("categories != employment", "organizations")).toEqual(["o1", "o2"]);
        expect(await f('serviceDistricts IN ["furong", "yuelu"]', "organizations")).toEqual(["o2", "o3"]);
        expect(await f("ratingAvg IS NULL", "organizations")).toEqual(["o3", "o4"]);
        expect(await f("NOT grade EXISTS OR grade IS NULL", "organizations")).toEqual(["o4"]);
      });

      it("combines a filter with a text query", async () => {
        expect(ids(await search("projects", { q: "法律", filter: filterEq("district", "furong") }))).toEqual(["p4"]);
      });

      it("keeps injected quotes and operators inert", async () => {
        const evil = 'x" OR state = "DRAFT';
        expect(filterEq("district", evil)).toBe('district = "x\\" OR state = \\"DRAFT"');
        expect(await f(filterEq("district", evil))).toEqual([]);
        expect(await f(filterIn("district", [evil, 'yuhua"] OR state = "DRAFT']))).toEqual([]);
        expect(await f(filterAnd(filterEq("state", "PUBLISHED"), filterEq("district", 'furong" OR "1" = "1')))).toEqual([]);
        expect(await f(filterEq("code", "a\\"))).toEqual([]); // a trailing backslash cannot escape the closing quote
        expect(await f(filterEq("code", 'x\\" OR state = DRAFT OR code = \\"'))).toEqual([]);
        expect(await f(filterEq("code", "XQ-2026-0001"))).toEqual(["p1"]);
      });

      it("rejects attributes that are not whitelisted, and bad syntax", async () => {
        await expect(search("projects", { filter: "title = x" })).rejects.toBeInstanceOf(SearchInputError);
        await expect(search("projects", { filter: "state = PUBLISHED OR secret = 1" })).rejects.toBeInstanceOf(SearchInputError);
        await expect(search("projects", { filter: 'state = "PUBLISHED' })).rejects.toBeInstanceOf(SearchInputError);
        await expect(search("projects", { filter: "state = PUBLISHED OR" })).rejects.toBeInstanceOf(SearchInputError);
        await expect(search("projects", { sort: ["title:asc"] })).rejects.toBeInstanceOf(SearchInputError);
        await expect(search("projects", { facets: ["description"] })).rejects.toBeInstanceOf(SearchInputError);
      });
    });

    describe("facets", () => {
      it("counts values over the filtered hits", async () => {
        const r = await search("projects", { filter: "state IN [PUBLISHED, EVALUATING]", facets: ["category", "district"] });
        expect(r.estimatedTotalHits).toBe(5);
        expect(r.facetDistribution).toEqual({
          category: { cadre_training: 1, legal_aid: 2, psych_counselling: 1, skills_training: 1 },
          district: { furong: 1, kaifu: 1, tianxin: 1, yuhua: 2 },
        });
      });

      it("counts multi-valued and boolean facets, with a text query", async () => {
        const r = await search("organizations", { filter: "serviceDistricts = yuhua", facets: ["categories", "serviceDistricts", "incubated"] });
        expect(idSet(r)).toEqual(["o1", "o3"]);
        expect(r.facetDistribution).toEqual({
          categories: { employment: 1, psych_counselling: 1, skills_training: 1 },
          serviceDistricts: { kaifu: 2, yuelu: 1, yuhua: 2 },
          incubated: { true: 2 },
        });
        const q = await search("projects", { q: "法律", facets: ["state"] });
        // p7 matches through its category label 法律援助
        expect(q.facetDistribution).toEqual({ state: { DRAFT: 1, EVALUATING: 1, PUBLISHED: 1 } });
      });

      it("reports min/max of numeric facets", async () => {
        const r = await search("projects", { filter: "category = legal_aid", facets: ["budgetFen"] });
        expect(r.facetStats.budgetFen).toEqual({ min: 90_000, max: 300_000 });
      });
    });

    describe("sort", () => {
      it("sorts by a numeric field, both ways", async () => {
        const desc = await search("projects", { filter: "state != DRAFT", sort: ["budgetFen:desc"] });
        expect(ids(desc)).toEqual(["p5", "p2", "p1", "p3", "p4", "p6"]);
        const asc = await search("projects", { filter: "state != DRAFT", sort: ["createdAt:asc"] });
        expect(ids(asc)).toEqual(["p1", "p2", "p3", "p4", "p5", "p6"]);
      });

      it("sort wins over relevance when given", async () => {
        const r = await search("projects", { q: "training", sort: ["budgetFen:desc"] });
        expect(ids(r)).toEqual(["p3", "p6"]);
      });

      it("ranks a title match above a description match without sort", async () => {
        expect(ids(await search("projects", { q: "training" }))).toEqual(["p6", "p3"]);
      });

      it("sorts organizations by performance score", async () => {
        const r = await search("organizations", { sort: ["performanceScore:desc"] });
        expect(ids(r).slice(0, 3)).toEqual(["o3", "o1", "o2"]);
      });
    });

    describe("highlight", () => {
      it("marks matched words, including sub-words", async () => {
        const r = await search("projects", { q: "处理", highlight: true });
        expect(r.hits[0]._formatted?.title).toBe("待<mark>处理</mark>劳动争议案件法律援助");
      });

      it("HTML-escapes everything but the marks", async () => {
        const r = await search("projects", { q: "training", filter: filterEq("category", "skills_training"), highlight: true });
        const d = r.hits[0]._formatted?.description ?? "";
        expect(d).toContain("<mark>training</mark>");
        expect(d).toContain("&lt;b&gt;");
        expect(d).not.toContain("<b>");
      });

      it("omits _formatted unless asked", async () => {
        const r = await search("projects", { q: "处理" });
        expect(r.hits[0]._formatted).toBeUndefined();
        expect(r.hits[0].doc.title).toBe("待处理劳动争议案件法律援助");
      });
    });

    describe("pagination", () => {
      it("pages through sorted hits with totals", async () => {
        const p2 = await search("projects", { sort: ["budgetFen:asc"], page: 2, hitsPerPage: 3 });
        expect(ids(p2)).toEqual(["p3", "p1", "p2"]);
        expect(p2.estimatedTotalHits).toBe(7);
        expect(p2.totalPages).toBe(3);
        expect(p2.page).toBe(2);
        expect(p2.hitsPerPage).toBe(3);
        const p4 = await search("projects", { sort: ["budgetFen:asc"], page: 4, hitsPerPage: 3 });
        expect(p4.hits).toEqual([]);
        expect(p4.estimatedTotalHits).toBe(7);
      });

      it("rejects bad paging", async () => {
        await expect(search("projects", { page: 0 })).rejects.toBeInstanceOf(SearchInputError);
        await expect(search("projects", { hitsPerPage: 1000 })).rejects.toBeInstanceOf(SearchInputError);
      });
    });

    describe("writes", () => {
      it("replaces a document on upsert and removes it on delete", async () => {
        await e.upsert("projects", [{ ...CONTRACT_PROJECTS[2], title: "叉车操作安全培训" }]);
        expect(ids(await search("projects", { q: "简单" }))).toEqual([]);
        expect(ids(await search("projects", { q: "叉车" }))).toEqual(["p3"]);
        expect(await e.count("projects")).toBe(CONTRACT_PROJECTS.length);
        await e.delete("projects", ["p3", "no-such-id"]);
        expect(ids(await search("projects", { q: "叉车" }))).toEqual([]);
        expect(await e.count("projects")).toBe(CONTRACT_PROJECTS.length - 1);
      });

      it("rebuilds an index aside and swaps it in", async () => {
        const n = await e.swapIn("projects", (async function* () {
          yield CONTRACT_PROJECTS.slice(0, 3);
          yield CONTRACT_PROJECTS.slice(3, 5);
        })());
        expect(n).toBe(5);
        expect(await e.count("projects")).toBe(5);
        expect(ids(await search("projects", { q: "简单" }))).toEqual(["p3"]);
        expect(ids(await search("projects", { q: "training" }))).toEqual(["p3"]);
        expect(await e.staleIndexes()).not.toContain("projects");
      });
    });
  });
}
