// Need attachments (ProjectAttachment) and delivery evidence downloads. The files themselves are stored
// by uploads.server.ts (type checked by content, ≤ 10 MB); this module records and removes the rows with
// ownership checks and an audit record, and answers "may this actor download this file?".
//   - add / remove: only a user of the enterprise that owns the need, only while it is a DRAFT.
//   - download: whoever may see the project (projects.server canSee; anyone else 404).
//   - evidence of a delivery report: the parties that may read the report (owner enterprise, broker,
//     admin, the awarded organization); anyone else 404.
import { db } from "~/db.server";
import type { ProjectAttachment } from "~/generated/sqlite/client";
import { writeAudit } from "./audit.server";
import { DomainError, conflict, forbidden, notFound } from "./errors";
import { transaction } from "./notifications.server";
import { getProjectForActor, loadVisibleProject, type Actor, type LoadedProject } from "./projects.server";
import { deleteStoredFile, readStoredFile, type StoredFile } from "./uploads.server";

/** At most this many attachments per need. */
export const MAX_ATTACHMENTS_PER_PROJECT = 10;

function assertOwnDraft(actor: Actor, p: LoadedProject): void {
  if (actor.role !== "ENTERPRISE" || !actor.enterpriseId || p.isBundle || p.enterpriseId !== actor.enterpriseId) throw forbidden();
  if (p.state !== "DRAFT") throw conflict("error.project.notDraft", undefined, { state: p.state });
}

/**
 * Records already stored files as attachments of the actor's own DRAFT need (one transaction, one
 * audit record per file). On any refusal the stored files are deleted, so nothing is left behind.
 */
export async function addAttachments(actor: Actor, projectId: string, files: readonly StoredFile[]): Promise<ProjectAttachment[]> {
  if (files.length === 0) return [];
  try {
    return await transaction(async (tx) => {
      const p = await loadVisibleProject(tx, actor, projectId);
      assertOwnDraft(actor, p);
      const existing = await tx.projectAttachment.count({ where: { projectId: p.id } });
      if (existing + files.length > MAX_ATTACHMENTS_PER_PROJECT) {
        throw new DomainError(409, "error.upload.tooMany", { field: "files", params: { max: MAX_ATTACHMENTS_PER_PROJECT } });
      }
      const rows: ProjectAttachment[] = [];
      for (const f of files) {
        const row = await tx.projectAttachment.create({
          data: { projectId: p.id, fileName: f.fileName, storedPath: f.storedPath, mime: f.mime, size: f.size, sha256: f.sha256, uploadedById: actor.id },
        });
        await writeAudit(tx, {
          actorId: actor.id,
          actorRole: actor.role,
          action: "project.attachment.add",
          entityType: "Project",
          entityId: p.id,
          after: { attachmentId: row.id, fileName: row.fileName, mime: row.mime, size: row.size, sha256: row.sha256 },
        });
        rows.push(row);
      }
      return rows;
    });
  } catch (e) {
    await Promise.all(files.map((f) => deleteStoredFile(f.storedPath)));
    throw e;
  }
}

/**
 * Removes one attachment of the actor's own DRAFT need. Removing one that is already gone (double
 * click) is not an error: returns { changed: false }.
 */
export async function removeAttachment(actor: Actor, projectId: string, attachmentId: string): Promise<{ changed: boolean }> {
  if (typeof attachmentId !== "string" || !attachmentId || attachmentId.length > 64) throw notFound();
  const removed = await transaction(async (tx) => {
    const p = await loadVisibleProject(tx, actor, projectId);
    assertOwnDraft(actor, p);
    const a = await tx.projectAttachment.findUnique({ where: { id: attachmentId } });
    if (!a) return null;
    if (a.projectId !== p.id) throw notFound();
    await tx.projectAttachment.delete({ where: { id: a.id } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "project.attachment.remove",
      entityType: "Project",
      entityId: p.id,
      before: { attachmentId: a.id, fileName: a.fileName, mime: a.mime, size: a.size, sha256: a.sha256 },
    });
    return a;
  });
  if (!removed) return { changed: false };
  await deleteStoredFile(removed.storedPath); // after the commit: a rollback never loses the file
  return { changed: true };
}

export interface DownloadableFile {
  fileName: string;
  mime: string;
  data: Buffer;
}

/** An attachment of a project the actor may see (404 otherwise, also for another project's attachment). */
export async function getAttachmentForDownload(actor: Actor, projectId: string, attachmentId: string): Promise<DownloadableFile> {
  if (typeof attachmentId !== "string" || !attachmentId || attachmentId.length > 64) throw notFound();
  const p = await loadVisibleProject(db, actor, projectId);
  const a = await db.projectAttachment.findUnique({ where: { id: attachmentId } });
  if (!a || a.projectId !== p.id) throw notFound();
  const { data } = await readStoredFile(a.storedPath);
  return { fileName: a.fileName, mime: a.mime, data };
}

interface EvidenceJson {
  fileName?: unknown;
  storedPath?: unknown;
  mime?: unknown;
}

/** The index-th evidence file of a delivery report the actor may read (404 otherwise). */
export async function getEvidenceForDownload(actor: Actor, projectId: string, reportId: string, index: number): Promise<DownloadableFile> {
  if (!Number.isSafeInteger(index) || index < 0 || index > 100) throw notFound();
  const detail = await getProjectForActor(actor, projectId);
  const report = detail.deliveryReports.find((r) => r.id === reportId);
  const evidence = Array.isArray(report?.evidence) ? (report.evidence as EvidenceJson[]) : [];
  const file = evidence[index];
  if (!file || typeof file.storedPath !== "string" || typeof file.fileName !== "string") throw notFound();
  const { data } = await readStoredFile(file.storedPath);
  return { fileName: file.fileName, mime: typeof file.mime === "string" ? file.mime : "application/octet-stream", data };
}
