import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { requireUser } from "~/auth/guards.server";
import { createUserSession } from "~/auth/session.server";
import { changePassword } from "~/domain/accounts.server";
import { changePasswordSchema } from "~/domain/accounts.schema";
import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { FormError, TextField } from "~/components/Field";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "password.title");

const FIELDS = ["current", "next", "confirm"] as const;
const HIDDEN = ["current", "next", "confirm"];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return { changed: new URL(request.url).searchParams.get("changed") === "1" };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: changePasswordSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: HIDDEN }), { status: 400 });
  }
  try {
    await changePassword(user.id, { current: submission.value.current, next: submission.value.next });
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { hideFields: HIDDEN, fields: FIELDS });
    if (!reply) throw e;
    return data(reply.result, { status: reply.status });
  }
  // changePassword signed out every device; keep this one signed in with a fresh session.
  const cookie = await createUserSession(user.id, request);
  return redirect("/account/password?changed=1", { headers: { "Set-Cookie": cookie } });
}

export default function AccountPassword() {
  const { changed } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";

  const [form, fields] = useForm({
    id: "change-password",
    lastResult,
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: changePasswordSchema });
    },
  });

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title={t("password.title")} />
      {changed && !lastResult && (
        <Alert tone="success" className="mb-6">
          {t("password.changed")}
        </Alert>
      )}
      <Card>
        <Form method="post" className="space-y-5" {...getFormProps(form)}>
          <FormError id={form.errorId} errors={form.errors} />
          <TextField meta={fields.current} label={t("password.current")} type="password" autoComplete="current-password" />
          <TextField
            meta={fields.next}
            label={t("password.new")}
            hint={t("signup.field.password.hint")}
            type="password"
            autoComplete="new-password"
          />
          <TextField meta={fields.confirm} label={t("password.confirm")} type="password" autoComplete="new-password" />
          <Button type="submit" pending={submitting} pendingLabel={t("signup.submitting")}>
            {t("password.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
