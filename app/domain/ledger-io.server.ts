// Ledger export and bulk import.
//
// EXPORT: exactly the organizations (or enterprises) the filter selects — the same where-clause as the
// table, without pagination — to CSV (csv-stringify, UTF-8 with BOM so Excel reads Chinese, formula
// prefixes neutralised) or XLSX (exceljs), with Chinese headers. An optional column list picks and
// orders the columns.
//
// IMPORT: organizations from a CSV/XLSX sheet (e.g. a civil-affairs list) with Chinese headers (or
// English aliases). Every row is validated (zod + USCC check digit + reference data); errors are
// reported per row and column, in Chinese, and as a downloadable CSV; the valid rows are imported.
// Idempotent by 统一社会信用代码: a row whose values already match the database changes nothing, so
// re-importing the same file counts every row as unchanged. A blank cell never overwrites a value.
// Import never changes vetting status or grade (those go through vetting, with their own audit).
// Needs import: DRAFT projects owned by the enterprise with the given USCC; idempotent by
// (enterprise, title). Each created/updated row is one transaction with its audit record.
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { db, type Tx } from "~/db.server";
import type { ZodIssue } from "zod";
import { isMessageKey, t } from "~/i18n";
import { writeAudit } from "./audit.server";
import { badRequest, DomainError } from "./errors";
import { allFilteredEnterprises, parseEnterpriseFilter, type EnterpriseRow } from "./enterprises.server";
import { allFilteredOrganizations, parseLedgerFilter, type LedgerRow } from "./ledger.server";
import { enqueueSearch } from "./outbox.server";
import {
  assertStaff,
  auditActor,
  diffSnapshot,
  enqueueOrgIndex,
  orgWithLinks,
  pick,
  snapshotFromOrg,
  writeSnapshotChanges,
  type DomainActor,
  type ProfileField,
  type ProfileSnapshot,
} from "./organizations.server";
import {
  bpToPercent,
  formatDateOnly,
  formatShanghaiDateTime,
  needImportRowSchema,
  ORG_FUNDING_KINDS,
  orgImportRowSchema,
  percentToBp,
  readFundingSources,
  readTags,
  splitList,
  UNION_COVERAGES,
  type FundingShare,
  type NeedImportRow,
  type OrgFundingKind,
  type OrgImportRow,
} from "./organizations.schema";
import { MAX_UPLOAD_BYTES } from "./uploads.server";
import { shanghaiDate } from "./vetting.server";

export type TableFormat = "csv" | "xlsx";
export type Cell = string | number | boolean | Date | null;

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  /** Data rows written (without the header). */
  rows: number;
  /** The header row as written. */
  headers: string[];
}

export const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const MAX_IMPORT_ROWS = 20_000;

// ---------------------------------------------------------------- labels (zh)

const zh = (key: string, params?: Record<string, string | number>) => (isMessageKey(key) ? t("zh-CN", key, params) : undefined);

/** Chinese labels of org funding kinds. */
export const ORG_FUNDING_LABELS_ZH: Record<OrgFundingKind, string> = {
  GOVERNMENT: "政府购买",
  UNION: "工会购买",
  DONATION: "社会捐赠",
  FEES: "服务收费",
  OTHER: "其他",
};
const FUNDING_SYNONYMS: Record<string, OrgFundingKind> = {
  政府: "GOVERNMENT",
  政府购买服务: "GOVERNMENT",
  政府资助: "GOVERNMENT",
  工会: "UNION",
  工会购买服务: "UNION",
  工会经费: "UNION",
  捐赠: "DONATION",
  捐款: "DONATION",
  社会捐助: "DONATION",
  收费: "FEES",
  服务收入: "FEES",
  会费: "FEES",
  其它: "OTHER",
};

const unionLabel = (k: (typeof UNION_COVERAGES)[number]) => zh(`unionCoverage.${k}`) ?? k;
const UNION_SYNONYMS: Record<string, (typeof UNION_COVERAGES)[number]> = {
  自建工会: "OWN_UNION",
  独立工会: "OWN_UNION",
  已建会: "OWN_UNION",
  已建工会: "OWN_UNION",
  联合工会: "JOINT_UNION",
  加入联合工会: "JOINT_UNION",
  无: "NONE",
  未建: "NONE",
  未建会: "NONE",
  否: "NONE",
};

const GRADE_STATUS_ZH = { VALID: "有效", EXPIRED: "已过期", NONE: "未评级" } as const;

/** Messages in the error report are Chinese: the zh dictionary first, then these (keys this module introduced). */
export const IMPORT_MESSAGES_ZH: Record<string, string> = {
  "error.required": "此项为必填项",
  "error.date": "日期格式不正确（应为 YYYY-MM-DD）",
  "error.date.future": "日期不能晚于今天",
  "error.funding.share": "资金来源占比应为 0–100% 之间、最多两位小数的数",
  "error.funding.sum": "资金来源占比合计应为 100%（当前为 {sum}%）",
  "error.funding.duplicate": "资金来源重复",
  "error.serviceDistricts.required": "请至少填写一个服务区县",
  "error.incubation.district": "孵化基地应为试点区（开福区或雨花区）",
  "error.tag.tooLong": "单个标签不能超过 20 个字",
  "error.budget": "预算金额格式不正确（单位：元，最多两位小数）",
  "error.import.unknownDistrict": "未知的区县：{value}",
  "error.import.unknownCategory": "未知的服务类别：{value}",
  "error.import.unknownOption": "无法识别的选项：{value}",
  "error.import.boolean": "请填写“是”或“否”",
  "error.import.funding": "资金来源格式不正确，应如：政府购买 60%；社会捐赠 40%",
  "error.import.number": "请填写数字",
  "error.import.duplicateInFile": "与第 {row} 行重复",
  "error.import.enterpriseNotFound": "未找到该统一社会信用代码对应的企业",
  "error.import.needLocked": "该需求已不是草稿（{state}），不能通过导入修改",
  "error.import.conflict": "写入时发生冲突，请重新导入此行",
  "error.serviceEnd.beforeStart": "服务结束日期不能早于开始日期",
  "error.uscc.taken": "该统一社会信用代码已被注册",
  "error.import.missingColumns": "缺少必需的列：{columns}",
  "error.import.empty": "文件中没有数据行",
  "error.import.format": "无法读取文件，请上传 CSV 或 XLSX 文件",
  "error.import.tooManyRows": "文件行数过多（最多 {max} 行）",
  "error.upload.empty": "请选择要上传的文件",
  "error.upload.tooLarge": "文件不能超过 {maxMb} MB",
};

