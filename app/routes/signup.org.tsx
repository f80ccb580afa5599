import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { createUserSession } from "~/auth/session.server";
import { db } from "~/db.server";
import { registerOrganization } from "~/domain/accounts.server";
import { signupOrgSchema } from "~/domain/accounts.schema";
import { clientIp } from "~/domain/ratelimit.server";
import { ContactSection, DistrictSelect, SignupAccountSection, SignupFooter, SignupHeader, UsccField } from "~/components/accounts/AccountFields";
import { Alert } from "~/components/Alert";
import { Card } from "~/components/Card";
import { CheckboxGroup, FormError, TextField } from "~/components/Field";
import { FormSection } from "~/components/FormSection";
import { replyForDomainError } from "~/components/form-reply.server";
import { categoryOptions, districtOptions } from "~/components/registry/labels";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signup.org.title");

const FIELDS = ["name", "uscc", "registeringAuthority", "districtCode", "categories", "contactName", "phone", "email", "password", "confirm"] as const;
const HIDDEN = ["password", "confirm"];

export async function loader(_args: LoaderFunctionArgs) {
  const [districts, categories] = await Promise.all([
    db.district.findMany({
      select: { code: true, nameZh: true, nameEn: true },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    }),
    db.category.findMany({
      select: { code: true, nameZh: true, nameEn: true },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    }),
  ]);
  return { districts, categories };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: signupOrgSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: HIDDEN }), { status: 400 });
  }
  try {
    const { userId } = await registerOrganization(submission.value, { ip: clientIp(request, context) });
    const cookie = await createUserSession(userId, request);
    // The welcome page and the shell both show the 待审核 notice for a PENDING organization.
    return redirect("/?welcome=1", { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { hideFields: HIDDEN, fields: FIELDS });
    if (!reply) throw e;
    return data(reply.result, { status: reply.status });
  }
}

export default function SignupOrg() {
  const { districts, categories } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";

  const [form, fields] = useForm({
    id: "signup-org",
    lastResult,
    constraint: getZodConstraint(signupOrgSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: signupOrgSchema });
    },
  });

  return (
    <div className="mx-auto max-w-3xl">
      <SignupHeader title={t("signup.org.title")} description={t("signup.org.subtitle")} />
      <Alert tone="info" title={t("vetting.notice.PENDING.title")} className="mb-6" role="note">
        {t("vetting.notice.PENDING.body")}
      </Alert>
      <Card>
        <Form method="post" className="space-y-8" {...getFormProps(form)}>
          <FormError id={form.errorId} errors={form.errors} />
          <FormSection legend={t("signup.section.organization")}>
            <TextField meta={fields.name} label={t("signup.field.orgName")} autoComplete="organization" className="sm:col-span-2" />
            <UsccField meta={fields.uscc} className="sm:col-span-2" />
            <TextField
              meta={fields.registeringAuthority}
              label={t("signup.field.registeringAuthority")}
              hint={t("signup.field.registeringAuthority.hint")}
            />
            <DistrictSelect meta={fields.districtCode} options={districtOptions(districts, t.locale)} />
            <CheckboxGroup
              meta={fields.categories}
              legend={t("signup.field.categories")}
              hint={t("signup.field.categories.hint")}
              options={categoryOptions(t, categories)}
              required
              className="sm:col-span-2"
            />
          </FormSection>
          <ContactSection name={fields.contactName} phone={fields.phone} />
          <SignupAccountSection email={fields.email} password={fields.password} confirm={fields.confirm} />
          <SignupFooter submitting={submitting} />
        </Form>
      </Card>
    </div>
  );
}
