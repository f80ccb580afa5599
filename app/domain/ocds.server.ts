// Open-data export of awarded contracts as an OCDS 1.1 release package (Open Contracting Data
// Standard). One release per awarded project (bundle members excluded: the bundle carries the award).
//
// No personal data: parties are organizations only (name, USCC identifier, district address); no
// contact points, no legal representatives, no user names, phones or e-mails. The need's free-text
// description (which may name people) is not exported; titles are scrubbed of phones and e-mails.
//
// Validation: validateOcdsReleasePackage() checks a package against the schema files shipped in
// docs/ocds (draft-04, validated with ajv-draft-04 + ajv-formats).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import type { ErrorObject, ValidateFunction } from "ajv";
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { appUrl, unionProfile } from "./invoices.server";
import { shanghaiYearRange } from "./scoring";

export const OCDS_VERSION = "1.1";
export const OCDS_SCHEMA_BASE = "https://standard.open-contracting.org/schema/1__1__5";

/** The publisher's registered ocid prefix (OCDS_PREFIX env), e.g. "ocds-abc123". */
export function ocidPrefix(): string {
  return process.env.OCDS_PREFIX || "ocds-lbcs01";
}

const FUNDING_ZH: Record<string, string> = { UNION_FUNDS: "工会经费", GOVERNMENT_PURCHASE: "政府购买", ENTERPRISE_SELF: "企业自筹", MIXED: "混合资金" };

/** Removes phone numbers, e-mail addresses and ID-card numbers from free text. */
export function scrubPersonalData(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "［已隐去］")
    .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, "［已隐去］") // 居民身份证号
    .replace(/(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g, "［已隐去］") // mobile
    .replace(/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, "［已隐去］"); // landline
}

const yuan = (fen: number) => Math.round(fen) / 100;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

const releaseInclude = {
  category: { select: { code: true, nameZh: true, nameEn: true } },
  district: { select: { code: true, nameZh: true } },
  enterprise: { select: { id: true, name: true, uscc: true, districtCode: true, district: { select: { nameZh: true } } } },
  award: { include: { organization: { select: { id: true, name: true, uscc: true, district: { select: { nameZh: true } } } } } },
  bids: { where: { state: { not: "WITHDRAWN" } }, select: { organization: { select: { id: true, name: true, uscc: true, district: { select: { nameZh: true } } } } } },
  invoices: { where: { kind: "INVOICE", paidAt: { not: null } }, orderBy: { seq: "asc" }, select: { number: true, paidAt: true, amountFen: true, payerName: true, payerUscc: true, credits: { select: { id: true } } } },
} satisfies Prisma.ProjectInclude;

type ReleaseProject = Prisma.ProjectGetPayload<{ include: typeof releaseInclude }>;

type Party = {
  id: string;
  name: string;
  identifier?: { scheme: string; id: string; legalName: string };
  address?: { region?: string; locality?: string; countryName: string };
  roles: string[];
};

function partyId(uscc: string | null, fallback: string): string {
  return uscc ? `CN-USCC-${uscc}` : fallback;
}

export interface OcdsPackageOptions {
  /** Calendar year (Asia/Shanghai) of the award date. */
  year?: number;
  districtCode?: string;
  publishedDate?: Date;
}