export function zhMessage(code: string, params?: Record<string, string | number>): string {
  const direct = zh(code, params);
  if (direct !== undefined && direct !== code) return direct;
  const tpl = IMPORT_MESSAGES_ZH[code] ?? code;
  return tpl.replace(/\{(\w+)\}/g, (w, k: string) => (params && k in params ? String(params[k]) : w));
}

// ---------------------------------------------------------------- writing tables

/** CSV/XLSX cells that start with these are neutralised with a leading ' (spreadsheet formula injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(v: Cell, kind: ColumnKind): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return kind === "datetime" ? shanghaiDateTime(v) : formatDateOnly(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "number") return String(v);
  return FORMULA_START.test(v) ? `'${v}` : v;
}

export const shanghaiDateTime = formatShanghaiDateTime;

type ColumnKind = "text" | "number" | "date" | "datetime";

interface ColumnDef<R> {
  key: string;
  header: string;
  kind: ColumnKind;
  width?: number;
  value: (row: R) => Cell;
}

function pickColumns<R>(all: ColumnDef<R>[], keys?: readonly string[]): ColumnDef<R>[] {
  if (!keys || keys.length === 0) return all;
  const byKey = new Map(all.map((c) => [c.key, c]));
  const out: ColumnDef<R>[] = [];
  for (const k of keys) {
    const c = byKey.get(k);
    if (!c) throw badRequest("error.invalidOption", "columns");
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** Builds a CSV (UTF-8 BOM) or XLSX file from columns and rows. */
export async function writeTable<R>(
  format: TableFormat,
  columns: ColumnDef<R>[],
  rows: R[],
  meta: { baseName: string; sheetName: string },
): Promise<ExportFile> {
  const headers = columns.map((c) => c.header);
  const stamp = shanghaiDate(new Date()).replace(/-/g, "");
  const fileName = `${meta.baseName}-${stamp}.${format}`;
  if (format === "csv") {
    const records = rows.map((r) => columns.map((c) => csvCell(c.value(r), c.kind)));
    const text = stringifyCsv([headers, ...records], { record_delimiter: "\r\n" });
    return { fileName, contentType: CONTENT_TYPES.csv, body: Buffer.from(`\uFEFF${text}`, "utf8"), rows: rows.length, headers };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = "工联桥 LaborBridge";
  wb.created = new Date();
  const ws = wb.addWorksheet(meta.sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? Math.max(10, Math.min(40, c.header.length * 2 + 4)),
    style: c.kind === "date" ? { numFmt: "yyyy-mm-dd" } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow(
      columns.map((c) => {
        const v = c.value(r);
        if (v === null || v === undefined) return null;
        if (v instanceof Date) return c.kind === "datetime" ? shanghaiDateTime(v) : v; // date-only: UTC midnight → the right day
        if (typeof v === "boolean") return v ? "是" : "否";
        return v;
      }),
    );
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
  const buf = await wb.xlsx.writeBuffer();
  return { fileName, contentType: CONTENT_TYPES.xlsx, body: Buffer.from(buf as ArrayBuffer), rows: rows.length, headers };
}

// ---------------------------------------------------------------- reading tables

export interface TableRow {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  cells: Cell[];
}
export interface Table {
  headers: string[];
  rows: TableRow[];
}

/** XLSX files are ZIP archives ("PK\x03\x04"); anything else is read as CSV. */
export function detectFormat(data: Uint8Array, fileName = ""): TableFormat {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return "xlsx";
  if (/\.xlsx$/i.test(fileName)) return "xlsx";
  return "csv";
}

/** UTF-8 (with or without BOM); falls back to GB18030 for sheets saved by a Chinese Excel as "CSV". */
export function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder("gb18030").decode(data);
  }
}

function cellFromExcel(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "object") {
    const o = v as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((p) => p.text).join("");
    if ("result" in o) return cellFromExcel(o.result as ExcelJS.CellValue);
    if ("text" in o && typeof o.text === "string") return o.text;
    if ("error" in o) return null;
  }
  return String(v);
}

const isBlank = (c: Cell) => c === null || (typeof c === "string" && c.trim() === "");

export async function readTable(data: Uint8Array, format: TableFormat): Promise<Table> {
  let grid: { row: number; cells: Cell[] }[] = [];
  try {
    if (format === "csv") {
      const text = decodeText(data).replace(/^\uFEFF/, "");
      const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
      const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? "\t" : ",";
      const records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
      grid = records.map((cells, i) => ({ row: i + 1, cells }));
    } else {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
      const ws = wb.worksheets.find((w) => w.actualRowCount > 0) ?? wb.worksheets[0];
      if (ws) {
        ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
          const cells: Cell[] = [];
          const values = r.values as ExcelJS.CellValue[]; // 1-based
          for (let c = 1; c < values.length; c++) cells.push(cellFromExcel(values[c]));
          grid.push({ row: rowNumber, cells });
        });
      }
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw badRequest("error.import.format", "file");
  }
  const headerIdx = grid.findIndex((r) => r.cells.some((c) => !isBlank(c)));
  if (headerIdx < 0) throw badRequest("error.import.empty", "file");
  const headers = grid[headerIdx].cells.map((c) => (c === null ? "" : String(c)));
  const rows = grid.slice(headerIdx + 1).filter((r) => r.cells.some((c) => !isBlank(c)));
  return { headers, rows };
}

/** Header text → comparable key: full-width → half-width, no spaces, no "*", no (notes), lower-case. */
export function normalizeHeader(h: string): string {
  return h
    .normalize("NFKC")
    .replace(/\(.*?\)|（.*?）|【.*?】|\[.*?\]/g, "")
    .replace(/[\s*:：_\-]/g, "")
    .toLowerCase();
}

interface ImportColumn<K extends string> {
  key: K;
  header: string;
  aliases: string[];
  required?: boolean;
}

function mapHeaders<K extends string>(headers: string[], columns: ImportColumn<K>[]): { index: Map<K, number>; ignored: string[] } {
  const lookup = new Map<string, K>();
  for (const c of columns) for (const a of [c.header, c.key, ...c.aliases]) lookup.set(normalizeHeader(a), c.key);
  const index = new Map<K, number>();
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    const k = lookup.get(normalizeHeader(h));
    if (k && !index.has(k)) index.set(k, i);
    else if (h.trim()) ignored.push(h.trim());
  });
  const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
  if (missing.length) throw new DomainError(400, "error.import.missingColumns", { field: "file", params: { columns: missing.join("、") } });
  return { index, ignored };
}

