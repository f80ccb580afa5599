// Search benchmark for the embedded engine.
//   npx tsx scripts/bench/search.ts [--projects 100000] [--orgs 10000] [--queries 1000] [--seed 42] [--keep]
// Generates projects and organizations directly into a throwaway index (in os.tmpdir, never the app's
// index), then runs mixed queries — each with a filter and two facets, top 20, highlighted — and, in the
// same run, a BASELINE: a plain FTS5 MATCH of the same words on the same index (top 20 by bm25, no
// filter, no facets). Prints p50/p95 for both, their ratio, build time, index size and RSS.
// Exits 1 when the issue 5 target is missed: engine p95 > 25 ms (--p95-limit MS; stated at 100k projects),
// or a freshly upserted document takes more than 1 s to be found.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { EmbeddedSearchEngine } from "../../search/embedded.server";
import { filterAnd, filterCmp, filterEq, filterIn, filterRange } from "../../search/filter";
import type { OrganizationDoc, ProjectDoc, SearchParams } from "../../search/port";
import { queryWords } from "../../search/tokenizer";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const N_PROJECTS = arg("projects", 100_000);
const N_ORGS = arg("orgs", 10_000);
const N_QUERIES = arg("queries", 1_000);
const SEED = arg("seed", 42);
const KEEP = process.argv.includes("--keep");
const P95_LIMIT_MS = arg("p95-limit", 25);
const FRESH_LIMIT_MS = 1_000;

// ---------- deterministic generator ----------
let state = SEED >>> 0 || 1;
function rnd(): number {
  // xorshift32
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 0x1_0000_0000;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));

const DISTRICTS = [
  ["furong", "芙蓉区"],
  ["tianxin", "天心区"],
  ["yuelu", "岳麓区"],
  ["kaifu", "开福区"],
  ["yuhua", "雨花区"],
  ["wangcheng", "望城区"],
  ["changsha_county", "长沙县"],
  ["liuyang", "浏阳市"],
  ["ningxiang", "宁乡市"],
] as const;
const CATEGORIES = [
  ["skills_training", "技能培训", ["数控机床操作技能培训", "电工作业安全技术培训", "叉车司机职业技能提升", "餐饮服务技能培训", "电子商务直播带货培训", "焊工技能等级认定辅导"]],
  ["legal_aid", "法律援助", ["劳动争议调解与法律援助", "农民工工资拖欠法律咨询", "劳动合同合规体检", "工伤认定法律服务", "集体协商法律指导", "待处理劳动争议案件代理"]],
  ["psych_counselling", "心理咨询", ["员工心理疏导讲座", "一线职工压力管理团体辅导", "年度员工帮助计划 EAP", "心理健康测评与建档", "夜班职工睡眠与心理健康", "新入职员工心理适应 workshop"]],
  ["employment", "就业创业服务", ["农民工返乡创业培训", "退役军人就业创业指导", "高校毕业生求职能力提升", "灵活就业人员权益保障", "家政服务人员岗前培训", "创业担保贷款政策宣讲"]],
  ["cadre_training", "工会干部培训", ["基层工会主席履职能力培训", "工会财务管理实务", "集体协商指导员培训", "职工代表大会制度培训", "工会信息化建设 training", "劳模工匠创新工作室交流"]],
] as const;
const FUNDING = ["UNION_FUNDS", "GOVERNMENT_PURCHASE", "ENTERPRISE_SELF", "MIXED"] as const;
const STATES = ["PUBLISHED", "PUBLISHED", "PUBLISHED", "EVALUATING", "AWARDED", "IN_DELIVERY", "DELIVERED", "ACCEPTED", "EVALUATED", "CLOSED", "CANCELLED", "UNSUCCESSFUL"] as const;
const ENTERPRISES = ["长沙智造科技有限公司", "中国农业发展银行长沙分行", "湖南星沙物流有限公司", "长沙市天心区餐饮集团", "三一重工配套件厂", "湘江新区电子商务产业园", "浏阳花炮生产企业", "宁乡食品加工有限公司", "开福区环卫服务公司", "岳麓山大学科技园孵化企业"];
const SENTENCES = [
  "为企业一线职工提供专业服务，计划覆盖全体员工。",
  "服务内容包括集中授课、小组讨论、个案辅导和跟踪回访。",
  "项目周期三个月，每月不少于两次现场活动。",
  "要求服务机构具有相关资质和三年以上服务经验。",
  "重点关注新入职员工、农民工和夜班岗位人员。",
  "活动结束后提交服务报告、签到表和满意度调查结果。",
  "安装简单的线上报名系统，方便职工预约。",
  "优先考虑建有工会组织或加入联合工会的社会组织。",
  "服务地点在企业厂区内，企业提供场地和设备。",
  "Bilingual materials and counselling sessions are welcome.",
  "需配备持证心理咨询师或执业律师。",
  "采用政府购买服务方式，按进度分期支付。",
];

