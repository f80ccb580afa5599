// BROKER: organizations flagged for review (两次连续不合格). The broker reviews each one and clears the
// flag with a note (audited).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { EmptyState } from "~/components/EmptyState";
import { FormError, Textarea } from "~/components/Field";
import { formatDate } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { GradeBadge } from "~/components/evaluation/GradeBadge";
import { formatScore } from "~/components/evaluation/format";
import { clearFlagSchema } from "~/components/evaluation/schemas";
import { db } from "~/db.server";
import { clearReviewFlag } from "~/domain/evaluation.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "BROKER");
  const orgs = await db.organization.findMany({
    where: { flaggedForReview: true },
    orderBy: [{ name: "asc" }],
    take: 200,
    select: { id: true, name: true, grade: true, performanceScore: true, vettingStatus: true },
  });
  const recent = await Promise.all(
    orgs.map((o) =>
      db.evaluation.findMany({
        where: { state: "CLOSED", project: { OR: [{ award: { organizationId: o.id } }, { bundle: { award: { organizationId: o.id } } }] } },
        orderBy: [{ closedAt: "desc" }, { id: "desc" }],
        take: 3,
        select: { score: true, grade: true, closedAt: true, project: { select: { id: true, code: true, title: true } } },
      }),
    ),
  );
  return { orgs: orgs.map((o, i) => ({ ...o, recent: recent[i] })) };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: clearFlagSchema });
  const orgId = String(formData.get("organizationId") ?? "");
  if (submission.status !== "success") {
    return data({ orgId, result: submission.reply() as SubmissionResult<string[]>, cleared: null as string | null }, { status: 400 });
  }
  try {
    await clearReviewFlag(user, submission.value.organizationId, submission.value.note);
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { fields: ["note"] });
    if (!reply) throw e;
    return data({ orgId, result: reply.result, cleared: null }, { status: reply.status });
  }
  const org = await db.organization.findUnique({ where: { id: submission.value.organizationId }, select: { name: true } });
  return { orgId, result: submission.reply({ resetForm: true }), cleared: org?.name ?? "" };
}

function ClearForm({ orgId, lastResult }: { orgId: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("organizationId") === orgId;
  const [form, fields] = useForm({
    id: `clear-${orgId}`,
    lastResult,
    constraint: getZodConstraint(clearFlagSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: clearFlagSchema });
    },
  });
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      <input type="hidden" name="organizationId" value={orgId} />
      <Textarea meta={fields.note} label={t("reviews.note")} hint={t("reviews.note.hint")} rows={3} />
      <Button type="submit" pending={submitting} pendingLabel={t("common.saving")}>
        {t("reviews.clear")}
      </Button>
    </Form>
  );
}

export default function Reviews() {
  const { orgs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="space-y-6">
      <PageHeader title={t("reviews.title")} description={t("reviews.subtitle")} />
      {actionData?.cleared !== null && actionData?.cleared !== undefined && (
        <Alert tone="success">{t("reviews.cleared", { name: actionData.cleared })}</Alert>
      )}
      {orgs.length === 0 ? (
        <EmptyState title={t("reviews.empty")} description={t("reviews.empty.hint")} />
      ) : (
        orgs.map((o) => (
          <Card
            key={o.id}
            title={o.name}
            actions={
              <Link to={`/orgs/${o.id}/performance`} className="text-sm font-medium text-brand-700 underline underline-offset-2">
                {t("performance.title")}
              </Link>
            }
          >
            <p className="text-sm text-slate-700">{t("reviews.performance", { score: formatScore(o.performanceScore) })}</p>
            <ul className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
              {o.recent.map((e) => (
                <li key={e.project.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                  <Link to={`/projects/${e.project.id}/evaluation`} className="text-brand-700 underline-offset-2 hover:underline">
                    <span className="mr-2 font-mono text-xs text-slate-600">{e.project.code}</span>
                    {e.project.title}
                  </Link>
                  <span className="flex items-center gap-3">
                    <span className="tabular-nums">{formatScore(e.score)}</span>
                    <GradeBadge grade={e.grade} />
                    <span className="text-slate-600">{e.closedAt ? formatDate(e.closedAt, t.locale) : ""}</span>
                  </span>
                </li>
              ))}
            </ul>
            <div className="mt-4">
              <ClearForm orgId={o.id} lastResult={actionData?.orgId === o.id ? actionData.result : undefined} />
            </div>
          </Card>
        ))
      )}
    </div>
  );
}
