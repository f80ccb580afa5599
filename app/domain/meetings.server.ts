// Joint meetings of service organizations (联席会, every half year): brokers schedule a meeting (date,
// place, agenda; CITY level or DISTRICT level with its district), invite orgs (they are notified),
// record attendance and minutes. Invited orgs see their meetings; the ledger shows attendance per org.
// Every write is one transaction with its audit record.
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { writeAudit } from "./audit.server";
import { transaction } from "./notifications.server";
import { badRequest, conflict, notFound } from "./errors";
import { assertOrgOwner, assertReferenceCodes, assertStaff, auditActor, isStaff, notifyOrganization, type DomainActor } from "./organizations.server";
import { formatShanghaiDateTime, type MeetingInput } from "./organizations.schema";

const meetingLink = (id: string) => `/org/meetings/${id}`;

function meetingAudit(m: { title: string; level: string; districtCode: string | null; scheduledAt: Date; place: string; agenda: string }) {
  return { title: m.title, level: m.level, districtCode: m.districtCode, scheduledAt: m.scheduledAt.toISOString(), place: m.place, agenda: m.agenda };
}

/** A broker schedules a meeting. */
export async function scheduleMeeting(actor: DomainActor, input: MeetingInput): Promise<{ id: string }> {
  assertStaff(actor);
  if (input.level === "DISTRICT" && !input.districtCode) throw badRequest("error.district", "districtCode");
  const districtCode = input.level === "DISTRICT" ? input.districtCode! : null;
  if (districtCode) await assertReferenceCodes(db, { districts: [{ field: "districtCode", codes: [districtCode] }] });
  return db.$transaction(async (tx) => {
    const m = await tx.jointMeeting.create({
      data: {
        title: input.title,
        level: input.level,
        districtCode,
        scheduledAt: input.scheduledAt,
        place: input.place,
        agenda: input.agenda,
        createdById: actor.id,
      },
    });
    await writeAudit(tx, { ...auditActor(actor), action: "meeting.schedule", entityType: "JointMeeting", entityId: m.id, after: meetingAudit(m) });
    return { id: m.id };
  });
}

/** A broker changes date, place, agenda or level; invited orgs are notified when date or place change. */
export async function updateMeeting(actor: DomainActor, meetingId: string, input: MeetingInput): Promise<{ changed: boolean }> {
  assertStaff(actor);
  const districtCode = input.level === "DISTRICT" ? input.districtCode ?? null : null;
  if (input.level === "DISTRICT" && !districtCode) throw badRequest("error.district", "districtCode");
  if (districtCode) await assertReferenceCodes(db, { districts: [{ field: "districtCode", codes: [districtCode] }] });
  return transaction(async (tx) => {
    const m = await tx.jointMeeting.findUnique({ where: { id: meetingId }, include: { invitations: { select: { organizationId: true } } } });
    if (!m) throw notFound();
    const before = meetingAudit(m);
    const after = meetingAudit({ ...input, districtCode });
    if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false };
    await tx.jointMeeting.update({
      where: { id: meetingId },
      data: { title: input.title, level: input.level, districtCode, scheduledAt: input.scheduledAt, place: input.place, agenda: input.agenda },
    });
    await writeAudit(tx, { ...auditActor(actor), action: "meeting.update", entityType: "JointMeeting", entityId: meetingId, before, after });
    if (before.scheduledAt !== after.scheduledAt || before.place !== after.place) {
      for (const inv of m.invitations) {
        await notifyOrganization(
          tx,
          inv.organizationId,
          "meeting.changed",
          { title: input.title, scheduledAt: formatShanghaiDateTime(input.scheduledAt), place: input.place },
          meetingLink(meetingId),
        );
      }
    }
    return { changed: true };
  });
}

/**
 * Invites orgs (each is notified once). Orgs already invited are skipped, so inviting again changes
 * nothing. Only existing, non-rejected orgs may be invited (400 otherwise).
 */
export async function inviteOrgs(actor: DomainActor, meetingId: string, orgIds: string[]): Promise<{ invited: number; alreadyInvited: number }> {
  assertStaff(actor);
  const ids = [...new Set(orgIds.filter((x) => typeof x === "string" && x))];
  if (ids.length === 0) throw badRequest("error.meeting.noInvitees", "organizationIds");
  return transaction(async (tx) => {
    const m = await tx.jointMeeting.findUnique({ where: { id: meetingId } });
    if (!m) throw notFound();
    const orgs = await tx.organization.findMany({ where: { id: { in: ids }, vettingStatus: { not: "REJECTED" } }, select: { id: true } });
    if (orgs.length !== ids.length) throw badRequest("error.invalidOption", "organizationIds");
    const existing = new Set(
      (await tx.meetingInvitation.findMany({ where: { meetingId, organizationId: { in: ids } }, select: { organizationId: true } })).map(
        (i) => i.organizationId,
      ),
    );
    const fresh = ids.filter((id) => !existing.has(id));
    for (const organizationId of fresh) {
      await tx.meetingInvitation.create({ data: { meetingId, organizationId } });
      await notifyOrganization(
        tx,
        organizationId,
        "meeting.invited",
        { title: m.title, scheduledAt: formatShanghaiDateTime(m.scheduledAt), place: m.place },
        meetingLink(meetingId),
      );
    }
    if (fresh.length > 0) {
      await writeAudit(tx, { ...auditActor(actor), action: "meeting.invite", entityType: "JointMeeting", entityId: meetingId, after: { organizationIds: fresh } });
    }
    return { invited: fresh.length, alreadyInvited: existing.size };
  });
}

