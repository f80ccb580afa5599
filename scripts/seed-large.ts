// Large synthetic data for benchmarks (issue 5, "Speed"):
//   npm run seed:large -- [--projects 100000] [--orgs 10000] [--enterprises N] [--seed 7] [--append] [--no-reindex]
// Writes into the configured DATABASE_URL (SQLite or PostgreSQL; pending migrations are applied
// first). Refuses unless the database is empty (no users, organizations, enterprises or projects) or
// --append is given. Generates ~N/50 enterprises, the organizations (mostly APPROVED, with categories,
// service districts, grades, union coverage, performance scores and valid USCCs) and the projects
// (realistic states, categories, districts, admission conditions, Chinese titles and descriptions from
// word lists), in createMany batches inside transactions, then rebuilds both search indexes (`reindex`)
// and prints counts and timings. Deterministic for a given --seed. Creates no user accounts.
//
//   import { seedLarge } from "./seed-large"   (scripts/bench/recommend.ts seeds a temp DB this way)
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { makeUscc, orgCodeCheckChar } from "~/domain/uscc";
import { makeRng, type Rng } from "../prisma/seed-data/prng";
import { DISTRICTS, type DistrictCode } from "../prisma/seed-data/districts";

export interface SeedLargeOptions {
  projects: number;
  orgs: number;
  enterprises?: number;
  seed?: number;
  append?: boolean;
  reindex?: boolean;
  batchSize?: number;
  now?: Date;
  log?: (s: string) => void;
}

export interface SeedLargeResult {
  counts: { enterprises: number; organizations: number; serviceDistricts: number; orgCategories: number; projects: number; published: number };
  timings: { generateAndInsertMs: number; reindexMs: Record<string, number>; totalMs: number };
}

const DAY = 86_400_000;
const DISTRICT_CODES = DISTRICTS.map((d) => d.code) as DistrictCode[];

const CATEGORIES = [
  {
    code: "skills_training",
    zh: "技能培训",
    subjects: ["数控机床操作", "电工作业安全", "叉车司机", "餐饮服务", "电子商务直播带货", "焊工等级认定", "家政服务", "工业机器人运维", "汽车维修", "育婴师"],
    forms: ["技能培训", "职业技能提升班", "岗位练兵", "实操培训", "技能竞赛辅导"],
  },
  {
    code: "legal_aid",
    zh: "法律援助",
    subjects: ["劳动争议", "农民工工资拖欠", "劳动合同合规", "工伤认定", "集体协商", "社会保险权益", "女职工权益保护", "职业病维权"],
    forms: ["法律援助", "法律咨询", "普法讲座", "合规体检", "案件代理"],
  },
  {
    code: "psych_counselling",
    zh: "心理咨询",
    subjects: ["员工心理疏导", "一线职工压力管理", "员工帮助计划", "心理健康测评", "夜班职工睡眠", "新入职员工适应", "婚恋情感", "亲子关系"],
    forms: ["心理咨询", "团体辅导", "心理讲座", "个案咨询", "心理健康周"],
  },
  {
    code: "employment",
    zh: "就业创业服务",
    subjects: ["农民工返乡创业", "退役军人就业", "高校毕业生求职", "灵活就业人员", "创业担保贷款", "新就业形态劳动者", "困难职工再就业", "零工市场"],
    forms: ["就业指导", "创业培训", "政策宣讲", "招聘对接", "职业规划"],
  },
  {
    code: "cadre_training",
    zh: "工会干部培训",
    subjects: ["基层工会主席履职", "工会财务管理", "集体协商指导员", "职工代表大会制度", "工会信息化建设", "劳模工匠创新工作室", "工会经费审查", "women's committee"],
    forms: ["专题培训", "轮训班", "实务研修", "经验交流", "能力提升班"],
  },
] as const;
type CategoryCode = (typeof CATEGORIES)[number]["code"];