/** A cell as text: trimmed, NFKC for digits/punctuation left to the schemas, CSV formula guard removed. */
function cellText(c: Cell): string {
  if (c === null) return "";
  if (c instanceof Date) return formatDateOnly(c);
  const s = String(c).trim();
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

/** An Excel serial day number → date (UTC midnight). */
function excelSerialToDate(n: number): Date | null {
  if (!Number.isFinite(n) || n < 1 || n > 2958465) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(n) * 86400_000);
}

function dateCell(c: Cell): string | Date {
  if (c instanceof Date) return c;
  if (typeof c === "number") return excelSerialToDate(c) ?? String(c);
  return cellText(c);
}

// ---------------------------------------------------------------- errors

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
  value: string;
}

export interface ImportSummary {
  kind: "orgs" | "needs";
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ImportRowError[];
  /** Headers in the file that were not recognised (ignored). */
  ignoredColumns: string[];
  /** The downloadable error report (CSV, Chinese), when there are errors. */
  errorReport: ExportFile | null;
  dryRun: boolean;
}

/** The error report: 行号, 列, 错误信息, 原值 (CSV with BOM). */
export function importErrorsCsv(errors: ImportRowError[]): Buffer {
  const text = stringifyCsv(
    [["行号", "列", "错误信息", "原值"], ...errors.map((e) => [String(e.row), e.column, e.message, csvCell(e.value, "text")])],
    { record_delimiter: "\r\n" },
  );
  return Buffer.from(`\uFEFF${text}`, "utf8");
}

function errorReport(kind: "orgs" | "needs", errors: ImportRowError[]): ExportFile | null {
  if (errors.length === 0) return null;
  return {
    fileName: `${kind === "orgs" ? "社会组织" : "需求"}导入错误-${shanghaiDate(new Date()).replace(/-/g, "")}.csv`,
    contentType: CONTENT_TYPES.csv,
    body: importErrorsCsv(errors),
    rows: errors.length,
    headers: ["行号", "列", "错误信息", "原值"],
  };
}

function issueParams(issue: ZodIssue): Record<string, string | number> | undefined {
  const p = (issue as { params?: Record<string, string | number> }).params;
  return p && typeof p === "object" ? p : undefined;
}

export interface ImportFile {
  data: Uint8Array;
  fileName?: string;
  format?: TableFormat;
}

export interface ImportOptions {
  /** Validate and count, write nothing. */
  dryRun?: boolean;
  now?: Date;
}

async function loadFile(file: ImportFile): Promise<Table> {
  if (!file?.data || file.data.length === 0) throw badRequest("error.upload.empty", "file");
  if (file.data.length > MAX_UPLOAD_BYTES) throw new DomainError(413, "error.upload.tooLarge", { field: "file", params: { maxMb: 10 } });
  const table = await readTable(file.data, file.format ?? detectFormat(file.data, file.fileName));
  if (table.rows.length === 0) throw badRequest("error.import.empty", "file");
  if (table.rows.length > MAX_IMPORT_ROWS) throw new DomainError(413, "error.import.tooManyRows", { field: "file", params: { max: MAX_IMPORT_ROWS } });
  return table;
}

// ---------------------------------------------------------------- reference lookups

interface RefMaps {
  district: Map<string, string>;
  pilot: Set<string>;
  districtName: Map<string, string>;
  category: Map<string, string>;
  categoryName: Map<string, string>;
}

async function loadRefs(): Promise<RefMaps> {
  const [districts, categories] = await Promise.all([db.district.findMany(), db.category.findMany()]);
  const district = new Map<string, string>();
  const short = new Map<string, string[]>();
  for (const d of districts) {
    for (const k of [d.code, d.nameZh, d.nameEn, d.nameEn.replace(/\s+(District|County|City)$/i, "")]) district.set(k.toLowerCase(), d.code);
    const s = d.nameZh.replace(/[区县市]$/, "");
    if (s.length >= 2) short.set(s, [...(short.get(s) ?? []), d.code]);
  }
  for (const [s, codes] of short) if (codes.length === 1 && !district.has(s)) district.set(s, codes[0]);
  const category = new Map<string, string>();
  for (const c of categories) for (const k of [c.code, c.nameZh, c.nameEn]) category.set(k.toLowerCase(), c.code);
  return {
    district,
    pilot: new Set(districts.filter((d) => d.pilot).map((d) => d.code)),
    districtName: new Map(districts.map((d) => [d.code, d.nameZh])),
    category,
    categoryName: new Map(categories.map((c) => [c.code, c.nameZh])),
  };
}

const lookupKey = (s: string) => s.normalize("NFKC").trim().toLowerCase();

function parseBool(s: string): boolean | null {
  const v = lookupKey(s);
  if (["是", "y", "yes", "true", "1", "√", "✓", "已孵化"].includes(v)) return true;
  if (["否", "n", "no", "false", "0", "×", "✗", "未孵化", "无"].includes(v)) return false;
  return null;
}

function fundingKind(label: string): OrgFundingKind | null {
  const l = label.normalize("NFKC").trim();
  const upper = l.toUpperCase();
  if ((ORG_FUNDING_KINDS as readonly string[]).includes(upper)) return upper as OrgFundingKind;
  for (const k of ORG_FUNDING_KINDS) if (ORG_FUNDING_LABELS_ZH[k] === l) return k;
  return FUNDING_SYNONYMS[l] ?? null;
}

/** "政府购买 60%；社会捐赠 40%" → shares; a single source without a number is 100%. null when unreadable. */
export function parseFundingCell(s: string): FundingShare[] | null {
  const parts = s.split(/[;；,，、\n]+/).map((p) => p.trim()).filter(Boolean);
  const out: FundingShare[] = [];
  for (const p of parts) {
    const m = /^(.+?)[\s:：=]*(\d{1,3}(?:\.\d{1,2})?)\s*[%％]?$/.exec(p.normalize("NFKC"));
    if (m) {
      const kind = fundingKind(m[1]);
      const bp = percentToBp(m[2]);
      if (!kind || bp === null) return null;
      out.push({ source: kind, shareBp: bp });
    } else {
      const kind = fundingKind(p);
      if (!kind || parts.length !== 1) return null;
      out.push({ source: kind, shareBp: 10000 });
    }
  }
  return out;
}

export function formatFundingCell(f: FundingShare[]): string {
  return f.map((x) => `${ORG_FUNDING_LABELS_ZH[x.source]} ${bpToPercent(x.shareBp)}%`).join("；");
}

// ---------------------------------------------------------------- organization columns

type OrgKey = keyof OrgImportRow;

