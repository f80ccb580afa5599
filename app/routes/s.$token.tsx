// PUBLIC worker satisfaction survey (no account): /s/<one-time token>, phone-first. Five questions
// (1–5 stars) and an optional comment; a token answers once. Used, unknown and closed tokens get a clear
// message (not an error page). The client address goes to the domain for its per-IP guessing limit.
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "~/components/parse-form";

import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { Field, FormError, controlClasses } from "~/components/Field";
import { cx } from "~/components/cx";
import { StarQuestion } from "~/components/evaluation/StarQuestion";
import evaluationCss from "~/components/evaluation/evaluation.css?url";
import { SURVEY_MAX_COMMENT, SURVEY_QUESTIONS, surveyAnswerSchema } from "~/components/evaluation/schemas";
import { isDomainError } from "~/domain/errors";
import { clientIp } from "~/domain/ratelimit.server";
import { submitSurvey, surveyInfo } from "~/domain/surveys.server";
import { getLocale } from "~/i18n/locale.server";
import { localeFromMatches } from "~/i18n/meta";
import { t as translate, tx } from "~/i18n";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationCss }];

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [
    { title: `${translate(locale, "survey.title")} · ${translate(locale, "app.name")}` },
    // The URL carries a one-time token: keep it out of search engines. (No "no-referrer" policy: with it
    // browsers send `Origin: null` on the form post, which the same-origin check rightly refuses.)
    { name: "robots", content: "noindex, nofollow" },
  ];
};

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });

type Problem = "invalid" | "used" | "closed" | "rateLimited";

function problemOf(e: unknown): { problem: Problem; status: number } | null {
  if (!isDomainError(e)) return null;
  if (e.code === "error.survey.used") return { problem: "used", status: 409 };
  if (e.code === "error.survey.closed") return { problem: "closed", status: 409 };
  if (e.status === 429) return { problem: "rateLimited", status: 429 };
  if (e.code === "error.survey.invalid" || e.status === 404) return { problem: "invalid", status: 404 };
  return null;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  if (new URL(request.url).searchParams.get("done") === "1") {
    return { state: "done" as const, projectTitle: null, organizationName: null };
  }
  try {
    const info = await surveyInfo(token, { ip: clientIp(request, context) });
    return { state: "open" as const, projectTitle: info.projectTitle, organizationName: info.organizationName };
  } catch (e) {
    const p = problemOf(e);
    if (!p) throw e;
    return data({ state: p.problem, projectTitle: null, organizationName: null }, { status: p.status });
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const token = params.token ?? "";
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: surveyAnswerSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), problem: null as Problem | null }, { status: 400 });
  }
  const v = submission.value;
  try {
    await submitSurvey(token, { answers: [v.q1, v.q2, v.q3, v.q4, v.q5], comment: v.comment ?? "" }, { ip: clientIp(request, context) });
  } catch (e) {
    const p = problemOf(e);
    if (p) return data({ result: submission.reply(), problem: p.problem }, { status: p.status });
    if (isDomainError(e)) {
      const locale = getLocale(request);
      const message = tx(locale, e.code, e.params);
      const field = e.field === "comment" ? "comment" : null;
      const result = submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] });
      return data({ result, problem: null }, { status: e.status });
    }
    throw e;
  }
  // Post/redirect/get: reloading the thank-you page does not post the answers again.
  return redirect(`/s/${encodeURIComponent(token)}?done=1`, { status: 303 });
}

function ProblemMessage({ problem }: { problem: Problem }) {
  const t = useT();
  const text: Record<Problem, { title: string; body: string; tone: "info" | "warning" | "error" }> = {
    used: { title: t("survey.used.title"), body: t("error.survey.used"), tone: "info" },
    closed: { title: t("survey.closed.title"), body: t("error.survey.closed"), tone: "warning" },
    invalid: { title: t("survey.invalid.title"), body: t("error.survey.invalid"), tone: "error" },
    rateLimited: { title: t("survey.rateLimited.title"), body: t("error.rateLimited"), tone: "warning" },
  };
  const m = text[problem];
  return (
    <Alert tone={m.tone} title={m.title} role={m.tone === "error" ? "alert" : "status"}>
      {m.body}
    </Alert>
  );
}

export default function SurveyPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";

  const [form, fields] = useForm({
    id: "survey",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: surveyAnswerSchema });
    },
  });

  const problem = actionData?.problem ?? (loaderData.state !== "open" && loaderData.state !== "done" ? loaderData.state : null);
  const questionFields = [fields.q1, fields.q2, fields.q3, fields.q4, fields.q5];
  const { key: commentKey, ...commentProps } = getTextareaProps(fields.comment);

  return (
    <div className="mx-auto w-full max-w-xl">
      <h1 className="text-2xl font-bold text-slate-900">{t("survey.title")}</h1>
      {loaderData.state === "done" ? (
        <div className="mt-5">
          <Alert tone="success" title={t("survey.thanks.title")}>
            {t("survey.thanks.body")}
          </Alert>
        </div>
      ) : problem ? (
        <div className="mt-5">
          <ProblemMessage problem={problem} />
        </div>
      ) : (
        <>
          <div className="mt-3 rounded-lg bg-white p-4 text-sm text-slate-700 ring-1 ring-slate-200">
            <p>
              <span className="font-medium text-slate-900">{t("survey.project")}</span>
              {loaderData.projectTitle}
            </p>
            {loaderData.organizationName && (
              <p className="mt-1">
                <span className="font-medium text-slate-900">{t("survey.organization")}</span>
                {loaderData.organizationName}
              </p>
            )}
            <p className="mt-2 text-slate-600">{t("survey.intro")}</p>
          </div>
          <Form method="post" className="mt-5 space-y-4" {...getFormProps(form)}>
            <FormError id={form.errorId} errors={form.errors} />
            {questionFields.map((f, i) => (
              <StarQuestion key={f.name} meta={f} number={i + 1} question={t(SURVEY_QUESTIONS[i])} />
            ))}
            <Field
              id={fields.comment.id}
              label={
                <>
                  {t("survey.comment")} <span className="font-normal text-slate-600">{t("common.optional")}</span>
                </>
              }
              hint={t("survey.comment.hint", { max: SURVEY_MAX_COMMENT })}
              hintId={fields.comment.descriptionId}
              errors={fields.comment.errors}
              errorId={fields.comment.errorId}
            >
              <textarea
                key={commentKey}
                {...commentProps}
                rows={4}
                maxLength={SURVEY_MAX_COMMENT}
                aria-describedby={[fields.comment.descriptionId, fields.comment.errors?.length ? fields.comment.errorId : ""].filter(Boolean).join(" ")}
                className={cx(controlClasses, fields.comment.errors?.length ? "border-red-600" : "border-slate-400")}
              />
            </Field>
            <Button type="submit" size="lg" className="w-full" pending={submitting} pendingLabel={t("survey.submitting")}>
              {t("survey.submit")}
            </Button>
            <p className="text-center text-xs text-slate-600">{t("survey.anonymous")}</p>
          </Form>
        </>
      )}
    </div>
  );
}
