// Shared set-up of the security tests: one client per role (each signed in once, each with its own
// X-Forwarded-For so the per-IP rate limits never mix them), and real record IDs from the seeded
// database, chosen so that "A" roles (enterprise A, org A) own them and "B" roles do not.
import { createPrismaClient } from "../../app/db.server";
import { HttpClient } from "../http/client";

export const ROLES = ["anon", "entA", "entB", "orgA", "orgB", "pending", "broker", "admin"] as const;
export type RoleKey = (typeof ROLES)[number];

export const CREDENTIALS: Record<Exclude<RoleKey, "anon">, { email: string; password: string }> = {
  entA: { email: "enterprise@laborbridge.cn", password: "Enterprise#2026" },
  entB: { email: "ent-02@demo.laborbridge.cn", password: "Enterprise#2026" },
  orgA: { email: "org@laborbridge.cn", password: "Org#2026" },
  orgB: { email: "org2@laborbridge.cn", password: "Org#2026" },
  pending: { email: "pending-org@laborbridge.cn", password: "Org#2026" },
  broker: { email: "broker@laborbridge.cn", password: "Broker#2026" },
  admin: { email: "admin@laborbridge.cn", password: "Admin#2026" },
};

export async function loginAll(baseUrl: string): Promise<Record<RoleKey, HttpClient>> {
  const out = { anon: new HttpClient(baseUrl) } as Record<RoleKey, HttpClient>;
  await Promise.all(
    (Object.keys(CREDENTIALS) as Exclude<RoleKey, "anon">[]).map(async (k) => {
      const c = new HttpClient(baseUrl);
      await c.login(CREDENTIALS[k].email, CREDENTIALS[k].password);
      out[k] = c;
    }),
  );
  return out;
}

/** Values for the ":param"s of each route pattern: records owned by enterprise A / org A. */
export interface SeedIds {
  entA: string;
  entB: string;
  orgA: string;
  orgB: string;
  /** A project of enterprise A awarded to org A (in delivery or later). */
  deliveredProject: string;
  /** A project of enterprise A in DRAFT. */
  draftProject: string | null;
  /** A PUBLISHED project (bidding open, deadline in the future) of enterprise A, if any, else of anyone. */
  publishedProject: string;
  /** The enterprise that owns publishedProject. */
  publishedOwnerEnterprise: string | null;
  attachment: { projectId: string; id: string } | null;
  evidence: { projectId: string; reportId: string } | null;
  invoice: { id: string; verifyToken: string } | null;
  indicatorSystem: string;
  meetingWithOrgA: string | null;
  orgDocument: string | null;
  params: Record<string, Record<string, string>>;
}

export async function seedIds(databaseUrl: string): Promise<SeedIds> {
  const db = createPrismaClient(databaseUrl);
  try {
    const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } });
    const [ua, ub, oa, ob] = await Promise.all([user(CREDENTIALS.entA.email), user(CREDENTIALS.entB.email), user(CREDENTIALS.orgA.email), user(CREDENTIALS.orgB.email)]);
    const entA = ua.enterpriseId!;
    const entB = ub.enterpriseId!;
    const orgA = oa.organizationId!;
    const orgB = ob.organizationId!;
    const delivered =
      (await db.project.findFirst({ where: { enterpriseId: entA, award: { organizationId: orgA }, deliveryReports: { some: {} } }, orderBy: { code: "asc" } })) ??
      (await db.project.findFirst({ where: { enterpriseId: entA, award: { organizationId: orgA } }, orderBy: { code: "asc" } })) ??
      (await db.project.findFirstOrThrow({ where: { award: { organizationId: orgA }, enterpriseId: { not: entB } }, orderBy: { code: "asc" } }));
    const draft = await db.project.findFirst({ where: { enterpriseId: entA, state: "DRAFT" }, orderBy: { code: "asc" } });
    const published =
      (await db.project.findFirst({ where: { enterpriseId: entA, state: "PUBLISHED", bidDeadline: { gt: new Date() } }, orderBy: { code: "asc" } })) ??
      (await db.project.findFirstOrThrow({ where: { state: "PUBLISHED", bidDeadline: { gt: new Date() }, enterpriseId: { not: null } }, orderBy: { code: "asc" } }));
    const att = await db.projectAttachment.findFirst({ where: { project: { enterpriseId: entA } } });
    const report = await db.deliveryReport.findFirst({ where: { organizationId: orgA, project: { enterpriseId: entA } } });
    const invoice = await db.invoice.findFirst({ where: { project: { award: { organizationId: orgA } }, kind: "INVOICE" } });
    const system = await db.indicatorSystem.findFirstOrThrow({});
    const meeting = await db.jointMeeting.findFirst({ where: { invitations: { some: { organizationId: orgA } } } });
    const doc = await db.organizationDocument.findFirst({ where: { organizationId: orgA } });
    const ids: SeedIds = {
      entA,
      entB,
      orgA,
      orgB,
      deliveredProject: delivered.id,
      draftProject: draft?.id ?? null,
      publishedProject: published.id,
      publishedOwnerEnterprise: published.enterpriseId,
      attachment: att ? { projectId: att.projectId, id: att.id } : null,
      evidence: report ? { projectId: report.projectId, reportId: report.id } : null,
      invoice: invoice ? { id: invoice.id, verifyToken: invoice.verifyToken } : null,
      indicatorSystem: system.id,
      meetingWithOrgA: meeting?.id ?? null,
      orgDocument: doc?.id ?? null,
      params: {},
    };
    return ids;
  } finally {
    await db.$disconnect();
  }
}

