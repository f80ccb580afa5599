import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { makeBroker, makeOrg, makeOrgWithUser, makeUser } from "../../tests/fixtures/registry";
import { isDomainError } from "./errors";
import {
  getMeeting,
  inviteAllInScope,
  inviteOrgs,
  listMeetings,
  listMeetingsForOrg,
  recordAttendance,
  recordMinutes,
  scheduleMeeting,
  updateMeeting,
} from "./meetings.server";
import { meetingSchema } from "./organizations.schema";

async function errorOf(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error("expected a DomainError");
    },
    (e: unknown) => {
      if (!isDomainError(e)) throw e;
      return e;
    },
  );
}

describe("meeting schema", () => {
  it("requires the district for a district-level meeting and drops it for a city-level one", () => {
    const base = { title: "联席会", scheduledAt: "2026-12-20T09:30", place: "市总工会三楼", agenda: "半年工作交流" };
    const r = meetingSchema.safeParse({ ...base, level: "DISTRICT" });
    expect(r.error?.flatten().fieldErrors.districtCode).toEqual(["error.district"]);
    expect(meetingSchema.parse({ ...base, level: "CITY", districtCode: "yuhua" }).districtCode).toBeUndefined();
    expect(meetingSchema.safeParse({ ...base, level: "CITY", scheduledAt: "not a date" }).success).toBe(false);
  });
});

describe("joint meetings", () => {
  it("schedule, invite (notified once), record attendance and minutes; orgs see only their own", async () => {
    const broker = await makeBroker();
    const a = await makeOrgWithUser({ vettingStatus: "APPROVED", districtCode: "yuhua" });
    const b = await makeOrgWithUser({ vettingStatus: "APPROVED", districtCode: "kaifu", serviceDistricts: ["kaifu", "yuhua"] });
    const c = await makeOrgWithUser({ vettingStatus: "APPROVED", districtCode: "furong" });
    const rejected = await makeOrg({ vettingStatus: "REJECTED" });

    const { id } = await scheduleMeeting(broker, {
      title: "雨花区社会组织联席会",
      level: "DISTRICT",
      districtCode: "yuhua",
      scheduledAt: new Date("2026-12-20T01:30:00Z"),
      place: "雨花区总工会",
      agenda: "半年工作交流",
    });
    expect((await errorOf(scheduleMeeting(a.user, { title: "x", level: "CITY", scheduledAt: new Date(), place: "p", agenda: "a" }))).status).toBe(403);
    expect(
      (await errorOf(scheduleMeeting(broker, { title: "x", level: "DISTRICT", districtCode: "atlantis", scheduledAt: new Date(), place: "p", agenda: "a" }))).status,
    ).toBe(400);

    // In scope: based in or serving yuhua.
    expect(await inviteAllInScope(broker, id)).toEqual({ invited: 2, alreadyInvited: 0 });
    expect(await inviteOrgs(broker, id, [a.org.id, c.org.id])).toEqual({ invited: 1, alreadyInvited: 1 });
    expect((await errorOf(inviteOrgs(broker, id, [rejected.id]))).status).toBe(400);
    expect(await db.notification.count({ where: { userId: a.user.id, kind: "meeting.invited" } })).toBe(1);
    const note = await db.notification.findFirstOrThrow({ where: { userId: c.user.id } });
    expect(note).toMatchObject({ kind: "meeting.invited", link: `/org/meetings/${id}` });
    expect(note.params).toEqual({ title: "雨花区社会组织联席会", scheduledAt: "2026-12-20 09:30", place: "雨花区总工会" }); // Asia/Shanghai

    await recordAttendance(broker, id, [
      { organizationId: a.org.id, attended: true },
      { organizationId: b.org.id, attended: false },
    ]);
    expect(await recordAttendance(broker, id, [{ organizationId: a.org.id, attended: true }])).toEqual({ changed: 0 });
    const outsider = await makeOrg({ vettingStatus: "APPROVED" });
    expect((await errorOf(recordAttendance(broker, id, [{ organizationId: outsider.id, attended: true }]))).status).toBe(409);

    expect(await recordMinutes(broker, id, "会议纪要：交流了上半年服务情况。")).toEqual({ changed: true });
    expect(await recordMinutes(broker, id, "会议纪要：交流了上半年服务情况。")).toEqual({ changed: false });

    const list = await listMeetings(broker);
    expect(list.rows[0]).toMatchObject({ id, invited: 3, attended: 1, absent: 1 });

    const forA = await listMeetingsForOrg(a.user, a.org.id);
    expect(forA).toHaveLength(1);
    expect(forA[0]).toMatchObject({ id, attended: true, minutes: "会议纪要：交流了上半年服务情况。" });
    expect((await errorOf(listMeetingsForOrg(a.user, b.org.id))).status).toBe(404);

    const seenByA = await getMeeting(a.user, id);
    expect(seenByA.invitations.map((i) => i.organizationId)).toEqual([a.org.id]);
    const stranger = await makeOrgWithUser();
    expect((await errorOf(getMeeting(stranger.user, id))).status).toBe(404);
    const ent = await makeUser("ENTERPRISE");
    expect((await errorOf(getMeeting(ent, id))).status).toBe(404);
    expect((await getMeeting(broker, id)).invitations).toHaveLength(3);

    // Moving the meeting notifies the invitees; saving it unchanged does nothing.
    const moved = { title: "雨花区社会组织联席会", level: "DISTRICT" as const, districtCode: "yuhua", scheduledAt: new Date("2026-12-22T01:30:00Z"), place: "雨花区总工会", agenda: "半年工作交流" };
    expect(await updateMeeting(broker, id, moved)).toEqual({ changed: true });
    expect(await updateMeeting(broker, id, moved)).toEqual({ changed: false });
    expect(await db.notification.count({ where: { kind: "meeting.changed" } })).toBe(3);

    const actions = (await db.auditLog.findMany({ where: { entityId: id }, orderBy: { seq: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["meeting.schedule", "meeting.invite", "meeting.invite", "meeting.attendance", "meeting.minutes", "meeting.update"]);
  });
});