const ORG_IMPORT_COLUMNS: ImportColumn<OrgKey>[] = [
  { key: "name", header: "机构名称", aliases: ["名称", "社会组织名称", "组织名称", "单位名称"], required: true },
  { key: "uscc", header: "统一社会信用代码", aliases: ["信用代码", "社会信用代码", "统一代码"], required: true },
  { key: "registeringAuthority", header: "登记管理机关", aliases: ["登记机关", "registering_authority"] },
  { key: "legalRepresentative", header: "法定代表人", aliases: ["法人代表", "法人", "legal_representative"] },
  { key: "foundedAt", header: "成立日期", aliases: ["成立时间", "登记日期", "founded_at"] },
  { key: "staffCount", header: "专职人员数", aliases: ["专职人数", "工作人员数", "专职人员", "staff", "staff_count"] },
  { key: "volunteerCount", header: "志愿者人数", aliases: ["志愿者数", "志愿者", "volunteers", "volunteer_count"] },
  { key: "districtCode", header: "所在区县", aliases: ["区县", "所属区县", "所在区", "district", "district_code"], required: true },
  { key: "serviceDistricts", header: "服务区县", aliases: ["服务区域", "service_districts"] },
  { key: "industryFocus", header: "行业领域", aliases: ["所属行业", "行业", "industry", "industry_focus"] },
  { key: "categories", header: "服务类别", aliases: ["服务类型", "服务领域", "category"] },
  { key: "activityAreas", header: "活动领域", aliases: ["业务范围", "activity_areas"] },
  { key: "workingMethods", header: "工作方式", aliases: ["服务方式", "working_methods"] },
  { key: "tags", header: "标签", aliases: [] },
  { key: "fundingSources", header: "资金来源", aliases: ["经费来源", "funding", "funding_sources"] },
  { key: "unionCoverage", header: "工会覆盖", aliases: ["工会情况", "建会情况", "工会覆盖情况", "union", "union_coverage"] },
  { key: "incubated", header: "是否孵化", aliases: ["孵化", "是否入驻孵化基地"] },
  { key: "incubationDistrictCode", header: "孵化基地", aliases: ["孵化基地区县", "孵化区", "incubation_district"] },
  { key: "incubatedSince", header: "孵化起始日期", aliases: ["孵化时间", "入驻孵化时间", "incubated_since"] },
  { key: "contactName", header: "联系人", aliases: ["contact", "contact_name"] },
  { key: "contactPhone", header: "联系电话", aliases: ["电话", "手机", "手机号", "phone", "contact_phone"] },
  { key: "address", header: "地址", aliases: ["办公地址", "住所"] },
  { key: "description", header: "机构简介", aliases: ["简介", "机构介绍"] },
];
const ORG_HEADER: Record<string, string> = Object.fromEntries(ORG_IMPORT_COLUMNS.map((c) => [c.key, c.header]));

/** Export columns: every import column (same header, same text form, so an export re-imports as unchanged), then ledger-only facts. */
function orgExportColumns(refs: RefMaps): ColumnDef<LedgerRow>[] {
  const names = (codes: string[], m: Map<string, string>) => codes.map((c) => m.get(c) ?? c).join("、");
  const cols: ColumnDef<LedgerRow>[] = [
    { key: "name", header: "机构名称", kind: "text", width: 32, value: (r) => r.name },
    { key: "uscc", header: "统一社会信用代码", kind: "text", width: 22, value: (r) => r.uscc },
    { key: "registeringAuthority", header: "登记管理机关", kind: "text", value: (r) => r.registeringAuthority },
    { key: "legalRepresentative", header: "法定代表人", kind: "text", value: (r) => r.legalRepresentative },
    { key: "foundedAt", header: "成立日期", kind: "date", width: 12, value: (r) => r.foundedAt },
    { key: "staffCount", header: "专职人员数", kind: "number", value: (r) => r.staffCount },
    { key: "volunteerCount", header: "志愿者人数", kind: "number", value: (r) => r.volunteerCount },
    { key: "districtCode", header: "所在区县", kind: "text", value: (r) => r.district.nameZh },
    { key: "serviceDistricts", header: "服务区县", kind: "text", width: 24, value: (r) => names(r.serviceDistricts.map((s) => s.districtCode).sort(), refs.districtName) },
    { key: "industryFocus", header: "行业领域", kind: "text", value: (r) => r.industryFocus },
    { key: "categories", header: "服务类别", kind: "text", width: 24, value: (r) => names(r.categories.map((c) => c.categoryCode).sort(), refs.categoryName) },
    { key: "activityAreas", header: "活动领域", kind: "text", width: 30, value: (r) => r.activityAreas || null },
    { key: "workingMethods", header: "工作方式", kind: "text", width: 30, value: (r) => r.workingMethods || null },
    { key: "tags", header: "标签", kind: "text", value: (r) => readTags(r.tags).join("、") || null },
    { key: "fundingSources", header: "资金来源", kind: "text", width: 30, value: (r) => formatFundingCell(readFundingSources(r.fundingSources)) || null },
    { key: "unionCoverage", header: "工会覆盖", kind: "text", value: (r) => unionLabel(r.unionCoverage) },
    { key: "incubated", header: "是否孵化", kind: "text", value: (r) => (r.incubated ? "是" : "否") },
    { key: "incubationDistrictCode", header: "孵化基地", kind: "text", value: (r) => r.incubationDistrict?.nameZh ?? null },
    { key: "incubatedSince", header: "孵化起始日期", kind: "date", width: 12, value: (r) => r.incubatedSince },
    { key: "contactName", header: "联系人", kind: "text", value: (r) => r.contactName },
    { key: "contactPhone", header: "联系电话", kind: "text", width: 16, value: (r) => r.contactPhone },
    { key: "address", header: "地址", kind: "text", width: 30, value: (r) => r.address },
    { key: "description", header: "机构简介", kind: "text", width: 40, value: (r) => r.description || null },
    // ledger-only (ignored by the importer)
    { key: "vettingStatus", header: "审核状态", kind: "text", value: (r) => zh(`vetting.${r.vettingStatus}`) ?? r.vettingStatus },
    { key: "grade", header: "等级", kind: "text", value: (r) => r.gradeInfo.label },
    { key: "gradeAssessedAt", header: "等级评定日期", kind: "date", width: 12, value: (r) => r.gradeAssessedAt },
    { key: "gradeValidUntil", header: "等级有效期至", kind: "date", width: 12, value: (r) => r.gradeValidUntil },
    { key: "gradeStatus", header: "等级状态", kind: "text", value: (r) => GRADE_STATUS_ZH[r.gradeInfo.status] },
    { key: "performanceScore", header: "绩效得分", kind: "number", value: (r) => (r.performanceScore == null ? null : Math.round(r.performanceScore * 100) / 100) },
    { key: "meetingsInvited", header: "联席会受邀次数", kind: "number", value: (r) => r.attendance.invited },
    { key: "meetingsAttended", header: "联席会出席次数", kind: "number", value: (r) => r.attendance.attended },
    { key: "ledgerConfirmedAt", header: "年度确认时间", kind: "datetime", width: 18, value: (r) => r.ledgerConfirmedAt },
    { key: "createdAt", header: "入库时间", kind: "datetime", width: 18, value: (r) => r.createdAt },
  ];
  return cols;
}