const TARGETS = ["一线职工", "新入职员工", "农民工", "夜班岗位人员", "女职工", "青年职工", "班组长", "快递外卖骑手", "货车司机", "困难职工"];
const SENTENCES = [
  "服务内容包括集中授课、小组讨论、个案辅导和跟踪回访。",
  "项目周期三个月，每月不少于两次现场活动。",
  "要求服务机构具有相关资质和三年以上服务经验。",
  "活动结束后提交服务报告、签到表和满意度调查结果。",
  "优先考虑建有工会组织或加入联合工会的社会组织。",
  "服务地点在企业厂区内，企业提供场地和设备。",
  "需配备持证心理咨询师或执业律师。",
  "采用政府购买服务方式，按进度分期支付。",
  "可结合线上课程与线下实操，方便倒班职工参加。",
  "请在方案中说明师资、课程安排和效果评估方法。",
  "Bilingual materials are welcome.",
];
const ORG_PREFIX = ["长沙市", "湖南省", "星城", "湘江", "麓山", "芙蓉", "橘洲", "雨花", "开福", "岳麓"];
const ORG_CORE = ["同心", "益民", "红枫", "阳光", "暖心", "启航", "匠心", "和谐", "映山红", "青禾", "明德", "善行", "众力", "向阳"];
const ORG_KIND = ["社会工作服务中心", "职工服务中心", "公益发展中心", "心理健康服务中心", "职业技能培训学校", "法律服务中心", "就业服务促进会", "社工协会"];
const ENT_CORE = ["智造", "星沙", "湘江", "麓谷", "金霞", "浏河", "楚天", "长株潭", "中联", "远大", "华菱", "湘绣"];
const ENT_KIND = ["科技有限公司", "物流有限公司", "食品有限公司", "机械制造有限公司", "餐饮管理有限公司", "建筑工程有限公司", "电子商务有限公司", "纺织有限公司"];
const INDUSTRIES = ["制造业", "物流运输", "餐饮服务", "建筑业", "批发零售", "信息技术", "食品加工", "纺织服装"];

/** Project states and weights: a third open for bids, the rest across the lifecycle. */
const STATES: Array<[string, number]> = [
  ["PUBLISHED", 34],
  ["DRAFT", 5],
  ["SUBMITTED", 4],
  ["EVALUATING", 6],
  ["AWARDED", 5],
  ["IN_DELIVERY", 10],
  ["DELIVERED", 4],
  ["ACCEPTED", 5],
  ["EVALUATED", 6],
  ["CLOSED", 12],
  ["CANCELLED", 4],
  ["UNSUCCESSFUL", 3],
  ["REJECTED", 2],
];
const FUNDING = ["UNION_FUNDS", "GOVERNMENT_PURCHASE", "ENTERPRISE_SELF", "MIXED"] as const;

function weighted(rng: Rng, table: Array<[string, number]>): string {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[table.length - 1][0];
}

/** Valid USCC for a synthetic social organization (registration-management code 5) — "LB" + 6 digits body. */
export function largeOrgUscc(n: number, rng: Rng): string {
  const division = rng.pick(DISTRICTS).division;
  const body8 = `LB${String(n % 1_000_000).padStart(6, "0")}`;
  return makeUscc(`5${rng.pick(["1", "2"])}${division}${body8}${orgCodeCheckChar(body8)}`);
}

/** Valid USCC for a synthetic enterprise (91 = company), body "LC" + 6 digits. */
export function largeEnterpriseUscc(n: number, district: DistrictCode): string {
  const division = DISTRICTS.find((d) => d.code === district)!.division;
  const body8 = `LC${String(n % 1_000_000).padStart(6, "0")}`;
  return makeUscc(`91${division}${body8}${orgCodeCheckChar(body8)}`);
}

export async function isLargeSeedTargetEmpty(db: Db): Promise<boolean> {
  const [u, o, e, p] = await Promise.all([db.user.count(), db.organization.count(), db.enterprise.count(), db.project.count()]);
  return u + o + e + p === 0;
}

