// Demo data for 工联桥 LaborBridge: ~30 social organizations, ~20 enterprises, 60 needs in every
// lifecycle state (plus one bundle project), bids, awards, delivery reports, disputes, ratings,
// surveys, evaluations, the default indicator system, joint meetings, notifications and one account
// per role, and the audit records of every project's lifecycle up to its state (timelines). Seeds
// only an EMPTY database (no users); deterministic (seeded PRNG, stable ids), with dates relative to
// now. Only Prisma client calls, so it runs on SQLite and PostgreSQL alike.
//
//   npm run seed            (applies pending migrations to DATABASE_URL first)
//   import { seedDemo, isDatabaseEmpty } from "../prisma/seed"
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "~/db.server";
import { hashPassword } from "~/auth/password.server";
import { writeAudit } from "~/domain/audit.server";
import { enqueueSearch } from "~/domain/outbox.server";
import { DEMO_ACCOUNTS, DEMO_PENDING_ORG, PASSWORDS, buildDemoRows, type DemoAccount, type DemoRows } from "./seed-data/build";
import { ENTERPRISES } from "./seed-data/enterprises";
import { ORGS } from "./seed-data/orgs";

export { DEMO_ACCOUNTS, type DemoAccount } from "./seed-data/build";

export interface SeedOptions {
  log?: (s: string) => void;
  /** The "now" the relative dates hang off (default: the current time). */
  now?: Date;
}

export interface SeedResult {
  /** False when the database already had users and nothing was written. */
  seeded: boolean;
  accounts: DemoAccount[];
  counts?: Record<string, number>;
  ms?: number;
}

/** True when the database has no users (a fresh install). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

class AlreadySeeded extends Error {}

export async function seedDemo(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const accounts = DEMO_ACCOUNTS.map((a) => ({ ...a }));
  if (!(await isDatabaseEmpty(db))) {
    log("seed: the database already has users — skipped (demo data is only loaded into an empty database)");
    return { seeded: false, accounts };
  }
  const t0 = Date.now();
  // argon2id is deliberately slow: hash each demo password once and reuse the hash for every account.
  const [ADMIN, BROKER, ENTERPRISE, ORG] = await Promise.all([
    hashPassword(PASSWORDS.ADMIN),
    hashPassword(PASSWORDS.BROKER),
    hashPassword(PASSWORDS.ENTERPRISE),
    hashPassword(PASSWORDS.ORG),
  ]);
  const rows = buildDemoRows(opts.now ?? new Date(), { ADMIN, BROKER, ENTERPRISE, ORG });
  try {
    await db.$transaction(
      async (tx) => {
        // Re-check inside the transaction: two instances starting together must not both seed
        // (the loser fails on the unique e-mails and rolls back).
        if ((await tx.user.count()) > 0) throw new AlreadySeeded();
        await insertRows(tx as unknown as Db, rows);
        for (const o of rows.outbox) await enqueueSearch(tx, o.index, o.docId);
        // The seeded history (project lifecycles, bids), oldest first, with its historical times,
        // so timelines show how each project got where it is; then the seed's own record.
        for (const h of rows.history) await writeAudit(tx, h);
        await writeAudit(tx, {
          actorId: null,
          actorRole: "SYSTEM",
          action: "seed.demo",
          entityType: "System",
          entityId: "seed",
          after: counts(rows),
          reason: "demo data loaded into an empty database",
        });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (e) {
    if (e instanceof AlreadySeeded) {
      log("seed: another process seeded the database first — skipped");
      return { seeded: false, accounts };
    }
    throw e;
  }
  const ms = Date.now() - t0;
  const c = counts(rows);
  log(
    `seed: demo data loaded in ${ms} ms — ${c.organizations} organizations, ${c.enterprises} enterprises, ${c.projects} projects, ${c.bids} bids, ${c.users} users`,
  );
  return { seeded: true, accounts, counts: c, ms };
}

function counts(r: DemoRows): Record<string, number> {
  return {
    organizations: r.organizations.length,
    enterprises: r.enterprises.length,
    users: r.users.length,
    projects: r.projects.length + r.memberProjects.length,
    bids: r.bids.length,
    awards: r.awards.length,
    instalments: r.instalments.length,
    deliveryReports: r.deliveryReports.length,
    disputes: r.disputes.length,
    ratings: r.ratings.length,
    surveyResponses: r.surveyResponses.length,
    evaluations: r.evaluations.length,
    indicators: r.indicatorsL1.length + r.indicatorsL2.length,
    meetings: r.meetings.length,
    notifications: r.notifications.length,
  };
}

/** Inserts in foreign-key order, one createMany per table (parents before children). */
async function insertRows(tx: Db, r: DemoRows): Promise<void> {
  await tx.organization.createMany({ data: r.organizations });
  await tx.organizationServiceDistrict.createMany({ data: r.serviceDistricts });
  await tx.organizationCategory.createMany({ data: r.orgCategories });
  await tx.enterprise.createMany({ data: r.enterprises });
  await tx.user.createMany({ data: r.users });
  await tx.indicatorSystem.createMany({ data: r.indicatorSystems });
  await tx.indicator.createMany({ data: r.indicatorsL1 });
  await tx.indicator.createMany({ data: r.indicatorsL2 });
  await tx.project.createMany({ data: r.projects });
  await tx.project.createMany({ data: r.memberProjects });
  await tx.projectInvitation.createMany({ data: r.invitations });
  await tx.bid.createMany({ data: r.bids });
  await tx.award.createMany({ data: r.awards });
  await tx.instalment.createMany({ data: r.instalments });
  await tx.deliveryReport.createMany({ data: r.deliveryReports });
  await tx.dispute.createMany({ data: r.disputes });
  await tx.rating.createMany({ data: r.ratings });
  await tx.surveyToken.createMany({ data: r.surveyTokens });
  await tx.surveyResponse.createMany({ data: r.surveyResponses });
  await tx.evaluation.createMany({ data: r.evaluations });
  await tx.jointMeeting.createMany({ data: r.meetings });
  await tx.meetingInvitation.createMany({ data: r.meetingInvitations });
  await tx.notification.createMany({ data: r.notifications });
}

