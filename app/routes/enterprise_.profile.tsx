// ENTERPRISE: its own profile (USCC, industry, district, employees, whether a union is established,
// contact). Only the enterprise's own users; changes are audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { enterpriseFormValues, getEnterprise, updateOwnEnterprise } from "~/domain/enterprises.server";
import { enterpriseProfileSchema } from "~/domain/organizations.schema";
import { ContactSection, DistrictSelect, ProfileFooter, UsccField } from "~/components/accounts/AccountFields";
import { Alert } from "~/components/Alert";
import { Card } from "~/components/Card";
import { Checkbox, FormError, TextField } from "~/components/Field";
import { replyForDomainError } from "~/components/form-reply.server";
import { FormSection } from "~/components/FormSection";
import { PageHeader } from "~/components/PageHeader";
import { onlyRequired } from "~/components/registry/constraints";
import { districtOptions } from "~/components/registry/labels";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.enterprise.title");

const FIELDS = ["name", "uscc", "industry", "districtCode", "employees", "hasUnion", "contactName", "contactPhone", "address"] as const;

async function requireOwnEnterprise(request: Request) {
  const user = await requireRole(request, "ENTERPRISE");
  if (!user.enterpriseId) throw notFoundResponse();
  return { user, enterpriseId: user.enterpriseId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, enterpriseId } = await requireOwnEnterprise(request);
  const [e, refs] = await Promise.all([orRespond(getEnterprise(user, enterpriseId)), loadRefs()]);
  return { refs, defaults: enterpriseFormValues(e), updatedAt: e.updatedAt, uscc: e.uscc };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const { user, enterpriseId } = await requireOwnEnterprise(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: enterpriseProfileSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data({ result: submission.reply(), changed: null as number | null }, { status: 400 });
  try {
    const r = await updateOwnEnterprise(user, enterpriseId, submission.value);
    return { result: submission.reply(), changed: r.changed.length };
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { fields: FIELDS });
    if (!reply) throw e;
    return data({ result: reply.result, changed: null as number | null }, { status: reply.status });
  }
}

export default function EnterpriseProfile() {
  const { refs, defaults, updatedAt, uscc } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "enterprise-profile",
    lastResult: actionData?.result,
    defaultValue: defaults,
    constraint: onlyRequired(getZodConstraint(enterpriseProfileSchema), ["name", "uscc", "districtCode"]),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: enterpriseProfileSchema, disableAutoCoercion: true });
    },
  });

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("registry.enterprise.title")} description={t("registry.enterprise.subtitle")} eyebrow={<span className="font-mono">{uscc}</span>} />
      {actionData && actionData.changed !== null && (
        <Alert tone="success" className="mb-6">
          {t(actionData.changed > 0 ? "registry.profile.saved" : "registry.profile.unchanged")}
        </Alert>
      )}
      <Card>
        <Form method="post" className="space-y-8" {...getFormProps(form)}>
          <FormError id={form.errorId} errors={form.errors} />
          <FormSection legend={t("signup.section.organization")}>
            <TextField meta={fields.name} label={t("signup.field.companyName")} autoComplete="organization" className="sm:col-span-2" />
            <UsccField meta={fields.uscc} className="sm:col-span-2" />
            <TextField meta={fields.industry} label={t("signup.field.industry")} />
            <DistrictSelect meta={fields.districtCode} options={districtOptions(refs.districts, t.locale)} />
            <TextField meta={fields.employees} label={t("signup.field.employees")} type="number" min={0} inputMode="numeric" />
            <div className="sm:pt-7">
              <Checkbox meta={fields.hasUnion} label={t("signup.field.hasUnion")} />
            </div>
          </FormSection>
          <ContactSection name={fields.contactName} phone={fields.contactPhone} address={fields.address} />
          <ProfileFooter updatedAt={updatedAt} submitting={navigation.state === "submitting"} />
        </Form>
      </Card>
    </div>
  );
}