/** OCDS 1.1 release package of the awarded contracts. */
export async function ocdsReleasePackage(opts: OcdsPackageOptions = {}): Promise<Record<string, unknown>> {
  const where: Prisma.ProjectWhereInput = { award: { isNot: null }, bundleId: null };
  if (opts.districtCode) where.districtCode = opts.districtCode;
  if (opts.year) where.award = { is: { approvedAt: shanghaiYearRange(opts.year) } };
  const projects = await db.project.findMany({ where, include: releaseInclude, orderBy: { code: "asc" } });
  const union = await unionProfile();
  const base = appUrl();
  const releases = projects.map((p) => toRelease(p, union));
  const latest = projects.reduce<Date | null>((m, p) => {
    const d = p.updatedAt;
    return !m || d > m ? d : m;
  }, null);
  const query = new URLSearchParams();
  if (opts.year) query.set("year", String(opts.year));
  if (opts.districtCode) query.set("district", opts.districtCode);
  return {
    uri: `${base}/open-data/ocds.json${query.size ? `?${query}` : ""}`,
    version: OCDS_VERSION,
    publishedDate: (opts.publishedDate ?? latest ?? new Date()).toISOString(),
    publisher: { name: `${union.name}（工联桥平台）`, scheme: union.uscc ? "CN-USCC" : null, uid: union.uscc, uri: base },
    license: "https://creativecommons.org/licenses/by/4.0/",
    publicationPolicy: `${base}/help#open-data`,
    releases,
  };
}