const NONE = "zzzzzzzzzzzzzzzzzzzzzzzz"; // an ID no record has

/**
 * The concrete URL the matrix requests for a route pattern: the ":param"s filled with records owned by
 * the A side (enterprise A, org A). null: the seed has no such record (the row then uses a made-up ID,
 * which must be a 404 for everyone).
 */
export function urlFor(pattern: string, ids: SeedIds): string {
  const p = ids.deliveredProject;
  switch (pattern) {
    case "/*":
      return "/no-such-page/at-all";
    case "/admin/indicators/:systemId":
      return `/admin/indicators/${ids.indicatorSystem}`;
    case "/broker/projects/:id":
      return `/broker/projects/${p}`;
    case "/broker/projects/:id/award":
      return `/broker/projects/${ids.publishedProject}/award`;
    case "/broker/meetings/:id":
      return `/broker/meetings/${ids.meetingWithOrgA ?? NONE}`;
    case "/org/meetings/:id":
      return `/org/meetings/${ids.meetingWithOrgA ?? NONE}`;
    case "/broker/orgs/:id":
      return `/broker/orgs/${ids.orgA}`;
    case "/documents/org/:id":
      return `/documents/org/${ids.orgDocument ?? NONE}`;
    case "/invoices/:id":
      return `/invoices/${ids.invoice?.id ?? NONE}`;
    case "/invoices/:id/pdf":
      return `/invoices/${ids.invoice?.id ?? NONE}/pdf`;
    case "/invoices/verify/:token":
      return `/invoices/verify/${ids.invoice?.verifyToken ?? NONE}`;
    case "/orgs/:orgId/performance":
      return `/orgs/${ids.orgA}/performance`;
    case "/projects/:id":
    case "/projects/:id/evaluation":
    case "/projects/:id/payments":
    case "/projects/:id/survey":
      return pattern.replace(":id", p);
    case "/projects/:id/edit":
      return `/projects/${ids.draftProject ?? NONE}/edit`;
    case "/projects/:id/attachments/:attachmentId":
      return ids.attachment ? `/projects/${ids.attachment.projectId}/attachments/${ids.attachment.id}` : `/projects/${p}/attachments/${NONE}`;
    case "/projects/:id/evidence/:reportId/:index":
      return ids.evidence ? `/projects/${ids.evidence.projectId}/evidence/${ids.evidence.reportId}/0` : `/projects/${p}/evidence/${NONE}/0`;
    case "/projects/:id/recommendations":
    case "/broker/projects/:id/recommendations":
    case "/api/projects/:id/recommendations":
      return pattern.replace(":id", ids.publishedProject);
    case "/s/:token":
      return "/s/AAAAAAAAAAAAAAAAAAAAAA";
    default:
      if (pattern.includes(":") || pattern.includes("*")) throw new Error(`urlFor: no record for ${pattern}`);
      return pattern;
  }
}
