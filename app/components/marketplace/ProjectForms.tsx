// The forms of the project page: a reason form (cancel, dispute), the bid form, the delivery report and
// the rating. Each posts to the project page's action with an `intent`; each button is disabled while
// its own submission runs (a second click is harmless anyway: the domain is idempotent).
import type { ReactNode } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { getCollectionProps, getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/components/parse-form";
import { bidSchema } from "~/domain/bids.schema";
import { makeDeliveryReportSchema, ratingSchema, reasonSchema } from "~/domain/projects.schema";
import { useT } from "~/i18n/react";
import { Button, type ButtonVariant } from "../Button";
import { Field, FieldErrors, FormError, TextField, Textarea, controlClasses } from "../Field";
import { cx } from "../cx";
import { ATTACHMENT_ACCEPT, FILE_INPUT_CLASSES } from "./NeedForm";

type Result = SubmissionResult<string[]> | null | undefined;

const required = (...names: string[]) => Object.fromEntries(names.map((k) => [k, { required: true }]));

/** True while a submission with this intent (and transition name) is running. */
export function useSubmitting(intent: string, name?: string): boolean {
  const navigation = useNavigation();
  if (navigation.state === "idle" || !navigation.formData) return false;
  if (navigation.formData.get("intent") !== intent) return false;
  return name === undefined || navigation.formData.get("name") === name;
}

/** A one-button form firing a transition without input (submit, accept, start delivery). */
export function TransitionButton({ name, label, variant = "primary", hint }: { name: string; label: string; variant?: ButtonVariant; hint?: ReactNode }) {
  const t = useT();
  const busy = useSubmitting("transition", name);
  return (
    <Form method="post" className="space-y-1.5">
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="name" value={name} />
      <Button type="submit" variant={variant} className="w-full" pending={busy} disabled={busy} pendingLabel={t("common.working")}>
        {label}
      </Button>
      {hint && <p className="text-sm text-slate-600">{hint}</p>}
    </Form>
  );
}

/** A transition that needs a written reason (cancel, dispute). */
export function ReasonForm({
  id,
  name,
  lastResult,
  label,
  reasonLabel,
  hint,
  variant = "danger",
}: {
  id: string;
  name: string;
  lastResult: Result;
  label: string;
  reasonLabel: string;
  hint?: string;
  variant?: ButtonVariant;
}) {
  const t = useT();
  const busy = useSubmitting("transition", name);
  const [form, fields] = useForm({
    id,
    lastResult: lastResult ?? undefined,
    constraint: required("reason"),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: reasonSchema, disableAutoCoercion: true });
    },
  });
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="name" value={name} />
      <FormError id={form.errorId} errors={form.errors} />
      <Textarea meta={fields.reason} label={reasonLabel} hint={hint} rows={3} />
      <Button type="submit" variant={variant} className="w-full" pending={busy} disabled={busy} pendingLabel={t("common.working")}>
        {label}
      </Button>
    </Form>
  );
}

export interface BidDefaults {
  amount: string;
  overBudgetReason: string;
  plan: string;
  timeline: string;
  team: string;
}

export function BidForm({ lastResult, defaultValue, budgetLabel, editing }: { lastResult: Result; defaultValue?: BidDefaults; budgetLabel: string; editing: boolean }) {
  const t = useT();
  const busy = useSubmitting("bid");
  const [form, fields] = useForm({
    id: "bid",
    lastResult: lastResult ?? undefined,
    defaultValue,
    constraint: required("amount", "plan", "timeline", "team"),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: bidSchema, disableAutoCoercion: true });
    },
  });
  return (
    <Form method="post" className="space-y-5" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="bid" />
      <FormError id={form.errorId} errors={form.errors} />
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <TextField
          meta={fields.amount}
          label={t("bid.field.amount")}
          hint={t("bid.field.amount.hint", { budget: budgetLabel })}
          inputMode="decimal"
          autoComplete="off"
        />
        <TextField meta={fields.overBudgetReason} label={t("bid.field.overBudgetReason")} hint={t("bid.field.overBudgetReason.hint")} />
        <Textarea meta={fields.plan} label={t("bid.field.plan")} hint={t("bid.field.plan.hint")} rows={6} className="sm:col-span-2" />
        <Textarea meta={fields.timeline} label={t("bid.field.timeline")} hint={t("bid.field.timeline.hint")} rows={3} />
        <Textarea meta={fields.team} label={t("bid.field.team")} hint={t("bid.field.team.hint")} rows={3} />
      </div>
      <Button type="submit" size="lg" className="w-full sm:w-auto" pending={busy} disabled={busy} pendingLabel={t("common.working")}>
        {editing ? t("bid.update") : t("bid.submit")}
      </Button>
    </Form>
  );
}

