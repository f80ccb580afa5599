// The joint-meeting form (schedule and edit): title, level (city / district + district), date and time
// (Asia/Shanghai wall clock), place, agenda.
import { Form, useNavigation } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";
import { meetingSchema } from "~/domain/organizations.schema";
import { useT } from "~/i18n/react";
import { Button } from "~/components/Button";
import { FormError, Select, Textarea, TextField } from "~/components/Field";
import { districtOptions, type NamedRef } from "./labels";

export function MeetingForm({
  id,
  intent,
  lastResult,
  defaultValue,
  districts,
  submitLabel,
}: {
  id: string;
  intent: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string>;
  districts: NamedRef[];
  submitLabel: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const [form, fields] = useForm({
    id,
    lastResult: lastResult ?? undefined,
    defaultValue: defaultValue ?? { level: "CITY" },
    constraint: getZodConstraint(meetingSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: meetingSchema, disableAutoCoercion: true });
    },
  });
  return (
    <Form method="post" className="space-y-5" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <FormError id={form.errorId} errors={form.errors} />
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <TextField meta={fields.title} label={t("registry.meetings.field.title")} className="sm:col-span-2" />
        <Select
          meta={fields.level}
          label={t("registry.meetings.field.level")}
          options={[
            { value: "CITY", label: t("registry.meetings.level.CITY") },
            { value: "DISTRICT", label: t("registry.meetings.level.DISTRICT") },
          ]}
        />
        <Select
          meta={fields.districtCode}
          label={t("registry.meetings.field.district")}
          hint={t("registry.meetings.field.district.hint")}
          options={districtOptions(districts, t.locale)}
          placeholder={t("common.pleaseSelect")}
        />
        <TextField meta={fields.scheduledAt} label={t("registry.meetings.field.scheduledAt")} hint={t("registry.meetings.field.scheduledAt.hint")} type="datetime-local" />
        <TextField meta={fields.place} label={t("registry.meetings.field.place")} />
        <Textarea meta={fields.agenda} label={t("registry.meetings.field.agenda")} rows={4} className="sm:col-span-2" />
      </div>
      <Button type="submit" pending={submitting}>
        {submitLabel}
      </Button>
    </Form>
  );
}
