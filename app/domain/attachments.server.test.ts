// Need attachments: only the owner enterprise adds/removes, only on a DRAFT, with an audit record;
// downloads follow project visibility. Real database (fresh per file), real files in a temp dir.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { expectDomainError, makeProject, makeWorld, type World } from "../../tests/fixtures/marketplace";
import { addAttachments, getAttachmentForDownload, MAX_ATTACHMENTS_PER_PROJECT, removeAttachment } from "./attachments.server";
import { projectTimeline } from "./marketplace-views.server";
import { fireTransition } from "./projects.server";
import { resolveStoredPath, storeUpload } from "./uploads.server";

const dir = mkdtempSync(join(tmpdir(), "lb-attach-"));
const PDF = new TextEncoder().encode("%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

let w: World;
beforeAll(async () => {
  process.env.UPLOAD_DIR = dir;
  w = await makeWorld();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pdf = (name = "brief.pdf") => storeUpload({ data: PDF, fileName: name }, { folder: "need-attachments" });

describe("addAttachments", () => {
  it("records the owner's files on a DRAFT with an audit record each", async () => {
    const p = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const rows = await addAttachments(w.entA.user, p.id, [await pdf("需求说明.pdf"), await pdf()]);
    expect(rows.map((r) => r.fileName)).toEqual(["需求说明.pdf", "brief.pdf"]);
    expect(await db.projectAttachment.count({ where: { projectId: p.id } })).toBe(2);
    const audit = await db.auditLog.findMany({ where: { entityId: p.id, action: "project.attachment.add" } });
    expect(audit).toHaveLength(2);
  });

  it("another enterprise gets 404 and the stored file is removed", async () => {
    const p = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const f = await pdf();
    await expectDomainError(addAttachments(w.entB.user, p.id, [f]), { status: 404 });
    expect(existsSync(resolveStoredPath(f.storedPath))).toBe(false);
    expect(await db.projectAttachment.count({ where: { projectId: p.id } })).toBe(0);
  });

  it("refuses a need that is no longer a draft, and organizations", async () => {
    const p = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id });
    await expectDomainError(addAttachments(w.entA.user, p.id, [await pdf()]), { status: 409, code: "error.project.notDraft" });
    const open = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id });
    await expectDomainError(addAttachments(w.orgX.user, open.id, [await pdf()]), { status: 403 });
  });

  it(`refuses more than ${MAX_ATTACHMENTS_PER_PROJECT} per need`, async () => {
    const p = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const files = await Promise.all(Array.from({ length: MAX_ATTACHMENTS_PER_PROJECT + 1 }, () => pdf()));
    await expectDomainError(addAttachments(w.entA.user, p.id, files), { status: 409, code: "error.upload.tooMany" });
    expect(await db.projectAttachment.count({ where: { projectId: p.id } })).toBe(0);
  });
});

describe("removeAttachment", () => {
  it("removes the row and the file; a repeat changes nothing", async () => {
    const p = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const [a] = await addAttachments(w.entA.user, p.id, [await pdf()]);
    await expectDomainError(removeAttachment(w.entB.user, p.id, a.id), { status: 404 });
    expect(await removeAttachment(w.entA.user, p.id, a.id)).toEqual({ changed: true });
    expect(existsSync(resolveStoredPath(a.storedPath))).toBe(false);
    expect(await removeAttachment(w.entA.user, p.id, a.id)).toEqual({ changed: false });
    expect(await db.auditLog.count({ where: { entityId: p.id, action: "project.attachment.remove" } })).toBe(1);
  });

  it("does not remove another project's attachment through this one", async () => {
    const p1 = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const p2 = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const [a] = await addAttachments(w.entA.user, p2.id, [await pdf()]);
    await expectDomainError(removeAttachment(w.entA.user, p1.id, a.id), { status: 404 });
    expect(await db.projectAttachment.count({ where: { id: a.id } })).toBe(1);
  });
});

describe("getAttachmentForDownload", () => {
  it("follows project visibility: owner yes, other enterprise and orgs no while DRAFT; orgs once published", async () => {
    const p = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id, bidDeadline: new Date(Date.now() + 10 * 86400_000) });
    const [a] = await addAttachments(w.entA.user, p.id, [await pdf("规划.pdf")]);
    const own = await getAttachmentForDownload(w.entA.user, p.id, a.id);
    expect(own.fileName).toBe("规划.pdf");
    expect(Buffer.from(own.data).subarray(0, 5).toString()).toBe("%PDF-");
    await expectDomainError(getAttachmentForDownload(w.entB.user, p.id, a.id), { status: 404 });
    await expectDomainError(getAttachmentForDownload(w.orgX.user, p.id, a.id), { status: 404 });
    await db.project.update({ where: { id: p.id }, data: { state: "PUBLISHED" } });
    expect((await getAttachmentForDownload(w.orgX.user, p.id, a.id)).fileName).toBe("规划.pdf");
    await expectDomainError(getAttachmentForDownload(w.orgX.user, p.id, "nope"), { status: 404 });
  });
});

describe("projectTimeline", () => {
  it("lists state changes with who and reason for parties, roles only for other organizations", async () => {
    const p = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id });
    await fireTransition(w.broker, p.id, "return", { reason: "请补充服务对象人数说明" });
    const forOwner = await projectTimeline(w.entA.user, p.id);
    expect(forOwner.map((e) => [e.action, e.from, e.to])).toEqual([["return", "SUBMITTED", "DRAFT"]]);
    expect(forOwner[0].reason).toBe("请补充服务对象人数说明");
    expect(forOwner[0].actorName).toBeTruthy();
    await expectDomainError(projectTimeline(w.entB.user, p.id), { status: 404 });
    await expectDomainError(projectTimeline(w.orgX.user, p.id), { status: 404 });
  });
});
