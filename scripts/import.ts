// npm run import -- orgs FILE [--dry-run] [--as EMAIL] [--errors OUT.csv]
// npm run import -- needs FILE [--dry-run] [--as EMAIL] [--errors OUT.csv]
//
// The command-line twin of the broker's import page: reads a CSV or XLSX file (Chinese headers or
// English aliases), validates every row, imports the valid ones (idempotent: re-running the same file
// changes nothing) and prints a summary. Row errors are written to a CSV next to the input
// (FILE.errors.csv, or --errors). Acts as SYSTEM unless --as names a BROKER/ADMIN user.
// Exit code: 0 all rows fine, 2 some rows failed, 1 the file could not be imported at all.
import { readFile, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { db, disconnectDb } from "../app/db.server";
import { isDomainError } from "../app/domain/errors";
import { importNeeds, importOrganizations, zhMessage, type ImportSummary } from "../app/domain/ledger-io.server";
import { SYSTEM_ACTOR, type DomainActor } from "../app/domain/organizations.server";

const USAGE = `用法 / usage:
  npm run import -- orgs FILE [--dry-run] [--as EMAIL] [--errors OUT.csv]
  npm run import -- needs FILE [--dry-run] [--as EMAIL] [--errors OUT.csv]`;

interface Args {
  kind: "orgs" | "needs";
  file: string;
  dryRun: boolean;
  as?: string;
  errorsOut?: string;
}

function parseArgs(argv: string[]): Args | null {
  const rest: string[] = [];
  let dryRun = false;
  let as: string | undefined;
  let errorsOut: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--dry-run") dryRun = true;
    else if (a === "--as") as = argv[++i];
    else if (a === "--errors") errorsOut = argv[++i];
    else if (a === "-h" || a === "--help") return null;
    else rest.push(a);
  }
  const [kind, file] = rest;
  if ((kind !== "orgs" && kind !== "needs") || !file || rest.length !== 2) return null;
  return { kind, file, dryRun, as, errorsOut };
}

async function resolveActor(email?: string): Promise<DomainActor> {
  if (!email) return SYSTEM_ACTOR;
  const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!u || u.disabled || (u.role !== "BROKER" && u.role !== "ADMIN")) {
    throw new Error(`--as ${email}: 不是有效的工会撮合员或管理员账户 / not an active BROKER or ADMIN user`);
  }
  return { id: u.id, role: u.role };
}

export function formatSummary(s: ImportSummary, file: string): string {
  const what = s.kind === "orgs" ? "社会组织 / organizations" : "需求 / needs";
  const lines = [
    `${s.dryRun ? "[试运行 dry run] " : ""}导入${what}: ${basename(file)}`,
    `  共 ${s.total} 行 / rows`,
    `  新增 created:    ${s.created}`,
    `  更新 updated:    ${s.updated}`,
    `  未变 unchanged:  ${s.unchanged}`,
    `  失败 failed:     ${s.failed}`,
  ];
  if (s.ignoredColumns.length) lines.push(`  忽略的列 ignored columns: ${s.ignoredColumns.join("、")}`);
  if (s.errors.length) {
    lines.push("  错误 errors:");
    for (const e of s.errors.slice(0, 20)) lines.push(`    第 ${e.row} 行 [${e.column}] ${e.message}${e.value ? `（${e.value}）` : ""}`);
    if (s.errors.length > 20) lines.push(`    …… 另有 ${s.errors.length - 20} 条 / more`);
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(USAGE);
    return 1;
  }
  const path = resolve(args.file);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch {
    console.error(`无法读取文件 / cannot read file: ${path}`);
    return 1;
  }
  try {
    const actor = await resolveActor(args.as);
    const input = { data: new Uint8Array(data), fileName: basename(path) };
    const summary = args.kind === "orgs" ? await importOrganizations(actor, input, { dryRun: args.dryRun }) : await importNeeds(actor, input, { dryRun: args.dryRun });
    console.log(formatSummary(summary, path));
    if (summary.errorReport) {
      const out = resolve(args.errorsOut ?? `${path}.errors.csv`);
      await writeFile(out, summary.errorReport.body);
      console.log(`  错误报告 error report: ${out}`);
    }
    return summary.failed > 0 ? 2 : 0;
  } catch (e) {
    if (isDomainError(e)) {
      console.error(`导入失败 / import failed: ${zhMessage(e.code, e.params)} (${e.code})`);
      return 1;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}

const code = await main();
await disconnectDb();
process.exit(code);
