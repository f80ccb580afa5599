// Worker survey of a project: the anonymous summary (broker, the awarded organization, the project's
// enterprise) and, for the awarded organization or a broker while the service runs, generating one-time
// survey links as a printable sheet of QR codes. The links exist only in this response (only their
// hashes are stored), so the sheet is shown once: print it or save it as PDF right away.
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { requireUser } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { EmptyState } from "~/components/EmptyState";
import { FormError, TextField } from "~/components/Field";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { projectHref, requireProjectParty } from "~/components/evaluation/access.server";
import evaluationCss from "~/components/evaluation/evaluation.css?url";
import { formatNumber } from "~/components/evaluation/format";
import { SURVEY_MAX_BATCH, SURVEY_QUESTIONS, surveyTokensSchema } from "~/components/evaluation/schemas";
import { SURVEY_STATES, generateSurveyTokens, surveySheet, surveySummary } from "~/domain/surveys.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "surveyAdmin.title");
// The action's response carries the plaintext links: never cache it.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => ({
  "Cache-Control": "no-store",
  ...Object.fromEntries(actionHeaders),
  ...Object.fromEntries(loaderHeaders),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProjectParty(user, params.id ?? "", ["BROKER", "ADMIN", "ORG", "ENTERPRISE"]);
  const summary = await surveySummary(project.id);
  const inDelivery = (SURVEY_STATES as readonly string[]).includes(project.state);
  const canGenerate = inDelivery && !project.isBundle && (project.party === "BROKER" || project.party === "ORG");
  // Comments are free text from workers: shown to the broker and the organization that must act on them.
  const showComments = project.party === "BROKER" || project.party === "ADMIN" || project.party === "ORG";
  return {
    project: { id: project.id, code: project.code, detailHref: projectHref(project.id, project.party), title: project.title, state: project.state, organizationName: project.organization?.name ?? null },
    summary: { ...summary, comments: showComments ? summary.comments.slice(0, 50) : [] },
    canGenerate,
    inDelivery,
    showComments,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  const project = await requireProjectParty(user, params.id ?? "", ["BROKER", "ORG"]);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: surveyTokensSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sheet: null }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  try {
    const tokens = await generateSurveyTokens(user, project.id, submission.value.count);
    const sheet = await surveySheet(tokens);
    return data(
      { result: submission.reply({ resetForm: true }), sheet: sheet.map((s) => ({ url: s.url, qrSvg: s.qrSvg })) },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { fields: ["count"] });
    if (!reply) throw e;
    return data({ result: reply.result, sheet: null }, { status: reply.status });
  }
}

