// The need (project draft) form, shared by /projects/new and /projects/:id/edit. Multipart, so new
// attachments go with the same submission; fields are validated on the client with the domain schema
// and again on the server. Budget is typed in yuan; dates are Asia/Shanghai.
import type { ReactNode } from "react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/components/parse-form";
import { FUNDING_SOURCES, UNION_RULES, makeNeedSchema } from "~/domain/projects.schema";
import { useT } from "~/i18n/react";
import { Button } from "../Button";
import { Checkbox, Field, FormError, Select, TextField, Textarea, controlClasses } from "../Field";
import { FormSection } from "../FormSection";
import { refOptions, type RefOption } from "./labels";

export const NEED_FIELDS = [
  "title",
  "description",
  "categoryCode",
  "districtCode",
  "beneficiariesPlanned",
  "sessionsPlanned",
  "serviceStart",
  "serviceEnd",
  "budget",
  "fundingSource",
  "bidDeadline",
  "minGrade",
  "minYearsRegistered",
  "mustServeDistrict",
  "unionRule",
  "version",
  "files",
] as const;

/** Which fields are required (marks the labels; the schema is what decides). */
const NEED_CONSTRAINT = Object.fromEntries(
  ["title", "description", "categoryCode", "districtCode", "beneficiariesPlanned", "sessionsPlanned", "serviceStart", "serviceEnd", "budget", "fundingSource"].map(
    (k) => [k, { required: true }],
  ),
);

export const FILE_INPUT_CLASSES =
  "file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm file:font-medium file:text-slate-800";

export const ATTACHMENT_ACCEPT = "application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp";

export interface NeedFormProps {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string | undefined>;
  categories: RefOption[];
  districts: RefOption[];
  submitLabel: string;
  /** Extra content above the buttons (e.g. the current attachments). */
  attachmentsNote?: ReactNode;
  cancelHref: string;
}

export function NeedForm({ id, lastResult, defaultValue, categories, districts, submitLabel, attachmentsNote, cancelHref }: NeedFormProps) {
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formData?.get("intent") === "save";
  const [form, fields] = useForm({
    id,
    lastResult: lastResult ?? undefined,
    defaultValue,
    constraint: NEED_CONSTRAINT,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: makeNeedSchema(), disableAutoCoercion: true });
    },
  });
  const filesErrors = form.allErrors.files;

  return (
    <Form method="post" encType="multipart/form-data" className="space-y-8" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      {defaultValue?.version !== undefined && <input type="hidden" name="version" value={defaultValue.version} />}
      <FormError id={form.errorId} errors={form.errors} />

      <FormSection legend={t("need.section.basics")}>
        <TextField meta={fields.title} label={t("need.field.title")} hint={t("need.field.title.hint")} className="sm:col-span-2" maxLength={100} />
        <Textarea meta={fields.description} label={t("need.field.description")} hint={t("need.field.description.hint")} className="sm:col-span-2" rows={6} />
        <Select meta={fields.categoryCode} label={t("need.field.category")} options={refOptions(categories, t.locale)} placeholder={t("common.pleaseSelect")} />
        <Select meta={fields.districtCode} label={t("need.field.district")} options={refOptions(districts, t.locale)} placeholder={t("common.pleaseSelect")} />
        <TextField meta={fields.beneficiariesPlanned} label={t("need.field.beneficiaries")} type="number" inputMode="numeric" min={1} step={1} />
        <TextField meta={fields.sessionsPlanned} label={t("need.field.sessions")} type="number" inputMode="numeric" min={1} step={1} />
        <TextField meta={fields.serviceStart} label={t("need.field.serviceStart")} type="date" />
        <TextField meta={fields.serviceEnd} label={t("need.field.serviceEnd")} type="date" />
      </FormSection>

      <FormSection legend={t("need.section.money")}>
        <TextField
          meta={fields.budget}
          label={t("need.field.budget")}
          hint={t("need.field.budget.hint")}
          inputMode="decimal"
          autoComplete="off"
          placeholder="12800.00"
        />
        <Select
          meta={fields.fundingSource}
          label={t("need.field.fundingSource")}
          options={FUNDING_SOURCES.map((f) => ({ value: f, label: t(`funding.${f}`) }))}
          placeholder={t("common.pleaseSelect")}
        />
        <TextField
          meta={fields.bidDeadline}
          label={t("need.field.bidDeadline")}
          hint={t("need.field.bidDeadline.hint")}
          type="datetime-local"
          className="sm:col-span-2"
        />
      </FormSection>

      <FormSection legend={t("need.section.admission")} description={t("need.section.admission.hint")}>
        <Select
          meta={fields.minGrade}
          label={t("need.field.minGrade")}
          options={[1, 2, 3, 4, 5].map((g) => ({ value: String(g), label: t("need.minGrade.option", { n: g }) }))}
          placeholder={t("need.minGrade.none")}
        />
        <TextField
          meta={fields.minYearsRegistered}
          label={t("need.field.minYears")}
          hint={t("need.field.minYears.hint")}
          type="number"
          inputMode="numeric"
          min={0}
          max={50}
          step={1}
        />
        <Select
          meta={fields.unionRule}
          label={t("need.field.unionRule")}
          options={UNION_RULES.map((r) => ({ value: r, label: t(`unionRule.${r}`) }))}
          className="sm:col-span-2"
        />
        <Checkbox meta={fields.mustServeDistrict} label={t("need.field.mustServeDistrict")} className="sm:col-span-2" />
      </FormSection>

      <FormSection legend={t("need.section.attachments")} description={t("need.section.attachments.hint")}>
        {attachmentsNote && <div className="sm:col-span-2">{attachmentsNote}</div>}
        <Field
          id={`${id}-files`}
          label={t("need.field.files")}
          hint={t("need.field.files.hint")}
          hintId={`${id}-files-hint`}
          errors={filesErrors}
          errorId={`${id}-files-error`}
          className="sm:col-span-2"
        >
          <input
            id={`${id}-files`}
            name="files"
            type="file"
            multiple
            accept={ATTACHMENT_ACCEPT}
            aria-invalid={filesErrors?.length ? true : undefined}
            aria-describedby={`${id}-files-hint ${id}-files-error`}
            className={`${controlClasses} ${filesErrors?.length ? "border-red-600" : "border-slate-400"} ${FILE_INPUT_CLASSES}`}
          />
        </Field>
      </FormSection>

      <div className="flex flex-col-reverse gap-3 border-t border-slate-200 pt-6 sm:flex-row sm:items-center sm:justify-end">
        <Link to={cancelHref} className="text-center text-sm font-medium text-slate-700 underline underline-offset-2 sm:mr-auto">
          {t("common.cancel")}
        </Link>
        <Button type="submit" size="lg" pending={submitting} disabled={submitting} pendingLabel={t("need.saving")}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}
