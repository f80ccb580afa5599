import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { safeRedirectTo } from "~/auth/guards.server";
import { createUserSession, getOptionalUser } from "~/auth/session.server";
import { authenticate } from "~/domain/accounts.server";
import { loginSchema } from "~/domain/accounts.schema";
import { clientIp } from "~/domain/ratelimit.server";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { FormError, TextField } from "~/components/Field";
import { replyForDomainError } from "~/components/form-reply.server";
import { homePathFor } from "~/components/nav";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get("redirectTo"), "");
  const user = await getOptionalUser(request);
  if (user) throw redirect(redirectTo || homePathFor(user.role));
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  try {
    const user = await authenticate(
      { email: submission.value.email, password: submission.value.password },
      { ip: clientIp(request, context) },
    );
    const cookie = await createUserSession(user.id, request);
    const to = safeRedirectTo(submission.value.redirectTo, homePathFor(user.role));
    return redirect(to === "/login" ? homePathFor(user.role) : to, { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    // Bad credentials and the rate limit are shown at the top of the form, never on a field.
    const reply = replyForDomainError(submission, e, getLocale(request), { hideFields: ["password"], fields: [] });
    if (!reply) throw e;
    return data(reply.result, { status: reply.status });
  }
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod === "POST";

  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(loginSchema),
    defaultValue: { redirectTo },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: loginSchema });
    },
  });

  return (
    <div className="mx-auto w-full max-w-md">
      <Card>
        <h1 className="text-2xl font-bold text-slate-900">{t("login.title")}</h1>
        <p className="mt-1 text-slate-600">{t("login.subtitle")}</p>
        <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
          <FormError id={form.errorId} errors={form.errors} />
          <input type="hidden" name={fields.redirectTo.name} value={redirectTo} />
          <TextField meta={fields.email} label={t("login.email")} type="email" autoComplete="username" inputMode="email" />
          <TextField meta={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
          <Button type="submit" className="w-full" size="lg" pending={submitting} pendingLabel={t("login.submitting")}>
            {t("login.submit")}
          </Button>
        </Form>
        <p className="mt-6 text-center text-sm text-slate-700">
          {t("login.noAccount")}{" "}
          <Link to="/signup" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
            {t("login.signupLink")}
          </Link>
        </p>
      </Card>
    </div>
  );
}
