// Append-only, hash-chained audit log. Every state change, vetting decision, grade, award and
// evaluation writes one record IN THE SAME TRANSACTION as the change (pass the transaction client).
// hash = sha256(prevHash + canonical JSON of the record); editing or deleting any row breaks the chain.
import { createHash } from "node:crypto";
import { databaseUrl, isPostgresUrl, type Db, type Tx } from "~/db.server";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditEntry {
  actorId: string | null;
  actorRole: string | null;
  action: string; // e.g. "project.publish", "org.vetting.approve"
  entityType: string; // e.g. "Project", "Organization"
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /**
   * When the recorded event happened. ONLY for imports and seeding of historical events (e.g. the
   * demo seed's project histories); live changes always leave it unset and get the current time.
   * The hash covers it like every other field, so the chain verifies either way.
   */
  at?: Date;
}

/** JSON with sorted keys, so a value read back from the database hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Dates → ISO strings, undefined dropped: the form the value takes once stored as JSON. */
function normalize(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export function auditHash(
  prevHash: string,
  r: { at: Date; actorId: string | null; actorRole: string | null; action: string; entityType: string; entityId: string; before: unknown; after: unknown; reason: string | null },
): string {
  const body = canonicalJson({
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorRole: r.actorRole,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    reason: r.reason ?? null,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

export async function writeAudit(tx: Tx, e: AuditEntry): Promise<void> {
  if (isPostgresUrl(databaseUrl())) {
    // Serialize chain appends across connections/instances (released at commit/rollback).
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(734101)");
  }
  const last = await tx.auditLog.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = e.at ? new Date(e.at.getTime()) : new Date();
  const before = normalize(e.before);
  const after = normalize(e.after);
  const reason = e.reason ?? null;
  const hash = auditHash(prevHash, { at, actorId: e.actorId, actorRole: e.actorRole, action: e.action, entityType: e.entityType, entityId: e.entityId, before, after, reason });
  await tx.auditLog.create({
    data: {
      at,
      actorId: e.actorId,
      actorRole: e.actorRole,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: before === null ? undefined : (before as object),
      after: after === null ? undefined : (after as object),
      reason,
      prevHash,
      hash,
    },
  });
}

export interface ChainCheck {
  ok: boolean;
  count: number;
  brokenAtSeq?: number;
  problem?: string;
}

/** Walks the whole chain in order and recomputes every hash. */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let count = 0;
  let cursor = 0;
  for (;;) {
    const rows = await db.auditLog.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: batch });
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prevHash !== prevHash) return { ok: false, count, brokenAtSeq: r.seq, problem: "prevHash does not match the previous record" };
      const expected = auditHash(prevHash, { at: r.at, actorId: r.actorId, actorRole: r.actorRole, action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before ?? null, after: r.after ?? null, reason: r.reason });
      if (expected !== r.hash) return { ok: false, count, brokenAtSeq: r.seq, problem: "record content does not match its hash" };
      prevHash = r.hash;
      count++;
      cursor = r.seq;
    }
  }
  return { ok: true, count };
}
