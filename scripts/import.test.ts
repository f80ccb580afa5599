// Runs the real CLI (tsx scripts/import.ts) against this test file's database.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { makeBroker, makeEnterprise, validUscc } from "../tests/fixtures/registry";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "lb-import-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ["--import", "tsx", "scripts/import.ts", ...args], {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      cwd: process.cwd(),
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe("npm run import", () => {
  it("imports orgs, prints a summary, writes the error report, and a re-run changes nothing", async () => {
    const u = validUscc("5");
    const file = join(dir, "民政名单.csv");
    writeFileSync(file, `\uFEFF机构名称,统一社会信用代码,所在区县\n命令行导入中心,${u},雨花区\n坏行,123,雨花区\n`);
    const first = await cli("orgs", file);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain("新增 created:    1");
    expect(first.stdout).toContain("失败 failed:     1");
    expect(first.stdout).toContain("第 3 行 [统一社会信用代码] 统一社会信用代码应为 18 位");
    const report = readFileSync(`${file}.errors.csv`, "utf8");
    expect(report).toContain("行号,列,错误信息,原值");
    expect(await db.organization.count({ where: { uscc: u } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "org.import" } });
    expect(audit).toMatchObject({ actorId: "system", actorRole: "SYSTEM" });

    const second = await cli("orgs", file);
    expect(second.stdout).toContain("未变 unchanged:  1");
    expect(second.stdout).toContain("新增 created:    0");
  }, 60_000);

  it("imports needs as a named broker; usage and file errors exit 1", async () => {
    const broker = await makeBroker();
    const email = (await db.user.findUniqueOrThrow({ where: { id: broker.id } })).email;
    const ent = await makeEnterprise();
    const file = join(dir, "needs.csv");
    writeFileSync(file, `企业统一社会信用代码,服务类别,区县,需求标题,需求描述,预算（元）,受益人数\n${ent.uscc},法律援助,雨花区,普法讲座,讲座,5000,50\n`);
    const r = await cli("needs", file, "--as", email);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("新增 created:    1");
    expect(existsSync(`${file}.errors.csv`)).toBe(false);
    expect(await db.project.count({ where: { enterpriseId: ent.id, state: "DRAFT" } })).toBe(1);
    expect((await db.auditLog.findFirstOrThrow({ where: { action: "need.import" } })).actorId).toBe(broker.id);

    expect((await cli("bananas", file)).code).toBe(1);
    const missing = join(dir, "cols.csv");
    writeFileSync(missing, "机构名称\n某中心\n");
    const m = await cli("orgs", missing);
    expect(m.code).toBe(1);
    expect(m.stderr).toContain("缺少必需的列：统一社会信用代码、所在区县");
  }, 60_000);
});