const ROLE_ZH: Record<DemoAccount["role"], string> = { ADMIN: "管理员", BROKER: "工会撮合员", ENTERPRISE: "企业", ORG: "社会组织" };
const ROLE_EN: Record<DemoAccount["role"], string> = { ADMIN: "admin", BROKER: "broker", ENTERPRISE: "enterprise", ORG: "organization" };

/** Terminal width of a string: CJK and full-width characters take two columns. */
const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - displayWidth(s)));

/** The demo accounts as a printable table (Chinese and English). */
export function formatDemoAccounts(accounts: DemoAccount[] = DEMO_ACCOUNTS): string {
  const rows: string[][] = [
    ["角色 / Role", "邮箱 / E-mail", "密码 / Password", "名称 / Name"],
    ...accounts.map((a) => [`${ROLE_ZH[a.role]} / ${ROLE_EN[a.role]}`, a.email, a.password, a.name]),
    ["其他企业 / other enterprises", "ent-NN@demo.laborbridge.cn", PASSWORDS.ENTERPRISE, `NN = 02…${ENTERPRISES.length}`],
    ["其他社会组织 / other orgs", "org-NN@demo.laborbridge.cn", PASSWORDS.ORG, `NN = 03…${ORGS.length} (except ${String(DEMO_PENDING_ORG + 1).padStart(2, "0")})`],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => displayWidth(r[c]))));
  const line = (r: string[]) => `  ${pad(r[0], widths[0])}  ${pad(r[1], widths[1])}  ${pad(r[2], widths[2])}  ${r[3]}`;
  return ["演示账号 / Demo accounts", line(rows[0]), ...rows.slice(1).map(line)].join("\n");
}

async function main(): Promise<void> {
  const { migrateDeploy } = await import("../scripts/db/engine");
  const { getDb, databaseUrl, disconnectDb } = await import("~/db.server");
  const url = databaseUrl();
  try {
    const applied = await migrateDeploy(url);
    if (applied.length) console.log(`applied ${applied.length} migration(s)`);
    const r = await seedDemo(getDb(), { log: (s) => console.log(s) });
    if (r.seeded) console.log(`\n${formatDemoAccounts(r.accounts)}\n`);
  } finally {
    await disconnectDb();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
