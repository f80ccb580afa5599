import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { createUserSession } from "~/auth/session.server";
import { db } from "~/db.server";
import { registerOrganization } from "~/domain/accounts.server";
import { signupOrgSchema } from "~/domain/accounts.schema";
import { clientIp } from "~/domain/ratelimit.server";
import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { CheckboxGroup, FormError, Select, TextField } from "~/components/Field";
import { FormSection } from "~/components/FormSection";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { isMessageKey } from "~/i18n";
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

  const en = t.locale === "en";
  const districtOptions = districts.map((d) => ({ value: d.code, label: en ? d.nameEn : d.nameZh }));
  const categoryOptions = categories.map((c) => {
    const key = `category.${c.code}`;
    return { value: c.code, label: isMessageKey(key) ? t(key) : en ? c.nameEn : c.nameZh };
  });

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        eyebrow={
          <Link to="/signup" className="text-brand-700 underline-offset-2 hover:underline">
            ← {t("signup.title")}
          </Link>
        }
        title={t("signup.org.title")}
        description={t("signup.org.subtitle")}
      />
      <Alert tone="info" title={t("vetting.notice.PENDING.title")} className="mb-6" role="note">
        {t("vetting.notice.PENDING.body")}
      </Alert>
      <Card>
        <Form method="post" className="space-y-8" {...getFormProps(form)}>
          <FormError id={form.errorId} errors={form.errors} />
          <FormSection legend={t("signup.section.organization")}>
            <TextField meta={fields.name} label={t("signup.field.orgName")} autoComplete="organization" className="sm:col-span-2" />
            <TextField
              meta={fields.uscc}
              label={t("signup.field.uscc")}
              hint={t("signup.field.uscc.hint")}
              autoComplete="off"
              spellCheck={false}
              className="sm:col-span-2"
              inputClassName="font-mono uppercase tracking-wider"
            />
            <TextField
              meta={fields.registeringAuthority}
              label={t("signup.field.registeringAuthority")}
              hint={t("signup.field.registeringAuthority.hint")}
            />
            <Select meta={fields.districtCode} label={t("signup.field.district")} options={districtOptions} placeholder={t("common.pleaseSelect")} />
            <CheckboxGroup
              meta={fields.categories}
              legend={t("signup.field.categories")}
              hint={t("signup.field.categories.hint")}
              options={categoryOptions}
              required
              className="sm:col-span-2"
            />
          </FormSection>
          <FormSection legend={t("signup.section.contact")}>
            <TextField meta={fields.contactName} label={t("signup.field.contactName")} autoComplete="name" />
            <TextField meta={fields.phone} label={t("signup.field.phone")} type="tel" autoComplete="tel" inputMode="tel" />
          </FormSection>
          <FormSection legend={t("signup.section.account")}>
            <TextField
              meta={fields.email}
              label={t("signup.field.email")}
              hint={t("signup.field.email.hint")}
              type="email"
              autoComplete="email"
              className="sm:col-span-2"
            />
            <TextField
              meta={fields.password}
              label={t("signup.field.password")}
              hint={t("signup.field.password.hint")}
              type="password"
              autoComplete="new-password"
            />
            <TextField meta={fields.confirm} label={t("signup.field.confirmPassword")} type="password" autoComplete="new-password" />
          </FormSection>
          <div className="flex flex-col-reverse gap-3 border-t border-slate-200 pt-6 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-slate-700">
              {t("signup.haveAccount")}{" "}
              <Link to="/login" className="font-medium text-brand-700 underline underline-offset-2">
                {t("signup.loginLink")}
              </Link>
            </p>
            <Button type="submit" size="lg" pending={submitting} pendingLabel={t("signup.submitting")}>
              {t("signup.submit")}
            </Button>
          </div>
        </Form>
      </Card>
    </div>
  );
}
