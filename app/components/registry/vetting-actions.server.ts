// The vetting decisions a broker posts from the vetting queue and from an org's detail page: approve,
// reject, request documents, suspend, reinstate (app/domain/vetting.server.ts), and approve/reject the
// registration changes an approved org asked for (reviewPendingChanges). One parser for both pages.
import { z } from "zod";
import { db } from "~/db.server";
import { isDomainError } from "~/domain/errors";
import { reviewPendingChanges, type DomainActor } from "~/domain/organizations.server";
import { ORG_LIMITS } from "~/domain/organizations.schema";
import { applyVettingAction, VETTING_ACTIONS, type VettingIntent } from "~/domain/vetting.server";
import { tx, type Locale } from "~/i18n";

export const VETTING_FORM_INTENTS = ["approve", "reject", "requestDocuments", "suspend", "reinstate", "approveChanges", "rejectChanges"] as const;
export type VettingFormIntent = (typeof VETTING_FORM_INTENTS)[number];

export interface VettingReply {
  form: "vetting";
  ok: boolean;
  orgId: string;
  intent: VettingFormIntent;
  /** Translated text for the page (success or form-level error). */
  message: string;
  /** The reason as typed (kept on error). */
  reason: string;
  reasonError?: string;
}

const schema = z.object({
  orgId: z.string().min(1).max(64),
  intent: z.enum(VETTING_FORM_INTENTS),
  reason: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().max(ORG_LIMITS.reason, "error.tooLong")),
});

export function isVettingIntent(v: FormDataEntryValue | null): v is VettingFormIntent {
  return typeof v === "string" && (VETTING_FORM_INTENTS as readonly string[]).includes(v);
}

export function reasonRequired(intent: VettingFormIntent): boolean {
  if (intent === "approveChanges") return false;
  if (intent === "rejectChanges") return true;
  return VETTING_ACTIONS[intent].reasonRequired;
}

/**
 * Runs the posted vetting decision. `restrictToOrg` (the detail page) refuses an orgId other than the
 * page's. Returns the reply and its HTTP status; non-domain errors are rethrown.
 */
export async function handleVettingForm(
  actor: DomainActor,
  formData: FormData,
  locale: Locale,
  restrictToOrg?: string,
): Promise<{ reply: VettingReply; status: number }> {
  const parsed = schema.safeParse({ orgId: formData.get("orgId"), intent: formData.get("intent"), reason: formData.get("reason") });
  const rawReason = typeof formData.get("reason") === "string" ? String(formData.get("reason")) : "";
  const base = { form: "vetting" as const, orgId: String(formData.get("orgId") ?? ""), intent: (formData.get("intent") ?? "approve") as VettingFormIntent, reason: rawReason };
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.path[0] === "reason");
    return {
      reply: { ...base, ok: false, message: tx(locale, "error.invalidInput"), reasonError: tooLong ? tx(locale, "error.tooLong") : undefined },
      status: 400,
    };
  }
  const { orgId, intent } = parsed.data;
  const reason = parsed.data.reason.trim();
  if (restrictToOrg && orgId !== restrictToOrg) return { reply: { ...base, ok: false, message: tx(locale, "error.notFound") }, status: 404 };
  if (reasonRequired(intent) && !reason) {
    return { reply: { ...base, ok: false, message: tx(locale, "registry.vetting.reasonMissing"), reasonError: tx(locale, "error.required") }, status: 400 };
  }
  try {
    let withdrawn = 0;
    if (intent === "approveChanges" || intent === "rejectChanges") {
      await reviewPendingChanges(actor, orgId, intent === "approveChanges", reason || null);
    } else {
      const r = await applyVettingAction(actor, orgId, intent as VettingIntent, reason || null);
      withdrawn = r.withdrawnBids;
    }
    const org = await db.organization.findUnique({ where: { id: orgId }, select: { name: true } });
    const message = tx(locale, `registry.vetting.done.${intent}`, { name: org?.name ?? "", count: withdrawn });
    return { reply: { ...base, ok: true, message, reason: "" }, status: 200 };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const message = e.params ? tx(locale, e.code, e.params) : tx(locale, e.code);
    return { reply: { ...base, ok: false, message, reasonError: e.field === "reason" ? message : undefined }, status: e.status };
  }
}