export function WithdrawBidButton() {
  const t = useT();
  const busy = useSubmitting("withdraw");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="withdraw" />
      <Button type="submit" variant="secondary" pending={busy} disabled={busy} pendingLabel={t("common.working")}>
        {t("bid.withdraw")}
      </Button>
    </Form>
  );
}

export function DeliveryReportForm({ lastResult, defaultValue }: { lastResult: Result; defaultValue?: Record<string, string> }) {
  const t = useT();
  const busy = useSubmitting("deliver");
  const [form, fields] = useForm({
    id: "deliver",
    lastResult: lastResult ?? undefined,
    defaultValue,
    constraint: required("beneficiariesActual", "sessionsHeld", "startDate", "endDate", "summary"),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: makeDeliveryReportSchema(), disableAutoCoercion: true });
    },
  });
  const fileErrors = form.allErrors.evidenceFiles;
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-5" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="deliver" />
      <FormError id={form.errorId} errors={form.errors} />
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <TextField meta={fields.beneficiariesActual} label={t("delivery.field.beneficiaries")} type="number" inputMode="numeric" min={0} step={1} />
        <TextField meta={fields.sessionsHeld} label={t("delivery.field.sessions")} type="number" inputMode="numeric" min={0} step={1} />
        <TextField meta={fields.startDate} label={t("delivery.field.startDate")} type="date" />
        <TextField meta={fields.endDate} label={t("delivery.field.endDate")} type="date" />
        <Textarea meta={fields.summary} label={t("delivery.field.summary")} hint={t("delivery.field.summary.hint")} rows={5} className="sm:col-span-2" />
        <Field
          id="deliver-evidence"
          label={t("delivery.field.evidence")}
          hint={t("delivery.field.evidence.hint")}
          hintId="deliver-evidence-hint"
          errors={fileErrors}
          errorId="deliver-evidence-error"
          className="sm:col-span-2"
        >
          <input
            id="deliver-evidence"
            name="evidenceFiles"
            type="file"
            multiple
            accept={ATTACHMENT_ACCEPT}
            aria-invalid={fileErrors?.length ? true : undefined}
            aria-describedby="deliver-evidence-hint deliver-evidence-error"
            className={cx(controlClasses, fileErrors?.length ? "border-red-600" : "border-slate-400", FILE_INPUT_CLASSES)}
          />
        </Field>
      </div>
      <Button type="submit" size="lg" className="w-full sm:w-auto" pending={busy} disabled={busy} pendingLabel={t("common.working")}>
        {t("transition.file_delivery.label")}
      </Button>
    </Form>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function ScoreScale({ meta, legend }: { meta: FieldMetadata<any, any, string[]>; legend: string }) {
  const t = useT();
  const invalid = !!meta.errors?.length;
  const items = getCollectionProps(meta, { type: "radio", options: ["1", "2", "3", "4", "5"], ariaAttributes: false });
  return (
    <fieldset className="min-w-0" aria-describedby={invalid ? meta.errorId : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">
        {legend}
        <span aria-hidden="true" className="ml-0.5 text-red-700">
          *
        </span>
      </legend>
      <div className={cx("flex flex-wrap gap-2 rounded-md border p-2", invalid ? "border-red-600 bg-red-50/40" : "border-slate-300 bg-white")}>
        {items.map(({ key, ...props }) => (
          <label
            key={key}
            htmlFor={props.id}
            className="flex min-w-11 cursor-pointer items-center justify-center gap-1 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-medium has-[:checked]:border-brand-700 has-[:checked]:bg-brand-700 has-[:checked]:text-white has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-blue-600"
          >
            <input {...props} required={false} className="sr-only" />
            <span>{props.value}</span>
            <span className="sr-only">{t("rating.points")}</span>
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

export function RatingForm({ lastResult }: { lastResult: Result }) {
  const t = useT();
  const busy = useSubmitting("rate");
  const [form, fields] = useForm({
    id: "rate",
    lastResult: lastResult ?? undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: ratingSchema, disableAutoCoercion: true });
    },
  });
  return (
    <Form method="post" className="space-y-5" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="rate" />
      <FormError id={form.errorId} errors={form.errors} />
      <p className="text-sm text-slate-700">{t("rating.scaleHint")}</p>
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <ScoreScale meta={fields.quality} legend={t("rating.quality")} />
        <ScoreScale meta={fields.timeliness} legend={t("rating.timeliness")} />
        <ScoreScale meta={fields.professionalism} legend={t("rating.professionalism")} />
        <ScoreScale meta={fields.workerResponse} legend={t("rating.workerResponse")} />
      </div>
      <Textarea meta={fields.comment} label={t("rating.comment")} rows={3} />
      <Button type="submit" pending={busy} disabled={busy} pendingLabel={t("common.working")}>
        {t("rating.submit")}
      </Button>
    </Form>
  );
}
