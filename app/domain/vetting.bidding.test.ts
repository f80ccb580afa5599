// Vetting × bidding, through the bids module itself: only APPROVED orgs can bid; suspension
// withdraws the open bid and blocks new ones; after reinstatement the org may bid again.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { makeBroker, makeEnterpriseWithUser, makeOrgWithUser, makeProject } from "../../tests/fixtures/registry";
import { submitBid } from "./bids.server";
import { isDomainError } from "./errors";
import { approveOrg, reinstateOrg, suspendOrg } from "./vetting.server";

const bid = { amountFen: 1_500_000, plan: "分三次开展劳动法律讲座并提供一对一咨询", timeline: "两个月", team: "两名执业律师" };

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

describe("vetting and bidding", () => {
  it("PENDING cannot bid; APPROVED can; SUSPENDED loses its open bid and cannot bid; reinstated can bid again", async () => {
    const broker = await makeBroker();
    const { org, user } = await makeOrgWithUser({ vettingStatus: "PENDING" });
    const ent = await makeEnterpriseWithUser();
    const p = await makeProject({ enterpriseId: ent.enterprise.id, state: "PUBLISHED" });
    await db.project.update({ where: { id: p.id }, data: { publishedAt: new Date() } });
    const orgUser = { ...user, role: "ORG" as const };

    expect(await errorOf(submitBid(orgUser, p.id, bid))).toMatchObject({ status: 403, code: "error.org.notApproved" });
    await approveOrg(broker, org.id);
    const first = await submitBid(orgUser, p.id, bid);
    expect(first.created).toBe(true);

    const s = await suspendOrg(broker, org.id, "查实违规");
    expect(s.withdrawnBids).toBe(1);
    expect((await db.bid.findUniqueOrThrow({ where: { id: first.bidId } })).state).toBe("WITHDRAWN");
    expect(await db.notification.count({ where: { userId: ent.user.id, kind: "bid.withdrawn.orgSuspended" } })).toBe(1);
    expect(await errorOf(submitBid(orgUser, p.id, bid))).toMatchObject({ status: 403, code: "error.org.notApproved" });

    await reinstateOrg(broker, org.id, "整改完成");
    const again = await submitBid(orgUser, p.id, bid);
    expect(again).toMatchObject({ bidId: first.bidId, changed: true });
    expect((await db.bid.findUniqueOrThrow({ where: { id: first.bidId } })).state).toBe("SUBMITTED");
  });
});