export async function seedLarge(db: Db, opts: SeedLargeOptions): Promise<SeedLargeResult> {
  const log = opts.log ?? (() => {});
  const nProjects = Math.max(0, Math.floor(opts.projects));
  const nOrgs = Math.max(0, Math.floor(opts.orgs));
  const nEnts = Math.max(1, Math.floor(opts.enterprises ?? Math.ceil(nProjects / 50)));
  const batch = opts.batchSize ?? 5_000;
  const now = opts.now ?? new Date();
  const rng = makeRng(opts.seed ?? 7);
  const t0 = Date.now();

  if (!opts.append && !(await isLargeSeedTargetEmpty(db))) {
    throw new Error("seed:large: the database is not empty (it has users, organizations, enterprises or projects). Use an empty database, or pass --append to add to it.");
  }
  if (nOrgs > 1_000_000 || nEnts > 1_000_000) throw new Error("seed:large: at most 1,000,000 organizations / enterprises (USCC body space)");
  // Offsets keep ids, codes and USCCs unique when appending.
  const [orgBase, entBase, projBase] = await Promise.all([db.organization.count(), db.enterprise.count(), db.project.count()]);
  const run = opts.append ? Date.now().toString(36) : "0";
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  const inTx = async (fn: (tx: Db) => Promise<void>) => db.$transaction(async (tx) => fn(tx as unknown as Db), { timeout: 600_000, maxWait: 60_000 });

  // ---------- enterprises
  const entIds: string[] = [];
  const entDistrict: DistrictCode[] = [];
  for (let start = 0; start < nEnts; start += batch) {
    const rows: Prisma.EnterpriseCreateManyInput[] = [];
    for (let i = start; i < Math.min(nEnts, start + batch); i++) {
      const n = entBase + i;
      const district = rng.pick(DISTRICT_CODES);
      const id = `lge${run}${n.toString(36)}`;
      entIds.push(id);
      entDistrict.push(district);
      rows.push({
        id,
        name: `${rng.pick(ENT_CORE)}${rng.pick(ENT_CORE)}${rng.pick(ENT_KIND).replace("有限公司", "")}${n}有限公司`,
        uscc: largeEnterpriseUscc(n, district),
        industry: rng.pick(INDUSTRIES),
        districtCode: district,
        employees: rng.int(20, 5000),
        hasUnion: rng.chance(0.6),
        createdAt: ago(rng.int(200, 900)),
      });
    }
    await inTx((tx) => tx.enterprise.createMany({ data: rows }).then(() => undefined));
  }
  log(`seed:large: ${nEnts} enterprises (${Date.now() - t0} ms)`);

  // ---------- organizations
  let nServe = 0;
  let nCats = 0;
  for (let start = 0; start < nOrgs; start += batch) {
    const orgs: Prisma.OrganizationCreateManyInput[] = [];
    const serve: Array<{ organizationId: string; districtCode: string }> = [];
    const cats: Array<{ organizationId: string; categoryCode: string }> = [];
    for (let i = start; i < Math.min(nOrgs, start + batch); i++) {
      const n = orgBase + i;
      const id = `lgo${run}${n.toString(36)}`;
      const district = rng.pick(DISTRICT_CODES);
      const vetting = weighted(rng, [["APPROVED", 88], ["PENDING", 6], ["REJECTED", 3], ["SUSPENDED", 3]]);
      const foundedAt = ago(rng.int(200, 20 * 365));
      const graded = vetting === "APPROVED" && rng.chance(0.55);
      const gradeAssessedAt = graded ? ago(rng.int(30, 6 * 365)) : null;
      const myCats = rng.shuffle(CATEGORIES).slice(0, weighted(rng, [["1", 50], ["2", 35], ["3", 15]]) === "1" ? 1 : rng.chance(0.7) ? 2 : 3);
      const kind = rng.pick(ORG_KIND);
      const serves = new Set<DistrictCode>([district]);
      if (rng.chance(0.1)) for (const d of DISTRICT_CODES) serves.add(d);
      else for (let k = rng.int(0, 3); k > 0; k--) serves.add(rng.pick(DISTRICT_CODES));
      const subjects = myCats.flatMap((c) => rng.shuffle(c.subjects).slice(0, 2));
      orgs.push({
        id,
        name: `${rng.pick(ORG_PREFIX)}${rng.pick(ORG_CORE)}${kind}${n}`,
        uscc: largeOrgUscc(n, rng),
        registeringAuthority: `${DISTRICTS.find((d) => d.code === district)!.civilAffairs}`,
        foundedAt,
        staffCount: rng.int(3, 120),
        volunteerCount: rng.int(0, 400),
        districtCode: district,
        industryFocus: myCats.map((c) => c.zh).join("、"),
        description: `本机构专注于${myCats.map((c) => c.zh).join("、")}，服务${rng.pick(TARGETS)}和${rng.pick(TARGETS)}，擅长${subjects.join("、")}。`,
        activityAreas: subjects.join("、"),
        workingMethods: rng.shuffle(["集中授课", "小组工作", "个案辅导", "线上课程", "入企驻点", "热线咨询"]).slice(0, 3).join("、"),
        tags: subjects.slice(0, 3),
        unionCoverage: weighted(rng, [["OWN_UNION", 30], ["JOINT_UNION", 30], ["NONE", 40]]) as "OWN_UNION" | "JOINT_UNION" | "NONE",
        vettingStatus: vetting as "APPROVED" | "PENDING" | "REJECTED" | "SUSPENDED",
        vettedAt: vetting === "PENDING" ? null : ago(rng.int(10, 600)),
        grade: graded ? rng.int(1, 5) : null,
        gradeAssessedAt,
        gradeValidUntil: gradeAssessedAt ? new Date(gradeAssessedAt.getTime() + 5 * 365 * DAY) : null,
        performanceScore: vetting === "APPROVED" && rng.chance(0.6) ? Math.round((55 + rng.next() * 45) * 10) / 10 : null,
        createdAt: ago(rng.int(30, 900)),
      });
      for (const d of serves) serve.push({ organizationId: id, districtCode: d });
      for (const c of myCats) cats.push({ organizationId: id, categoryCode: c.code });
    }
    nServe += serve.length;
    nCats += cats.length;
    await inTx(async (tx) => {
      await tx.organization.createMany({ data: orgs });
      await tx.organizationServiceDistrict.createMany({ data: serve });
      await tx.organizationCategory.createMany({ data: cats });
    });
  }
  log(`seed:large: ${nOrgs} organizations (${Date.now() - t0} ms)`);

  // ---------- projects
  const year = now.getUTCFullYear();
  let published = 0;
  for (let start = 0; start < nProjects; start += batch) {
    const rows: Prisma.ProjectCreateManyInput[] = [];
    for (let i = start; i < Math.min(nProjects, start + batch); i++) {
      const n = projBase + i;
      const cat = rng.pick(CATEGORIES);
      const e = rng.int(0, entIds.length - 1);
      const district = rng.chance(0.8) ? entDistrict[e] : rng.pick(DISTRICT_CODES);
      const state = weighted(rng, STATES);
      const subject = rng.pick(cat.subjects);
      const target = rng.pick(TARGETS);
      const title = `${rng.chance(0.3) ? `${year}年度` : ""}${subject}${rng.pick(cat.forms)}${rng.chance(0.4) ? `（${target}）` : ""}`;
      const description = `面向${target}开展${subject}${cat.zh}服务，计划覆盖约${rng.int(2, 60) * 10}人。${rng.shuffle(SENTENCES).slice(0, rng.int(2, 4)).join("")}`;
      const isOpen = state === "PUBLISHED";
      if (isOpen) published++;
      const createdAt = isOpen ? ago(rng.int(1, 40)) : ago(rng.int(20, 720));
      const publishedAt = state === "DRAFT" || state === "SUBMITTED" || state === "REJECTED" ? null : new Date(createdAt.getTime() + rng.int(1, 5) * DAY);
      const bidDeadline = publishedAt ? (isOpen ? new Date(now.getTime() + rng.int(1, 45) * DAY) : new Date(publishedAt.getTime() + rng.int(10, 30) * DAY)) : null;
      const serviceStart = bidDeadline ? new Date(bidDeadline.getTime() + rng.int(7, 30) * DAY) : null;
      rows.push({
        id: `lgp${run}${n.toString(36)}`,
        code: `XL-${year}-${run === "0" ? "" : `${run}-`}${String(n + 1).padStart(7, "0")}`,
        enterpriseId: entIds[e],
        title,
        description,
        categoryCode: cat.code as CategoryCode,
        districtCode: district,
        beneficiariesPlanned: rng.int(2, 60) * 10,
        sessionsPlanned: rng.int(1, 24),
        serviceStart,
        serviceEnd: serviceStart ? new Date(serviceStart.getTime() + rng.int(30, 180) * DAY) : null,
        budgetFen: rng.int(10, 500) * 100_000,
        fundingSource: rng.pick(FUNDING),
        bidDeadline,
        publishedAt,
        state: state as "PUBLISHED",
        minGrade: rng.chance(0.15) ? rng.int(1, 4) : null,
        minYearsRegistered: rng.chance(0.2) ? rng.int(1, 5) : null,
        mustServeDistrict: rng.chance(0.25),
        unionRule: weighted(rng, [["NONE", 70], ["PREFERRED", 22], ["REQUIRED", 8]]) as "NONE" | "PREFERRED" | "REQUIRED",
        createdAt,
      });
    }
    await inTx((tx) => tx.project.createMany({ data: rows }).then(() => undefined));
    if ((start / batch) % 4 === 3) log(`seed:large: … ${Math.min(nProjects, start + batch)} projects (${Date.now() - t0} ms)`);
  }
  const insertMs = Date.now() - t0;
  log(`seed:large: ${nProjects} projects (${published} PUBLISHED) — inserted in ${insertMs} ms`);

  // ---------- search indexes
  const reindexMs: Record<string, number> = {};
  if (opts.reindex !== false) {
    const { getSearchEngine } = await import("../search/index.server");
    const { reindex } = await import("../search/reindex.server");
    const engine = getSearchEngine();
    await engine.init();
    for (const index of ["projects", "organizations"] as const) {
      const r = await reindex(index, { db, engine });
      reindexMs[index] = r.ms;
      log(`seed:large: reindex ${index}: ${r.count} documents in ${(r.ms / 1000).toFixed(1)} s (${engine.kind})`);
    }
  }
  return {
    counts: { enterprises: nEnts, organizations: nOrgs, serviceDistricts: nServe, orgCategories: nCats, projects: nProjects, published },
    timings: { generateAndInsertMs: insertMs, reindexMs, totalMs: Date.now() - t0 },
  };
}

