// The broker's lifecycle action forms on a project page: publish (bid deadline), transitions that need
// a reason (return, reject, cancel, declare unsuccessful, unbundle) and plain confirmations (close
// bidding, close). Each form posts `intent` to the page's own action; the one that failed shows its
// errors (and stays open) with the user's input kept.
import { Form, useNavigation } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";
import type { z } from "zod";
import { Button, type ButtonVariant } from "~/components/Button";
import { FormError, TextField, Textarea } from "~/components/Field";
import { useT } from "~/i18n/react";
import type { MessageKey } from "~/i18n";
import { emptySchema, publishFormSchema, reasonSchema, unbundleSchema } from "./schemas";
import { shanghaiInputValue } from "./labels";

export interface LastReply {
  intent: string | null;
  result: SubmissionResult<string[]> | null;
}

function usePendingIntent(intent: string): boolean {
  const nav = useNavigation();
  return nav.state === "submitting" && nav.formData?.get("intent") === intent;
}

export function PublishForm({ last, proposed }: { last?: LastReply; proposed: Date | string | null }) {
  const t = useT();
  const pending = usePendingIntent("publish");
  const [form, fields] = useForm({
    id: "tr-publish",
    lastResult: last?.intent === "publish" ? last.result : undefined,
    constraint: getZodConstraint(publishFormSchema),
    defaultValue: { bidDeadline: shanghaiInputValue(proposed) },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: publishFormSchema, disableAutoCoercion: true }),
  });
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="publish" />
      <FormError id={form.errorId} errors={form.errors} />
      <TextField
        meta={fields.bidDeadline}
        type="datetime-local"
        label={t("broker.publish.deadline")}
        hint={proposed ? t("broker.publish.deadline.hintProposed") : t("broker.publish.deadline.hint")}
        className="max-w-sm"
      />
      <Button type="submit" pending={pending} pendingLabel={t("broker.submitting")}>
        {t("transition.publish.label")}
      </Button>
    </Form>
  );
}

const REASON_HINT: Partial<Record<string, MessageKey>> = {
  return: "broker.reason.hint.return",
  reject: "broker.reason.hint.reject",
  cancel: "broker.reason.hint.cancel",
  declare_unsuccessful: "broker.reason.hint.unsuccessful",
  unbundle: "broker.reason.hint.unbundle",
};

/** A transition with a written reason, in a disclosure that opens by itself when it has errors. */
export function ReasonForm({
  intent,
  label,
  description,
  last,
  variant = "secondary",
  optional = false,
  inline = false,
}: {
  intent: string;
  label: string;
  description?: string;
  last?: LastReply;
  variant?: ButtonVariant;
  /** Unbundle: the reason may be left empty. */
  optional?: boolean;
  /** Render the form directly (inside a card of its own) instead of in a disclosure. */
  inline?: boolean;
}) {
  const t = useT();
  const pending = usePendingIntent(intent);
  const schema: z.ZodTypeAny = optional ? unbundleSchema : reasonSchema;
  const mine = last?.intent === intent ? last.result : undefined;
  const [form, fields] = useForm({
    id: `tr-${intent}`,
    lastResult: mine,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, disableAutoCoercion: true }),
  });
  const hint = REASON_HINT[intent];
  const body = (
    <>
      {description && <p className="mb-3 text-sm text-slate-700">{description}</p>}
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={intent} />
        <FormError id={form.errorId} errors={form.errors} />
        <Textarea
          meta={fields.reason}
          label={optional ? t("broker.reason.labelOptional") : t("broker.reason.label")}
          hint={hint ? t(hint) : undefined}
          rows={3}
        />
        <Button type="submit" variant={variant} pending={pending} pendingLabel={t("broker.submitting")}>
          {label}
        </Button>
      </Form>
    </>
  );
  if (inline) return <div>{body}</div>;
  return (
    <details className="group rounded-lg border border-slate-200 bg-white" open={!!mine || undefined}>
      <summary className="lb-summary flex cursor-pointer items-center justify-between gap-3 px-4 py-3 font-medium text-slate-900">
        <span>{label}</span>
        <span aria-hidden="true" className="text-slate-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="border-t border-slate-200 px-4 py-4">{body}</div>
    </details>
  );
}

/** A transition without input: one button (with a short explanation). */
export function ConfirmForm({ intent, label, description, last }: { intent: string; label: string; description?: string; last?: LastReply }) {
  const pending = usePendingIntent(intent);
  const t = useT();
  const [form] = useForm({
    id: `tr-${intent}`,
    lastResult: last?.intent === intent ? last.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: emptySchema, disableAutoCoercion: true }),
  });
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <FormError id={form.errorId} errors={form.errors} />
      {description && <p className="text-sm text-slate-700">{description}</p>}
      <Button type="submit" variant="secondary" pending={pending} pendingLabel={t("broker.submitting")}>
        {label}
      </Button>
    </Form>
  );
}