function Distribution({ counts }: { counts: number[] }) {
  const t = useT();
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <ol className="space-y-1.5" aria-label={t("surveyAdmin.distribution")}>
      {[...counts].reverse().map((c, ri) => {
        const stars = 5 - ri;
        const pct = total ? Math.round((c / total) * 100) : 0;
        return (
          <li key={stars} className="flex items-center gap-3 text-sm">
            <span className="w-14 shrink-0 text-slate-700">{t("surveyAdmin.stars", { n: stars })}</span>
            <span className="h-3 flex-1 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
              <span className="block h-full rounded-full bg-amber-500" style={{ width: `${pct}%` }} />
            </span>
            <span className="w-20 shrink-0 text-right tabular-nums text-slate-700">
              {c}（{pct}%）
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export default function ProjectSurvey() {
  const { project, summary, canGenerate, inDelivery, showComments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "survey-tokens",
    lastResult: actionData?.result,
    constraint: getZodConstraint(surveyTokensSchema),
    defaultValue: { count: "20" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: surveyTokensSchema });
    },
  });
  const sheet = actionData?.sheet ?? null;

  return (
    <div className="space-y-6">
      <div className="lb-no-print">
        <PageHeader
          eyebrow={
            <span className="flex flex-wrap items-center gap-2">
              <Link to={project.detailHref} className="font-mono text-brand-700 underline-offset-2 hover:underline">
                {project.code}
              </Link>
              <ProjectStateBadge state={project.state as ProjectStateName} />
            </span>
          }
          title={t("surveyAdmin.title")}
          description={project.title}
        />
      </div>

      {sheet && sheet.length > 0 && (
        <section className="lb-print-sheet rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="sheet-heading">
          <div className="lb-no-print mb-4 space-y-3">
            <Alert tone="warning" title={t("surveyAdmin.sheet.once.title")}>
              {t("surveyAdmin.sheet.once.body")}
            </Alert>
            <div className="flex flex-wrap gap-2">
              <Button type="button" onClick={() => window.print()}>
                {t("surveyAdmin.sheet.print")}
              </Button>
            </div>
          </div>
          <h2 id="sheet-heading" className="text-lg font-semibold text-slate-900">
            {t("surveyAdmin.sheet.title", { count: sheet.length })}
          </h2>
          <p className="mb-4 text-sm text-slate-700">
            {project.code} · {project.title}
          </p>
          <ol className="lb-print-grid grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {sheet.map((s, i) => (
              <li key={s.url} className="lb-print-card rounded-lg border border-dashed border-slate-400 p-3 text-center">
                <p className="text-sm font-semibold text-slate-900">{t("surveyAdmin.sheet.card", { n: i + 1 })}</p>
                <p className="text-xs text-slate-700">{t("surveyAdmin.sheet.scan")}</p>
                <div
                  className="mx-auto my-2 w-40 [&_svg]:h-auto [&_svg]:w-full"
                  role="img"
                  aria-label={t("surveyAdmin.sheet.qr", { n: i + 1 })}
                  // The QR SVG is generated by the qrcode library from our own URL.
                  dangerouslySetInnerHTML={{ __html: s.qrSvg }}
                />
                <p className="break-all font-mono text-[11px] leading-snug text-slate-800">{s.url}</p>
              </li>
            ))}
          </ol>
        </section>
      )}

      <div className="lb-no-print grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title={t("surveyAdmin.summary")} className="lg:col-span-2">
          {summary.responses === 0 ? (
            <EmptyState title={t("surveyAdmin.noResponses")} description={t("surveyAdmin.noResponses.hint")} />
          ) : (
            <div className="space-y-6">
              <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
                <div>
                  <dt className="text-sm text-slate-600">{t("surveyAdmin.responses")}</dt>
                  <dd className="text-2xl font-bold tabular-nums">{summary.responses}</dd>
                </div>
                <div>
                  <dt className="text-sm text-slate-600">{t("surveyAdmin.issued")}</dt>
                  <dd className="text-2xl font-bold tabular-nums">{summary.tokensIssued}</dd>
                </div>
                <div>
                  <dt className="text-sm text-slate-600">{t("surveyAdmin.mean")}</dt>
                  <dd className="text-2xl font-bold tabular-nums">{summary.overallMean !== null ? formatNumber(summary.overallMean, t.locale) : "—"} / 5</dd>
                </div>
                <div>
                  <dt className="text-sm text-slate-600">{t("surveyAdmin.score")}</dt>
                  <dd className="text-2xl font-bold tabular-nums">{summary.score !== null ? formatNumber(summary.score, t.locale) : "—"}</dd>
                </div>
              </dl>
              <div>
                <h3 className="mb-2 font-semibold text-slate-900">{t("surveyAdmin.byQuestion")}</h3>
                <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                  {SURVEY_QUESTIONS.map((k, i) => (
                    <li key={k} className="flex items-center justify-between gap-4 px-3 py-2 text-sm">
                      <span>
                        {i + 1}. {t(k)}
                      </span>
                      <span className="shrink-0 font-semibold tabular-nums">
                        {summary.questionMeans[i] !== null ? formatNumber(summary.questionMeans[i] as number, t.locale) : "—"}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3 className="mb-2 font-semibold text-slate-900">{t("surveyAdmin.distribution")}</h3>
                <Distribution counts={summary.distribution} />
              </div>
              {showComments && summary.comments.length > 0 && (
                <div>
                  <h3 className="mb-2 font-semibold text-slate-900">{t("surveyAdmin.comments")}</h3>
                  <ul className="space-y-2">
                    {summary.comments.map((c, i) => (
                      <li key={i} className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800">
                        {c}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}
        </Card>

        <Card title={t("surveyAdmin.generate")}>
          {canGenerate ? (
            <Form method="post" className="space-y-4" {...getFormProps(form)}>
              <FormError id={form.errorId} errors={form.errors} />
              <TextField
                meta={fields.count}
                label={t("surveyAdmin.count")}
                hint={t("surveyAdmin.count.hint", { max: SURVEY_MAX_BATCH })}
                type="number"
                inputMode="numeric"
                min={1}
                max={SURVEY_MAX_BATCH}
              />
              <Button type="submit" pending={submitting} pendingLabel={t("surveyAdmin.generating")}>
                {t("surveyAdmin.generate.submit")}
              </Button>
              <p className="text-sm text-slate-600">{t("surveyAdmin.generate.note")}</p>
            </Form>
          ) : (
            <p className="text-sm text-slate-700">
              {inDelivery ? t("surveyAdmin.generate.notYours") : t("surveyAdmin.generate.notInDelivery")}
            </p>
          )}
        </Card>
      </div>
      <p className="lb-no-print text-sm">
        <Link to="/surveys" className="text-brand-700 underline underline-offset-2">
          {t("surveyAdmin.back")}
        </Link>
      </p>
    </div>
  );
}