function argNum(argv: string[], name: string, def: number | undefined): number | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`seed:large: --${name} needs a non-negative number`);
    process.exit(2);
  }
  return v;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { migrateDeploy } = await import("./db/engine");
  const { getDb, databaseUrl, disconnectDb, isPostgresUrl, sqliteFilePath } = await import("~/db.server");
  const { closeSearchEngine } = await import("../search/index.server");
  const url = databaseUrl();
  console.log(`seed:large: database ${isPostgresUrl(url) ? url.replace(/\/\/[^@/]*@/, "//***@") : sqliteFilePath(url)}`);
  let code = 0;
  try {
    const applied = await migrateDeploy(url);
    if (applied.length) console.log(`seed:large: applied ${applied.length} migration(s)`);
    const r = await seedLarge(getDb(), {
      projects: argNum(argv, "projects", 100_000)!,
      orgs: argNum(argv, "orgs", 10_000)!,
      enterprises: argNum(argv, "enterprises", undefined),
      seed: argNum(argv, "seed", 7),
      batchSize: argNum(argv, "batch", 5_000),
      append: argv.includes("--append"),
      reindex: !argv.includes("--no-reindex"),
      log: (s) => console.log(s),
    });
    console.log(JSON.stringify(r, null, 2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    code = 1;
  } finally {
    await closeSearchEngine();
    await disconnectDb();
  }
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