/**
 * Invites every APPROVED org in scope: for a DISTRICT meeting, orgs based in or serving the district;
 * for a CITY meeting, all of them.
 */
export async function inviteAllInScope(actor: DomainActor, meetingId: string) {
  assertStaff(actor);
  const m = await db.jointMeeting.findUnique({ where: { id: meetingId } });
  if (!m) throw notFound();
  const where: Prisma.OrganizationWhereInput =
    m.level === "DISTRICT" && m.districtCode
      ? { vettingStatus: "APPROVED", OR: [{ districtCode: m.districtCode }, { serviceDistricts: { some: { districtCode: m.districtCode } } }] }
      : { vettingStatus: "APPROVED" };
  const ids = (await db.organization.findMany({ where, select: { id: true } })).map((o) => o.id);
  if (ids.length === 0) return { invited: 0, alreadyInvited: 0 };
  return inviteOrgs(actor, meetingId, ids);
}

/** Records attendance (true = attended, false = absent, null = not recorded) for invited orgs. */
export async function recordAttendance(
  actor: DomainActor,
  meetingId: string,
  entries: { organizationId: string; attended: boolean | null }[],
): Promise<{ changed: number }> {
  assertStaff(actor);
  return db.$transaction(async (tx) => {
    const m = await tx.jointMeeting.findUnique({ where: { id: meetingId }, include: { invitations: true } });
    if (!m) throw notFound();
    const byOrg = new Map(m.invitations.map((i) => [i.organizationId, i]));
    const changes: { organizationId: string; from: boolean | null; to: boolean | null }[] = [];
    for (const e of entries) {
      const inv = byOrg.get(e.organizationId);
      if (!inv) throw conflict("error.meeting.notInvited", "organizationId");
      if (inv.attended === e.attended) continue;
      await tx.meetingInvitation.update({
        where: { meetingId_organizationId: { meetingId, organizationId: e.organizationId } },
        data: { attended: e.attended },
      });
      changes.push({ organizationId: e.organizationId, from: inv.attended, to: e.attended });
    }
    if (changes.length > 0) {
      await writeAudit(tx, { ...auditActor(actor), action: "meeting.attendance", entityType: "JointMeeting", entityId: meetingId, after: { changes } });
    }
    return { changed: changes.length };
  });
}

/** Records (or replaces) the minutes. */
export async function recordMinutes(actor: DomainActor, meetingId: string, minutes: string): Promise<{ changed: boolean }> {
  assertStaff(actor);
  const text = minutes.trim();
  if (!text) throw badRequest("error.required", "minutes");
  return db.$transaction(async (tx) => {
    const m = await tx.jointMeeting.findUnique({ where: { id: meetingId }, select: { minutes: true } });
    if (!m) throw notFound();
    if (m.minutes === text) return { changed: false };
    await tx.jointMeeting.update({ where: { id: meetingId }, data: { minutes: text } });
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "meeting.minutes",
      entityType: "JointMeeting",
      entityId: meetingId,
      before: { minutes: m.minutes },
      after: { minutes: text },
    });
    return { changed: true };
  });
}

/** All meetings, newest first, with invitation/attendance counts (staff). */
export async function listMeetings(actor: DomainActor, opts: { page?: number; pageSize?: number; upcoming?: boolean; now?: Date } = {}) {
  assertStaff(actor);
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(opts.pageSize ?? 20)));
  const where: Prisma.JointMeetingWhereInput = opts.upcoming ? { scheduledAt: { gte: opts.now ?? new Date() } } : {};
  const [total, rows] = await Promise.all([
    db.jointMeeting.count({ where }),
    db.jointMeeting.findMany({
      where,
      orderBy: [{ scheduledAt: opts.upcoming ? "asc" : "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { district: true, invitations: { select: { attended: true } } },
    }),
  ]);
  return {
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map(({ invitations, ...m }) => ({
      ...m,
      invited: invitations.length,
      attended: invitations.filter((i) => i.attended === true).length,
      absent: invitations.filter((i) => i.attended === false).length,
    })),
  };
}

/** One meeting: staff see all invitations; an invited org's user sees the meeting and its own invitation; anyone else 404. */
export async function getMeeting(actor: DomainActor, meetingId: string) {
  const m = await db.jointMeeting.findUnique({
    where: { id: meetingId },
    include: {
      district: true,
      invitations: { include: { organization: { select: { id: true, name: true, uscc: true, districtCode: true } } }, orderBy: { invitedAt: "asc" } },
    },
  });
  if (!m) throw notFound();
  if (isStaff(actor)) return m;
  const mine = actor.role === "ORG" && actor.organizationId ? m.invitations.filter((i) => i.organizationId === actor.organizationId) : [];
  if (mine.length === 0) throw notFound();
  return { ...m, invitations: mine };
}

/** The meetings an org was invited to, newest first (the org itself or staff). */
export async function listMeetingsForOrg(actor: DomainActor, orgId: string) {
  if (!isStaff(actor)) assertOrgOwner(actor, orgId);
  const invs = await db.meetingInvitation.findMany({
    where: { organizationId: orgId },
    include: { meeting: { include: { district: true } } },
    orderBy: { meeting: { scheduledAt: "desc" } },
  });
  return invs.map((i) => ({ ...i.meeting, attended: i.attended, invitedAt: i.invitedAt }));
}