function projectDoc(i: number): ProjectDoc {
  const [category, categoryName, titles] = pick(CATEGORIES);
  const [district, districtName] = pick(DISTRICTS);
  const state = pick(STATES);
  const createdAt = Date.UTC(2025, 0, 1) + int(0, 700) * 86_400_000;
  const desc = Array.from({ length: int(5, 9) }, () => pick(SENTENCES)).join("");
  return {
    id: `p${i}`,
    code: `XQ-${2025 + (i % 2)}-${String(i).padStart(6, "0")}`,
    title: `${districtName}${pick(ENTERPRISES).slice(0, 4)}${pick(titles)}`,
    description: desc,
    category,
    categoryName,
    district,
    districtName,
    fundingSource: pick(FUNDING),
    budgetFen: int(20, 2000) * 1000_00,
    state,
    bidDeadline: createdAt + int(7, 60) * 86_400_000,
    publishedAt: createdAt + 86_400_000,
    createdAt,
    enterpriseName: rnd() < 0.1 ? null : pick(ENTERPRISES),
    beneficiariesPlanned: int(10, 2000),
  };
}

const ORG_NAMES = ["心桥心理咨询服务中心", "劳动者法律援助服务社", "职业技能培训学校", "社会工作服务站", "职工家庭服务中心", "就业创业指导中心", "安康职业安全培训中心", "阳光职工心理关爱服务中心"];
function orgDoc(i: number): OrganizationDoc {
  const cats = [...new Set([pick(CATEGORIES)[0], ...(rnd() < 0.4 ? [pick(CATEGORIES)[0]] : [])])];
  const [district, districtName] = pick(DISTRICTS);
  const served = [...new Set([district, ...Array.from({ length: int(0, 4) }, () => pick(DISTRICTS)[0])])].sort();
  return {
    id: `o${i}`,
    name: `长沙市${districtName}${pick(["星城", "湘江", "麓山", "同心", "暖心", "益众"])}${pick(ORG_NAMES)}${i}`,
    description: Array.from({ length: int(3, 6) }, () => pick(SENTENCES)).join(""),
    activityAreas: cats.map((c) => CATEGORIES.find((x) => x[0] === c)![1]).join("、"),
    tags: rnd() < 0.3 ? ["EAP"] : [],
    categories: cats,
    categoryNames: cats.map((c) => CATEGORIES.find((x) => x[0] === c)![1]),
    serviceDistricts: served,
    district,
    districtName,
    grade: rnd() < 0.2 ? null : int(1, 5),
    unionCoverage: pick(["OWN_UNION", "JOINT_UNION", "NONE"]),
    incubated: rnd() < 0.3,
    vettingStatus: "APPROVED",
    performanceScore: rnd() < 0.3 ? null : Math.round(rnd() * 4000 + 6000) / 100,
    ratingAvg: rnd() < 0.4 ? null : Math.round(rnd() * 200 + 300) / 100,
  };
}