/** The keys and Chinese headers of the org export, in order (for a column picker). */
export const ORG_EXPORT_COLUMN_KEYS = [
  ...ORG_IMPORT_COLUMNS.map((c) => ({ key: c.key as string, header: c.header })),
  { key: "vettingStatus", header: "审核状态" },
  { key: "grade", header: "等级" },
  { key: "gradeAssessedAt", header: "等级评定日期" },
  { key: "gradeValidUntil", header: "等级有效期至" },
  { key: "gradeStatus", header: "等级状态" },
  { key: "performanceScore", header: "绩效得分" },
  { key: "meetingsInvited", header: "联席会受邀次数" },
  { key: "meetingsAttended", header: "联席会出席次数" },
  { key: "ledgerConfirmedAt", header: "年度确认时间" },
  { key: "createdAt", header: "入库时间" },
] as const;

/** Exactly the orgs the ledger filter selects (pagination ignored), as CSV or XLSX. Staff only. */
export async function exportOrganizations(
  actor: DomainActor,
  filterInput: URLSearchParams | Record<string, unknown>,
  format: TableFormat,
  opts: { columns?: readonly string[]; now?: Date } = {},
): Promise<ExportFile> {
  assertStaff(actor);
  if (format !== "csv" && format !== "xlsx") throw badRequest("error.invalidOption", "format");
  const filter = parseLedgerFilter(filterInput);
  const refs = await loadRefs();
  const columns = pickColumns(orgExportColumns(refs), opts.columns);
  const rows = await allFilteredOrganizations(filter, opts.now ?? new Date());
  return writeTable(format, columns, rows, { baseName: "社会组织台账", sheetName: "社会组织台账" });
}

// ---------------------------------------------------------------- organization import

interface OrgRowResult {
  row: number;
  uscc?: string;
  snapshot?: Partial<ProfileSnapshot> & { name: string; uscc: string; districtCode: string };
  errors: ImportRowError[];
}

function convertOrgRow(r: TableRow, index: Map<OrgKey, number>, refs: RefMaps): OrgRowResult {
  const errors: ImportRowError[] = [];
  const raw: Record<string, unknown> = {};
  const present = new Set<OrgKey>();
  const failed = new Set<OrgKey>();
  const err = (key: OrgKey, code: string, value: string, params?: Record<string, string | number>) => {
    errors.push({ row: r.row, column: ORG_HEADER[key], message: zhMessage(code, params), value });
    failed.add(key);
  };
  for (const [key, i] of index) {
    const cell = r.cells[i] ?? null;
    if (isBlank(cell)) continue;
    present.add(key);
    const text = cellText(cell);
    switch (key) {
      case "districtCode":
      case "incubationDistrictCode": {
        const code = refs.district.get(lookupKey(text));
        if (!code) err(key, "error.import.unknownDistrict", text, { value: text });
        else raw[key] = code;
        break;
      }
      case "serviceDistricts": {
        const codes: string[] = [];
        for (const part of splitList(text)) {
          const code = refs.district.get(lookupKey(part));
          if (!code) err(key, "error.import.unknownDistrict", text, { value: part });
          else codes.push(code);
        }
        raw[key] = codes;
        break;
      }
      case "categories": {
        const codes: string[] = [];
        for (const part of splitList(text)) {
          const code = refs.category.get(lookupKey(part));
          if (!code) err(key, "error.import.unknownCategory", text, { value: part });
          else codes.push(code);
        }
        raw[key] = codes;
        break;
      }
      case "fundingSources": {
        const f = parseFundingCell(text);
        if (!f) err(key, "error.import.funding", text);
        else raw[key] = f;
        break;
      }
      case "unionCoverage": {
        const v = lookupKey(text);
        const k =
          UNION_COVERAGES.find((u) => u.toLowerCase() === v || unionLabel(u) === text.normalize("NFKC").trim()) ??
          UNION_SYNONYMS[text.normalize("NFKC").trim()];
        if (!k) err(key, "error.import.unknownOption", text, { value: text });
        else raw[key] = k;
        break;
      }
      case "incubated": {
        const b = parseBool(text);
        if (b === null) err(key, "error.import.boolean", text);
        else raw[key] = b;
        break;
      }
      case "foundedAt":
      case "incubatedSince":
        raw[key] = dateCell(cell);
        break;
      case "staffCount":
      case "volunteerCount":
        raw[key] = typeof cell === "number" ? String(cell) : text;
        break;
      default:
        raw[key] = text;
    }
  }
  // A base district without the yes/no column means "incubated".
  if (present.has("incubationDistrictCode") && !present.has("incubated")) {
    raw.incubated = true;
    present.add("incubated");
  }
  if (raw.incubated === true && typeof raw.incubationDistrictCode === "string" && !refs.pilot.has(raw.incubationDistrictCode)) {
    err("incubationDistrictCode", "error.incubation.district", cellText(r.cells[index.get("incubationDistrictCode")!] ?? null));
  }

  const parsed = orgImportRowSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = (issue.path[0] as OrgKey | undefined) ?? "name";
      if (failed.has(key)) continue; // already reported (e.g. unknown district → not "required")
      const i = index.get(key);
      err(key, issue.message, i === undefined ? "" : cellText(r.cells[i] ?? null), issueParams(issue));
    }
  }
  if (errors.length > 0 || !parsed.success) return { row: r.row, uscc: typeof raw.uscc === "string" ? raw.uscc : undefined, errors };
  const d = parsed.data;

  // Only the columns present and non-blank in this row are compared and written.
  const snap: Partial<ProfileSnapshot> = {};
  const set = <K extends ProfileField>(k: K, v: ProfileSnapshot[K]) => {
    snap[k] = v;
  };
  for (const key of present) {
    switch (key) {
      case "foundedAt":
        set("foundedAt", d.foundedAt ? formatDateOnly(d.foundedAt) : null);
        break;
      case "incubatedSince":
        if (d.incubated) set("incubatedSince", d.incubatedSince ? formatDateOnly(d.incubatedSince) : null);
        break;
      case "serviceDistricts":
        set("serviceDistricts", [...new Set(d.serviceDistricts)].sort());
        break;
      case "categories":
        set("categories", [...new Set(d.categories)].sort());
        break;
      case "fundingSources":
        set("fundingSources", [...d.fundingSources].sort((a, b) => a.source.localeCompare(b.source)));
        break;
      case "incubated":
        set("incubated", d.incubated);
        if (!d.incubated) {
          set("incubationDistrictCode", null);
          set("incubatedSince", null);
        }
        break;
      case "incubationDistrictCode":
        if (d.incubated) set("incubationDistrictCode", d.incubationDistrictCode ?? null);
        break;
      default:
        (snap as Record<string, unknown>)[key] = (d as Record<string, unknown>)[key] ?? null;
    }
  }
  return { row: r.row, uscc: d.uscc, snapshot: { ...snap, name: d.name, uscc: d.uscc, districtCode: d.districtCode }, errors: [] };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

