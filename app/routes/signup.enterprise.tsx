import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { createUserSession } from "~/auth/session.server";
import { db } from "~/db.server";
import { registerEnterprise } from "~/domain/accounts.server";
import { signupEnterpriseSchema } from "~/domain/accounts.schema";
import { clientIp } from "~/domain/ratelimit.server";
import { ContactSection, DistrictSelect, SignupAccountSection, SignupFooter, SignupHeader, UsccField } from "~/components/accounts/AccountFields";
import { Card } from "~/components/Card";
import { Checkbox, FormError, TextField } from "~/components/Field";
import { FormSection } from "~/components/FormSection";
import { replyForDomainError } from "~/components/form-reply.server";
import { districtOptions } from "~/components/registry/labels";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signup.enterprise.title");

const FIELDS = ["name", "uscc", "districtCode", "industry", "employees", "hasUnion", "contactName", "phone", "email", "password", "confirm"] as const;
const HIDDEN = ["password", "confirm"];

export async function loader(_args: LoaderFunctionArgs) {
  const districts = await db.district.findMany({
    select: { code: true, nameZh: true, nameEn: true },
    orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
  });
  return { districts };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: signupEnterpriseSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: HIDDEN }), { status: 400 });
  }
  try {
    const { userId } = await registerEnterprise(submission.value, { ip: clientIp(request, context) });
    const cookie = await createUserSession(userId, request);
    return redirect("/?welcome=1", { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { hideFields: HIDDEN, fields: FIELDS });
    if (!reply) throw e;
    return data(reply.result, { status: reply.status });
  }
}

export default function SignupEnterprise() {
  const { districts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";

  const [form, fields] = useForm({
    id: "signup-enterprise",
    lastResult,
    constraint: getZodConstraint(signupEnterpriseSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: signupEnterpriseSchema });
    },
  });

  return (
    <div className="mx-auto max-w-3xl">
      <SignupHeader title={t("signup.enterprise.title")} description={t("signup.enterprise.subtitle")} />
      <Card>
        <Form method="post" className="space-y-8" {...getFormProps(form)}>
          <FormError id={form.errorId} errors={form.errors} />
          <FormSection legend={t("signup.section.organization")}>
            <TextField meta={fields.name} label={t("signup.field.companyName")} autoComplete="organization" className="sm:col-span-2" />
            <UsccField meta={fields.uscc} className="sm:col-span-2" />
            <DistrictSelect meta={fields.districtCode} options={districtOptions(districts, t.locale)} />
            <TextField meta={fields.industry} label={t("signup.field.industry")} />
            <TextField meta={fields.employees} label={t("signup.field.employees")} type="number" inputMode="numeric" min={0} step={1} />
            <Checkbox meta={fields.hasUnion} label={t("signup.field.hasUnion")} className="sm:col-span-2" />
          </FormSection>
          <ContactSection name={fields.contactName} phone={fields.phone} />
          <SignupAccountSection email={fields.email} password={fields.password} confirm={fields.confirm} />
          <SignupFooter submitting={submitting} />
        </Form>
      </Card>
    </div>
  );
}
