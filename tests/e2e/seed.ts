// Seeds a test database. Uses the project's demo seed (prisma/seed.ts `seedDemo(db)`) when it exists;
// otherwise creates just the demo accounts of ./accounts.ts (with their enterprise/organizations), so
// the harness works before the full seed is written. Runs only on an empty database (no users).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "../../app/db.server";
import { hashPassword } from "../../app/auth/password.server";
import { makeUscc } from "../../app/domain/uscc";
import { DEMO } from "./accounts";
import { ROOT } from "../http/server";

type SeedModule = { seedDemo?: (db: Db) => Promise<unknown> };

export type SeedMode = "demo" | "minimal";

/** "demo": the full demo seed when prisma/seed.ts exists (else minimal); "minimal": the demo accounts only. */
export async function seedTestDatabase(db: Db, mode: SeedMode = "demo"): Promise<"demo" | "minimal" | "skipped"> {
  if ((await db.user.count()) > 0) return "skipped";
  const seedFile = join(ROOT, "prisma", "seed.ts");
  if (mode === "demo" && existsSync(seedFile)) {
    // A path, not a literal specifier: the seed is another module's work and may not exist yet.
    const mod = (await import(pathToFileURL(seedFile).href)) as SeedModule;
    if (typeof mod.seedDemo === "function") {
      await mod.seedDemo(db);
      return "demo";
    }
  }
  await seedMinimal(db);
  return "minimal";
}

/** The six demo accounts and the records they own; nothing else. */
export async function seedMinimal(db: Db): Promise<void> {
  const h = async (pw: string) => hashPassword(pw);
  await db.user.create({ data: { email: DEMO.admin.email, passwordHash: await h(DEMO.admin.password), role: "ADMIN", displayName: "系统管理员" } });
  await db.user.create({ data: { email: DEMO.broker.email, passwordHash: await h(DEMO.broker.password), role: "BROKER", displayName: "市总工会撮合员" } });
  const ent = await db.enterprise.create({
    data: { name: "长沙示范制造有限公司", uscc: makeUscc("91430100MA4L00001"), districtCode: "yuhua", industry: "制造业", employees: 320, hasUnion: true },
  });
  await db.user.create({
    data: { email: DEMO.enterprise.email, passwordHash: await h(DEMO.enterprise.password), role: "ENTERPRISE", displayName: "企业联系人", enterpriseId: ent.id },
  });
  const orgs = [
    { acc: DEMO.org, name: "长沙市开福区职工服务中心", body: "52430100MJ0000001", status: "APPROVED" as const, district: "kaifu" },
    { acc: DEMO.org2, name: "雨花区劳动关系协调促进会", body: "52430100MJ0000002", status: "APPROVED" as const, district: "yuhua" },
    { acc: DEMO.pendingOrg, name: "岳麓区心理健康服务社", body: "52430100MJ0000003", status: "PENDING" as const, district: "yuelu" },
  ];
  for (const o of orgs) {
    const org = await db.organization.create({
      data: { name: o.name, uscc: makeUscc(o.body), districtCode: o.district, vettingStatus: o.status, description: `${o.name}（测试数据）` },
    });
    await db.user.create({
      data: { email: o.acc.email, passwordHash: await h(o.acc.password), role: "ORG", displayName: o.name, organizationId: org.id },
    });
  }
}