/**
 * Imports organizations from a CSV/XLSX file. File-level problems (not a table, no data rows,
 * required columns missing, too large) throw a 4xx DomainError; row problems are reported in the summary.
 */
export async function importOrganizations(actor: DomainActor, file: ImportFile, opts: ImportOptions = {}): Promise<ImportSummary> {
  assertStaff(actor);
  const table = await loadFile(file);
  const { index, ignored } = mapHeaders(table.headers, ORG_IMPORT_COLUMNS);
  const refs = await loadRefs();
  const summary: ImportSummary = {
    kind: "orgs",
    total: table.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    ignoredColumns: ignored,
    errorReport: null,
    dryRun: !!opts.dryRun,
  };
  const firstRowOf = new Map<string, number>();
  for (const r of table.rows) {
    const res = convertOrgRow(r, index, refs);
    if (res.uscc && res.errors.length === 0) {
      const first = firstRowOf.get(res.uscc);
      if (first !== undefined) {
        res.errors.push({ row: r.row, column: ORG_HEADER.uscc, message: zhMessage("error.import.duplicateInFile", { row: first }), value: res.uscc });
      } else firstRowOf.set(res.uscc, r.row);
    }
    if (res.errors.length > 0 || !res.snapshot) {
      summary.failed++;
      summary.errors.push(...res.errors);
      continue;
    }
    try {
      const outcome = await upsertOrgRow(actor, res.snapshot, !!opts.dryRun);
      summary[outcome]++;
    } catch (e) {
      summary.failed++;
      const code = isUniqueViolation(e) ? "error.uscc.taken" : e instanceof DomainError ? e.code : "error.import.conflict";
      const column = e instanceof DomainError && e.field && ORG_HEADER[e.field] ? ORG_HEADER[e.field] : ORG_HEADER.uscc;
      summary.errors.push({ row: r.row, column, message: zhMessage(code, e instanceof DomainError ? e.params : undefined), value: res.snapshot.uscc });
      if (!(e instanceof DomainError) && !isUniqueViolation(e)) console.error("[import] org row failed:", e);
    }
  }
  summary.errorReport = errorReport("orgs", summary.errors);
  if (!opts.dryRun) await auditImport(actor, "org.import", file, summary);
  return summary;
}

async function upsertOrgRow(
  actor: DomainActor,
  snap: Partial<ProfileSnapshot> & { name: string; uscc: string; districtCode: string },
  dryRun: boolean,
): Promise<"created" | "updated" | "unchanged"> {
  const existing = await db.organization.findUnique({ where: { uscc: snap.uscc }, include: orgWithLinks });
  if (existing) {
    const current = snapshotFromOrg(existing);
    const changes = diffSnapshot(current, snap);
    const keys = Object.keys(changes) as ProfileField[];
    if (keys.length === 0) return "unchanged";
    if (dryRun) return "updated";
    await db.$transaction(async (tx) => {
      await writeSnapshotChanges(tx, existing.id, changes);
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "org.import.update",
        entityType: "Organization",
        entityId: existing.id,
        before: pick(current, keys),
        after: changes,
      });
      await enqueueOrgIndex(tx, existing.id, existing.vettingStatus);
    });
    return "updated";
  }
  if (dryRun) return "created";
  await db.$transaction(async (tx: Tx) => {
    const org = await tx.organization.create({ data: { name: snap.name, uscc: snap.uscc, districtCode: snap.districtCode, vettingStatus: "PENDING" } });
    const rest: Partial<ProfileSnapshot> = { ...snap };
    delete rest.name;
    delete rest.uscc;
    delete rest.districtCode;
    if (!rest.serviceDistricts || rest.serviceDistricts.length === 0) rest.serviceDistricts = [snap.districtCode];
    await writeSnapshotChanges(tx, org.id, rest);
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "org.import.create",
      entityType: "Organization",
      entityId: org.id,
      after: { ...snap, serviceDistricts: rest.serviceDistricts, vettingStatus: "PENDING" },
    });
  });
  return "created";
}

async function auditImport(actor: DomainActor, action: string, file: ImportFile, s: ImportSummary): Promise<void> {
  const sha256 = createHash("sha256").update(file.data).digest("hex");
  await db.$transaction((tx) =>
    writeAudit(tx, {
      ...auditActor(actor),
      action,
      entityType: "Import",
      entityId: sha256.slice(0, 32),
      after: {
        fileName: file.fileName ?? null,
        sha256,
        total: s.total,
        created: s.created,
        updated: s.updated,
        unchanged: s.unchanged,
        failed: s.failed,
      },
    }),
  );
}

// ---------------------------------------------------------------- needs import

type NeedKey = keyof NeedImportRow | "serviceStart" | "serviceEnd";

