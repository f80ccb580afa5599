// The broker's vetting buttons for one organization. "Approve" (and "approve changes") post at once; the
// decisions that need a reason open a small form first (a <details>, so it works without JavaScript).
// After a failed post the form of that decision is open again with the reason kept and the error shown.
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import type { MessageKey } from "~/i18n";
import { Button, type ButtonVariant } from "~/components/Button";
import { controlClasses } from "~/components/Field";
import { cx } from "~/components/cx";

export type VettingButtonIntent = "approve" | "reject" | "requestDocuments" | "suspend" | "reinstate" | "approveChanges" | "rejectChanges";

export interface VettingReplyView {
  ok: boolean;
  orgId: string;
  intent: string;
  message: string;
  reason: string;
  reasonError?: string;
}

const LABEL: Record<VettingButtonIntent, MessageKey> = {
  approve: "registry.vetting.action.approve",
  reject: "registry.vetting.action.reject",
  requestDocuments: "registry.vetting.action.requestDocuments",
  suspend: "registry.vetting.action.suspend",
  reinstate: "registry.vetting.action.reinstate",
  approveChanges: "registry.vetting.action.approveChanges",
  rejectChanges: "registry.vetting.action.rejectChanges",
};

const VARIANT: Record<VettingButtonIntent, ButtonVariant> = {
  approve: "primary",
  reject: "danger",
  requestDocuments: "secondary",
  suspend: "danger",
  reinstate: "primary",
  approveChanges: "primary",
  rejectChanges: "danger",
};

const NEEDS_REASON: Record<VettingButtonIntent, boolean> = {
  approve: false,
  reject: true,
  requestDocuments: true,
  suspend: true,
  reinstate: true,
  approveChanges: false,
  rejectChanges: true,
};

function ReasonForm({ orgId, orgName, intent, reply, action }: { orgId: string; orgName: string; intent: VettingButtonIntent; reply?: VettingReplyView | null; action?: string }) {
  const t = useT();
  const navigation = useNavigation();
  const mine = reply && !reply.ok && reply.orgId === orgId && reply.intent === intent ? reply : null;
  const busy = navigation.state === "submitting" && navigation.formData?.get("orgId") === orgId && navigation.formData?.get("intent") === intent;
  const id = `reason-${intent}-${orgId}`;
  return (
    <details className="group w-full sm:w-auto" open={!!mine}>
      <summary className={cx("lb-summary list-none", "cursor-pointer")}>
        <span className={cx("inline-flex items-center gap-1 rounded-md border px-3 py-1.5 text-sm font-medium shadow-sm", VARIANT[intent] === "danger" ? "border-red-300 bg-white text-red-800 hover:bg-red-50" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100")}>
          {t(LABEL[intent])}
          <span aria-hidden="true" className="text-xs transition-transform group-open:rotate-180">
            ▾
          </span>
        </span>
      </summary>
      <Form method="post" action={action} className="mt-2 w-full space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 sm:w-96">
        <input type="hidden" name="orgId" value={orgId} />
        <input type="hidden" name="intent" value={intent} />
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {t(`registry.vetting.reason.${intent}` as MessageKey)}
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        </label>
        <textarea
          id={id}
          name="reason"
          rows={3}
          required
          maxLength={1000}
          defaultValue={mine?.reason ?? ""}
          aria-invalid={mine?.reasonError ? true : undefined}
          aria-describedby={mine ? `${id}-error` : undefined}
          className={cx(controlClasses, mine?.reasonError ? "border-red-600 bg-red-50/40" : "border-slate-400")}
        />
        {mine && (
          <p id={`${id}-error`} className="text-sm font-medium text-red-700" role="alert">
            <span aria-hidden="true">⚠ </span>
            {mine.reasonError ?? mine.message}
          </p>
        )}
        <Button type="submit" size="sm" variant={VARIANT[intent]} pending={busy} aria-label={t("registry.vetting.confirmNamed", { action: t("registry.vetting.confirm", { action: t(LABEL[intent]) }), name: orgName })}>
          {t("registry.vetting.confirm", { action: t(LABEL[intent]) })}
        </Button>
      </Form>
    </details>
  );
}

export function VettingActions({
  orgId,
  orgName,
  intents,
  reply,
  action,
  extra,
}: {
  orgId: string;
  orgName: string;
  intents: VettingButtonIntent[];
  reply?: VettingReplyView | null;
  /** Post to another route (default: the current one). */
  action?: string;
  extra?: ReactNode;
}) {
  const t = useT();
  const navigation = useNavigation();
  const immediate = intents.filter((i) => !NEEDS_REASON[i]);
  const withReason = intents.filter((i) => NEEDS_REASON[i]);
  const doneKey = reply && reply.ok && reply.orgId === orgId ? `${reply.intent}:${reply.message}` : "";
  const failedImmediate = reply && !reply.ok && reply.orgId === orgId && immediate.includes(reply.intent as VettingButtonIntent) ? reply : null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        {immediate.map((intent) => (
          <Form key={intent} method="post" action={action}>
            <input type="hidden" name="orgId" value={orgId} />
            <input type="hidden" name="intent" value={intent} />
            <Button
              type="submit"
              size="sm"
              variant={VARIANT[intent]}
              pending={navigation.state === "submitting" && navigation.formData?.get("orgId") === orgId && navigation.formData?.get("intent") === intent}
              aria-label={t("registry.vetting.confirmNamed", { action: t(LABEL[intent]), name: orgName })}
            >
              {t(LABEL[intent])}
            </Button>
          </Form>
        ))}
        {withReason.map((intent) => (
          // A new key after this org's decision succeeded: the form closes and its reason is cleared.
          <ReasonForm key={`${intent}-${doneKey}`} orgId={orgId} orgName={orgName} intent={intent} reply={reply} action={action} />
        ))}
        {extra}
      </div>
      {failedImmediate && (
        <p className="text-sm font-medium text-red-700" role="alert">
          <span aria-hidden="true">⚠ </span>
          {failedImmediate.message}
        </p>
      )}
    </div>
  );
}