function toRelease(p: ReleaseProject, union: { name: string; uscc: string | null }): Record<string, unknown> {
  const award = p.award!;
  const ocid = `${ocidPrefix()}-${p.code}`;
  const parties = new Map<string, Party>();
  const addParty = (id: string, name: string, uscc: string | null, region: string | undefined, role: string) => {
    const existing = parties.get(id);
    if (existing) {
      if (!existing.roles.includes(role)) existing.roles.push(role);
      return;
    }
    parties.set(id, {
      id,
      name,
      ...(uscc ? { identifier: { scheme: "CN-USCC", id: uscc, legalName: name } } : {}),
      address: { ...(region ? { region } : {}), locality: "长沙市", countryName: "中国" },
      roles: [role],
    });
  };

  const unionId = partyId(union.uscc, "LB-UNION");
  addParty(unionId, union.name, union.uscc, undefined, "procuringEntity");
  const enterprisePays = p.fundingSource === "ENTERPRISE_SELF" && p.enterprise;
  let buyerId = unionId;
  if (p.enterprise) {
    const eid = partyId(p.enterprise.uscc, `LB-ENT-${p.enterprise.id}`);
    addParty(eid, p.enterprise.name, p.enterprise.uscc, p.enterprise.district.nameZh, enterprisePays ? "buyer" : "interestedParty");
    if (enterprisePays) buyerId = eid;
  }
  if (!enterprisePays) addParty(unionId, union.name, union.uscc, undefined, "buyer");
  if (p.enterprise && p.fundingSource === "MIXED") addParty(partyId(p.enterprise.uscc, `LB-ENT-${p.enterprise.id}`), p.enterprise.name, p.enterprise.uscc, p.enterprise.district.nameZh, "funder");
  const org = award.organization;
  const supplierId = partyId(org.uscc, `LB-ORG-${org.id}`);
  for (const b of p.bids) {
    const o = b.organization;
    addParty(partyId(o.uscc, `LB-ORG-${o.id}`), o.name, o.uscc, o.district.nameZh, "tenderer");
  }
  addParty(supplierId, org.name, org.uscc, org.district.nameZh, "supplier");
  addParty(supplierId, org.name, org.uscc, org.district.nameZh, "payee");
  if (!enterprisePays) addParty(unionId, union.name, union.uscc, undefined, "payer");
  else addParty(buyerId, p.enterprise!.name, p.enterprise!.uscc, p.enterprise!.district.nameZh, "payer");

  const ref = (id: string) => ({ id, name: parties.get(id)!.name });
  const item = {
    id: "1",
    description: `${p.category.nameZh}（${p.category.nameEn}）`,
    classification: { scheme: "LB-CATEGORY", id: p.category.code, description: p.category.nameZh },
    quantity: p.beneficiariesPlanned,
    unit: { name: "人次" },
  };
  const period = p.serviceStart || p.serviceEnd ? { startDate: iso(p.serviceStart), endDate: iso(p.serviceEnd) } : undefined;
  const finished = p.state === "EVALUATED" || p.state === "CLOSED";
  const transactions = p.invoices
    .filter((i) => i.credits.length === 0 && i.paidAt)
    .map((i) => ({
      id: i.number,
      date: iso(i.paidAt),
      value: { amount: yuan(i.amountFen), currency: "CNY" },
      payer: ref(i.payerUscc ? partyId(i.payerUscc, unionId) : unionId),
      payee: ref(supplierId),
    }))
    .filter((t) => parties.has(t.payer.id));
  const tags = ["award", "contract"];
  if (transactions.length) tags.push("implementation");
  const dates = [award.approvedAt, ...p.invoices.map((i) => i.paidAt).filter((d): d is Date => !!d)];
  const date = new Date(Math.max(...dates.map((d) => d.getTime())));

  return {
    ocid,
    id: `${ocid}-${date.toISOString().replace(/[-:.]/g, "")}`,
    date: date.toISOString(),
    tag: tags,
    initiationType: "tender",
    language: "zh",
    parties: [...parties.values()],
    buyer: ref(buyerId),
    planning: {
      budget: {
        description: `资金来源：${FUNDING_ZH[p.fundingSource] ?? p.fundingSource}`,
        amount: { amount: yuan(p.budgetFen), currency: "CNY" },
      },
    },
    tender: {
      id: p.code,
      title: scrubPersonalData(p.title),
      // The need's free text may name people; the export describes the service from structured fields.
      description: `服务类别：${p.category.nameZh}；服务区域：${p.district.nameZh}；计划服务 ${p.beneficiariesPlanned} 人次、${p.sessionsPlanned} 场`,
      status: "complete",
      procuringEntity: ref(unionId),
      items: [item],
      value: { amount: yuan(p.budgetFen), currency: "CNY" },
      procurementMethod: "selective",
      procurementMethodDetails: "工会撮合：经审核的社会组织竞价，工会审批中标",
      mainProcurementCategory: "services",
      ...(p.publishedAt || p.bidDeadline ? { tenderPeriod: { startDate: iso(p.publishedAt), endDate: iso(p.bidDeadline) } } : {}),
      ...(period ? { contractPeriod: period } : {}),
      numberOfTenderers: p.bids.length,
      tenderers: p.bids.map((b) => ref(partyId(b.organization.uscc, `LB-ORG-${b.organization.id}`))),
    },
    awards: [
      {
        id: award.id,
        title: scrubPersonalData(p.title),
        status: "active",
        date: award.approvedAt.toISOString(),
        value: { amount: yuan(award.amountFen), currency: "CNY" },
        suppliers: [ref(supplierId)],
        items: [item],
        ...(period ? { contractPeriod: period } : {}),
      },
    ],
    contracts: [
      {
        id: `${p.code}-C1`,
        awardID: award.id,
        title: scrubPersonalData(p.title),
        status: p.state === "CANCELLED" ? "cancelled" : finished ? "terminated" : "active",
        ...(period ? { period } : {}),
        value: { amount: yuan(award.amountFen), currency: "CNY" },
        items: [item],
        dateSigned: award.approvedAt.toISOString(),
        ...(transactions.length ? { implementation: { transactions } } : {}),
      },
    ],
  };
}

// ---------- validation against the shipped schema ----------

let validator: ValidateFunction | null = null;

function schemaDir(): string {
  return resolve(process.env.LB_ROOT || process.cwd(), "docs", "ocds");
}

function loadValidator(): ValidateFunction {
  if (validator) return validator;
  const dir = schemaDir();
  const release = JSON.parse(readFileSync(join(dir, "release-schema.json"), "utf8"));
  const pkg = JSON.parse(readFileSync(join(dir, "release-package-schema.json"), "utf8"));
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(release);
  validator = ajv.compile(pkg);
  return validator;
}

/** Validates a release package against docs/ocds/release-package-schema.json (+ release-schema.json). */
export function validateOcdsReleasePackage(pkg: unknown): { valid: boolean; errors: ErrorObject[] } {
  const v = loadValidator();
  const valid = v(pkg) as boolean;
  return { valid, errors: valid ? [] : [...(v.errors ?? [])] };
}