const NEED_IMPORT_COLUMNS: ImportColumn<NeedKey>[] = [
  { key: "enterpriseUscc", header: "企业统一社会信用代码", aliases: ["统一社会信用代码", "企业信用代码", "信用代码", "enterprise_uscc", "uscc"], required: true },
  { key: "categoryCode", header: "服务类别", aliases: ["类别", "服务类型", "category"], required: true },
  { key: "districtCode", header: "区县", aliases: ["所在区县", "服务区县", "district"], required: true },
  { key: "title", header: "需求标题", aliases: ["标题", "需求名称", "项目名称", "title"], required: true },
  { key: "description", header: "需求描述", aliases: ["描述", "需求内容", "服务内容", "description"], required: true },
  { key: "budgetFen", header: "预算（元）", aliases: ["预算", "预算金额", "预算元", "budget", "budget_yuan"], required: true },
  { key: "beneficiariesPlanned", header: "受益人数", aliases: ["受益职工人数", "服务人数", "受益职工数", "beneficiaries"], required: true },
  { key: "sessionsPlanned", header: "服务场次", aliases: ["场次", "sessions"] },
  { key: "fundingSource", header: "资金来源", aliases: ["经费来源", "funding", "funding_source"] },
  { key: "serviceStart", header: "服务开始日期", aliases: ["开始日期", "service_start"] },
  { key: "serviceEnd", header: "服务结束日期", aliases: ["结束日期", "service_end"] },
];
const NEED_HEADER: Record<string, string> = Object.fromEntries(NEED_IMPORT_COLUMNS.map((c) => [c.key, c.header]));
const PROJECT_FUNDING = ["UNION_FUNDS", "GOVERNMENT_PURCHASE", "ENTERPRISE_SELF", "MIXED"] as const;

interface NeedData extends NeedImportRow {
  serviceStart: Date | null;
  serviceEnd: Date | null;
}

function convertNeedRow(r: TableRow, index: Map<NeedKey, number>, refs: RefMaps): { data?: NeedData; errors: ImportRowError[]; present: Set<NeedKey> } {
  const errors: ImportRowError[] = [];
  const failed = new Set<NeedKey>();
  const present = new Set<NeedKey>();
  const raw: Record<string, unknown> = {};
  const err = (key: NeedKey, code: string, value: string, params?: Record<string, string | number>) => {
    errors.push({ row: r.row, column: NEED_HEADER[key], message: zhMessage(code, params), value });
    failed.add(key);
  };
  const dates: Partial<Record<"serviceStart" | "serviceEnd", Date>> = {};
  for (const [key, i] of index) {
    const cell = r.cells[i] ?? null;
    if (isBlank(cell)) continue;
    present.add(key);
    const text = cellText(cell);
    switch (key) {
      case "districtCode": {
        const code = refs.district.get(lookupKey(text));
        if (!code) err(key, "error.import.unknownDistrict", text, { value: text });
        else raw[key] = code;
        break;
      }
      case "categoryCode": {
        const code = refs.category.get(lookupKey(text));
        if (!code) err(key, "error.import.unknownCategory", text, { value: text });
        else raw[key] = code;
        break;
      }
      case "fundingSource": {
        const v = text.normalize("NFKC").trim();
        const k = PROJECT_FUNDING.find((f) => f === v.toUpperCase() || zh(`funding.${f}`) === v);
        if (!k) err(key, "error.import.unknownOption", text, { value: text });
        else raw[key] = k;
        break;
      }
      case "serviceStart":
      case "serviceEnd": {
        const d = dateCell(cell);
        const parsed = d instanceof Date ? d : parseDate(d);
        if (!parsed) err(key, "error.date", text);
        else dates[key] = parsed;
        break;
      }
      case "budgetFen":
        raw[key] = typeof cell === "number" ? cell : text;
        break;
      case "beneficiariesPlanned":
      case "sessionsPlanned":
        raw[key] = typeof cell === "number" ? String(cell) : text;
        break;
      default:
        raw[key] = text;
    }
  }
  if (dates.serviceStart && dates.serviceEnd && dates.serviceEnd < dates.serviceStart) err("serviceEnd", "error.serviceEnd.beforeStart", "");
  const parsed = needImportRowSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = (issue.path[0] as NeedKey | undefined) ?? "title";
      if (failed.has(key)) continue;
      const i = index.get(key);
      err(key, issue.message, i === undefined ? "" : cellText(r.cells[i] ?? null), issueParams(issue));
    }
  }
  if (errors.length > 0 || !parsed.success) return { errors, present };
  return { data: { ...parsed.data, serviceStart: dates.serviceStart ?? null, serviceEnd: dates.serviceEnd ?? null }, errors, present };
}

function parseDate(s: string): Date | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s.normalize("NFKC").trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 ? d : null;
}

/** Next need code XQ-YYYY-NNNN (same scheme as the projects module). */
async function nextNeedCode(tx: Tx, now: Date): Promise<string> {
  const stem = `XQ-${shanghaiDate(now).slice(0, 4)}-`;
  const last = await tx.project.findFirst({ where: { code: { startsWith: stem } }, orderBy: { code: "desc" }, select: { code: true } });
  const seq = last ? Number.parseInt(last.code.slice(stem.length), 10) + 1 : 1;
  return `${stem}${String(seq).padStart(4, "0")}`;
}

const NEED_COMPARE = ["description", "categoryCode", "districtCode", "budgetFen", "beneficiariesPlanned", "sessionsPlanned", "fundingSource", "serviceStart", "serviceEnd"] as const;

/**
 * Imports needs: DRAFT projects owned by the enterprise with the row's USCC, idempotent by
 * (enterprise, title). A need that has left DRAFT is never changed by an import (row error if the
 * file differs from it). Blank optional cells leave the stored value alone.
 */
export async function importNeeds(actor: DomainActor, file: ImportFile, opts: ImportOptions = {}): Promise<ImportSummary> {
  assertStaff(actor);
  const now = opts.now ?? new Date();
  const table = await loadFile(file);
  const { index, ignored } = mapHeaders(table.headers, NEED_IMPORT_COLUMNS);
  const refs = await loadRefs();
  const summary: ImportSummary = {
    kind: "needs",
    total: table.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    ignoredColumns: ignored,
    errorReport: null,
    dryRun: !!opts.dryRun,
  };
  const enterprises = new Map<string, { id: string } | null>();
  const firstRowOf = new Map<string, number>();
  for (const r of table.rows) {
    const { data, errors, present } = convertNeedRow(r, index, refs);
    const fail = (column: string, code: string, value: string, params?: Record<string, string | number>) =>
      errors.push({ row: r.row, column, message: zhMessage(code, params), value });
    let enterpriseId: string | null = null;
    if (data) {
      if (!enterprises.has(data.enterpriseUscc)) {
        enterprises.set(data.enterpriseUscc, await db.enterprise.findUnique({ where: { uscc: data.enterpriseUscc }, select: { id: true } }));
      }
      enterpriseId = enterprises.get(data.enterpriseUscc)?.id ?? null;
      if (!enterpriseId) fail(NEED_HEADER.enterpriseUscc, "error.import.enterpriseNotFound", data.enterpriseUscc);
      else {
        const k = `${enterpriseId}\u0000${data.title}`;
        const first = firstRowOf.get(k);
        if (first !== undefined) fail(NEED_HEADER.title, "error.import.duplicateInFile", data.title, { row: first });
        else firstRowOf.set(k, r.row);
      }
    }
    if (!data || !enterpriseId || errors.length > 0) {
      summary.failed++;
      summary.errors.push(...errors);
      continue;
    }
    try {
      const outcome = await upsertNeedRow(actor, enterpriseId, data, present, now, !!opts.dryRun);
      summary[outcome]++;
    } catch (e) {
      summary.failed++;
      if (e instanceof DomainError) fail(NEED_HEADER.title, e.code, data.title, e.params);
      else {
        console.error("[import] need row failed:", e);
        fail(NEED_HEADER.title, "error.import.conflict", data.title);
      }
      summary.errors.push(...errors);
    }
  }
  summary.errorReport = errorReport("needs", summary.errors);
  if (!opts.dryRun) await auditImport(actor, "need.import", file, summary);
  return summary;
}