// ---------- queries ----------
const WORDS = ["心理", "培训", "法律援助", "处理", "农业", "简单", "工资", "农民工", "安全", "创业", "心理咨", "技能", "员工 心理", "劳动争议 调解", "职工 安全 培训", "EAP", "法援", "counselling", "counseling", "workshop", "trainin", "数控", "直播", "夜班 睡眠", "工会 财务", ""];
function randomQuery(): SearchParams {
  const q = pick(WORDS);
  const filters = [
    () => filterIn("state", ["PUBLISHED", "EVALUATING"]),
    () => filterEq("category", pick(CATEGORIES)[0]),
    () => filterIn("district", [pick(DISTRICTS)[0], pick(DISTRICTS)[0]]),
    () => filterAnd(filterEq("state", "PUBLISHED"), filterRange("budgetFen", 50_000_00, 500_000_00)),
    () => filterAnd(filterCmp("budgetFen", ">=", 100_000_00), filterEq("fundingSource", pick(FUNDING))),
  ];
  const facetPairs = [
    ["category", "district"],
    ["state", "fundingSource"],
    ["district", "state"],
  ];
  return { q, filter: pick(filters)(), facets: pick(facetPairs), hitsPerPage: 20, highlight: true, sort: rnd() < 0.2 ? ["createdAt:desc"] : undefined };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "lb-bench-"));
  const path = join(dir, "search.db");
  const engine = new EmbeddedSearchEngine({ path });
  await engine.init();
  const rss0 = process.memoryUsage().rss;
  console.log(`[bench] ${N_PROJECTS} projects, ${N_ORGS} organizations, ${N_QUERIES} queries, index ${path}`);

  let t = performance.now();
  const batches = function* <T>(n: number, make: (i: number) => T, size = 2000) {
    for (let i = 0; i < n; i += size) yield Array.from({ length: Math.min(size, n - i) }, (_, k) => make(i + k + 1));
  };
  await engine.swapIn("projects", batches(N_PROJECTS, projectDoc));
  const buildProjects = performance.now() - t;
  t = performance.now();
  await engine.swapIn("organizations", batches(N_ORGS, orgDoc));
  const buildOrgs = performance.now() - t;
  const size = ["", "-wal"].reduce((s, x) => s + (statSync(path + x, { throwIfNoEntry: false })?.size ?? 0), 0);
  console.log(`[bench] built projects in ${(buildProjects / 1000).toFixed(1)} s, organizations in ${(buildOrgs / 1000).toFixed(1)} s, index ${mb(size)}`);

  const queries = Array.from({ length: N_QUERIES }, randomQuery);
  // warm-up (statement cache, page cache, vocabulary)
  for (const qq of queries.slice(0, 50)) await engine.search("projects", qq);

  const engineMs: number[] = [];
  let hitsTotal = 0;
  for (const qq of queries) {
    const s = performance.now();
    const r = await engine.search("projects", qq);
    engineMs.push(performance.now() - s);
    hitsTotal += r.estimatedTotalHits;
  }

  // baselines on the same index and words (AND, last word as prefix), no filter, no facets:
  //   ranked = FTS5's own bm25 top 20 (ORDER BY rank LIMIT 20), what a naive FTS5 search does;
  //   plain  = the first 20 matching rowids (LIMIT 20), the floor of any FTS5 query.
  const raw = new Database(path, { readonly: true });
  const gen = (raw.prepare("SELECT value FROM meta WHERE key = 'gen:projects'").get() as { value: string }).value;
  const fts = `fts_projects_${gen}`;
  const ranked = raw.prepare(`SELECT rowid FROM "${fts}" WHERE "${fts}" MATCH ? ORDER BY rank LIMIT 20`);
  const plain = raw.prepare(`SELECT rowid FROM "${fts}" WHERE "${fts}" MATCH ? LIMIT 20`);
  const all = raw.prepare(`SELECT rid FROM "f_projects_${gen}" LIMIT 20`);
  const matchOf = (qq: SearchParams) => {
    const words = queryWords(qq.q ?? "").map((w) => `"${w.text}"`);
    return words.length ? words.join(" AND ") + "*" : null;
  };
  const runBaseline = (stmt: Database.Statement) => {
    for (const qq of queries.slice(0, 50)) {
      const m = matchOf(qq);
      if (m) stmt.all(m);
    }
    const ms: number[] = [];
    for (const qq of queries) {
      const m = matchOf(qq);
      const s = performance.now();
      if (m) stmt.all(m);
      else all.all();
      ms.push(performance.now() - s);
    }
    return ms;
  };
  const rankedMs = runBaseline(ranked);
  const plainMs = runBaseline(plain);
  raw.close();

  // engine latency by query class
  const classes: Record<string, number[]> = {};
  queries.forEach((qq, i) => {
    const n = queryWords(qq.q ?? "").length;
    const c = n === 0 ? "placeholder (filter + facets only)" : /[a-z]/i.test(qq.q ?? "") ? "Latin word (typo tolerance)" : n === 1 ? "one Chinese word" : "several Chinese words";
    (classes[c] ??= []).push(engineMs[i]);
  });

  // organizations: text + filter + two facets + sort
  const orgMs: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = performance.now();
    await engine.search("organizations", {
      q: pick(["心理", "法律援助", "培训", "社会工作", "", "EAP"]),
      filter: filterAnd(filterEq("serviceDistricts", pick(DISTRICTS)[0]), filterCmp("grade", ">=", 3)),
      facets: ["categories", "serviceDistricts"],
      sort: ["performanceScore:desc"],
      hitsPerPage: 20,
    });
    orgMs.push(performance.now() - s);
  }

  // freshness: upsert one document, time until a search finds it
  const fresh: number[] = [];
  for (let i = 0; i < 20; i++) {
    const doc = { ...projectDoc(N_PROJECTS + i + 1), title: `即时可见测试项目 fresh${i}x` };
    const s = performance.now();
    await engine.upsert("projects", [doc]);
    const r = await engine.search("projects", { q: `fresh${i}x` });
    if (r.hits[0]?.id !== doc.id) throw new Error("fresh document not found");
    fresh.push(performance.now() - s);
  }

  const rss1 = process.memoryUsage().rss;
  const p = (xs: number[]) => ({ p50: +pct(xs, 50).toFixed(2), p95: +pct(xs, 95).toFixed(2) });
  const engine1 = p(engineMs);
  const ratio = (base: number[]) => ({ p50: +(pct(engineMs, 50) / pct(base, 50)).toFixed(2), p95: +(pct(engineMs, 95) / pct(base, 95)).toFixed(2) });
  const report = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${mb(totalmem())} RAM, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`,
    command: `npx tsx scripts/bench/search.ts --projects ${N_PROJECTS} --orgs ${N_ORGS} --queries ${N_QUERIES} --seed ${SEED}`,
    projects: N_PROJECTS,
    orgs: N_ORGS,
    queries: N_QUERIES,
    buildProjectsS: +(buildProjects / 1000).toFixed(1),
    buildOrgsS: +(buildOrgs / 1000).toFixed(1),
    indexMB: Math.round(size / 1024 / 1024),
    rssDeltaMB: Math.round((rss1 - rss0) / 1024 / 1024),
    avgHits: Math.round(hitsTotal / N_QUERIES),
    engine: engine1,
    byClass: Object.fromEntries(Object.entries(classes).map(([k, v]) => [k, { n: v.length, ...p(v) }])),
    baselineRanked: p(rankedMs),
    baselinePlain: p(plainMs),
    ratioToRanked: ratio(rankedMs),
    ratioToPlain: ratio(plainMs),
    orgs300: p(orgMs),
    freshnessMs: { p50: +pct(fresh, 50).toFixed(2), max: +Math.max(...fresh).toFixed(2) },
  };
  console.log(JSON.stringify(report, null, 2));
  await engine.close();
  if (!KEEP) rmSync(dir, { recursive: true, force: true });

  const fails: string[] = [];
  if (!(engine1.p95 <= P95_LIMIT_MS)) fails.push(`search p95 ${engine1.p95} ms > ${P95_LIMIT_MS} ms`);
  if (!(report.freshnessMs.max <= FRESH_LIMIT_MS)) fails.push(`an upserted document took ${report.freshnessMs.max} ms > ${FRESH_LIMIT_MS} ms to be found`);
  if (N_PROJECTS < 100_000) console.log(`[bench:search] note: the target is stated at 100k projects; this run has ${N_PROJECTS}`);
  if (fails.length) {
    console.error(`[bench:search] FAIL: ${fails.join("; ")}`);
    process.exitCode = 1;
  } else console.log(`[bench:search] PASS: p95 ${engine1.p95} ms ≤ ${P95_LIMIT_MS} ms, freshness max ${report.freshnessMs.max} ms ≤ ${FRESH_LIMIT_MS} ms`);
}

try {
  await main();
} catch (e) {
  console.error(`[bench:search] failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exitCode = 2;
}