async function upsertNeedRow(
  actor: DomainActor,
  enterpriseId: string,
  d: NeedData,
  present: Set<NeedKey>,
  now: Date,
  dryRun: boolean,
): Promise<"created" | "updated" | "unchanged"> {
  const existing = await db.project.findFirst({ where: { enterpriseId, title: d.title, isBundle: false }, orderBy: { createdAt: "asc" } });
  const wanted: Record<(typeof NEED_COMPARE)[number], unknown> = {
    description: d.description,
    categoryCode: d.categoryCode,
    districtCode: d.districtCode,
    budgetFen: d.budgetFen,
    beneficiariesPlanned: d.beneficiariesPlanned,
    sessionsPlanned: d.sessionsPlanned,
    fundingSource: d.fundingSource,
    serviceStart: d.serviceStart,
    serviceEnd: d.serviceEnd,
  };
  // Optional columns left blank do not overwrite.
  const considered = NEED_COMPARE.filter((k) => !((k === "sessionsPlanned" || k === "fundingSource" || k === "serviceStart" || k === "serviceEnd") && !present.has(k)));
  if (existing) {
    const same = (a: unknown, b: unknown) => (a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime() : a === b);
    const changed = considered.filter((k) => !same(existing[k], wanted[k]));
    if (changed.length === 0) return "unchanged";
    if (existing.state !== "DRAFT") throw new DomainError(409, "error.import.needLocked", { params: { state: zh(`projectState.${existing.state}`) ?? existing.state } });
    if (dryRun) return "updated";
    await db.$transaction(async (tx) => {
      const data = Object.fromEntries(changed.map((k) => [k, wanted[k]]));
      const res = await tx.project.updateMany({ where: { id: existing.id, state: "DRAFT", version: existing.version }, data: { ...data, version: { increment: 1 } } });
      if (res.count !== 1) throw new DomainError(409, "error.import.conflict");
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "project.import.update",
        entityType: "Project",
        entityId: existing.id,
        before: Object.fromEntries(changed.map((k) => [k, existing[k]])),
        after: data,
      });
      await enqueueSearch(tx, "projects", existing.id);
    });
    return "updated";
  }
  if (dryRun) return "created";
  for (let attempt = 0; ; attempt++) {
    try {
      await db.$transaction(async (tx) => {
        const code = await nextNeedCode(tx, now);
        const p = await tx.project.create({
          data: {
            code,
            enterpriseId,
            title: d.title,
            description: d.description,
            categoryCode: d.categoryCode,
            districtCode: d.districtCode,
            beneficiariesPlanned: d.beneficiariesPlanned,
            sessionsPlanned: d.sessionsPlanned,
            budgetFen: d.budgetFen,
            fundingSource: d.fundingSource,
            serviceStart: d.serviceStart,
            serviceEnd: d.serviceEnd,
            state: "DRAFT",
            createdById: actor.id,
          },
        });
        await writeAudit(tx, {
          ...auditActor(actor),
          action: "project.import.create",
          entityType: "Project",
          entityId: p.id,
          after: { state: "DRAFT", code, enterpriseId, ...wanted },
        });
        await enqueueSearch(tx, "projects", p.id);
      });
      return "created";
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 5) throw e;
    }
  }
}

// ---------------------------------------------------------------- enterprises export

function enterpriseColumns(): ColumnDef<EnterpriseRow>[] {
  return [
    { key: "name", header: "企业名称", kind: "text", width: 32, value: (r) => r.name },
    { key: "uscc", header: "统一社会信用代码", kind: "text", width: 22, value: (r) => r.uscc },
    { key: "industry", header: "所属行业", kind: "text", value: (r) => r.industry },
    { key: "district", header: "所在区县", kind: "text", value: (r) => r.district.nameZh },
    { key: "employees", header: "职工人数", kind: "number", value: (r) => r.employees },
    { key: "hasUnion", header: "是否建立工会", kind: "text", value: (r) => (r.hasUnion ? "是" : "否") },
    { key: "contactName", header: "联系人", kind: "text", value: (r) => r.contactName },
    { key: "contactPhone", header: "联系电话", kind: "text", width: 16, value: (r) => r.contactPhone },
    { key: "address", header: "地址", kind: "text", width: 30, value: (r) => r.address },
    { key: "projects", header: "需求数", kind: "number", value: (r) => r._count.projects },
    { key: "createdAt", header: "注册时间", kind: "datetime", width: 18, value: (r) => r.createdAt },
  ];
}
export const ENTERPRISE_EXPORT_COLUMN_KEYS = enterpriseColumns().map((c) => ({ key: c.key, header: c.header }));

/** Exactly the enterprises the filter selects, as CSV or XLSX. Staff only. */
export async function exportEnterprises(
  actor: DomainActor,
  filterInput: URLSearchParams | Record<string, unknown>,
  format: TableFormat,
  opts: { columns?: readonly string[] } = {},
): Promise<ExportFile> {
  assertStaff(actor);
  if (format !== "csv" && format !== "xlsx") throw badRequest("error.invalidOption", "format");
  const rows = await allFilteredEnterprises(parseEnterpriseFilter(filterInput));
  return writeTable(format, pickColumns(enterpriseColumns(), opts.columns), rows, { baseName: "企业名录", sheetName: "企业名录" });
}

/** For tests and the CLI: the org import headers (Chinese), in order. */
export const ORG_IMPORT_HEADERS = ORG_IMPORT_COLUMNS.map((c) => c.header);
export const NEED_IMPORT_HEADERS = NEED_IMPORT_COLUMNS.map((c) => c.header);
