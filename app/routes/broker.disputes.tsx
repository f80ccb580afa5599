// BROKER disputes: the open ones (oldest first) with a resolve form each — outcome (deliver again /
// accept), written resolution, and whether the enterprise's complaint was upheld — and the resolved
// ones. Admins may read it (no actions).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { domainErrorResponse, requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge, ProjectStateBadge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { cx } from "~/components/cx";
import { EmptyState } from "~/components/EmptyState";
import { FieldErrors, FormError, Textarea } from "~/components/Field";
import { formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { assertCleanForm } from "~/components/broker/params.server";
import { resolveFormSchema } from "~/components/broker/schemas";
import { listDisputes, type DisputeItem } from "~/domain/broker.server";
import { resolveDispute } from "~/domain/delivery.server";
import { isDomainError } from "~/domain/errors";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "broker.disputes.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const url = new URL(request.url);
  const status = url.searchParams.get("status") === "resolved" ? "resolved" : "open";
  const { page, pageSize } = parsePageParams(url);
  const list = await listDisputes(user, status, { page, pageSize });
  return { list, status, canAct: user.role === "BROKER" };
}

interface ResolveReply {
  projectId: string;
  result: SubmissionResult<string[]>;
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER");
  const formData = await request.formData();
  assertCleanForm(formData);
  const submission = parseWithZod(formData, { schema: resolveFormSchema, disableAutoCoercion: true });
  const projectId = String(formData.get("projectId") ?? "").slice(0, 64);
  if (submission.status !== "success") {
    return data({ projectId, result: submission.reply() } satisfies ResolveReply, { status: 400 });
  }
  const v = submission.value;
  try {
    await resolveDispute(user, v.projectId, { outcome: v.outcome, resolution: v.resolution, upheld: v.upheld === "yes" });
  } catch (e) {
    if (isDomainError(e) && e.status === 404 && !e.field) throw domainErrorResponse(e);
    const reply = replyForDomainError(submission, e, getLocale(request), { fields: ["outcome", "resolution", "upheld"] });
    if (!reply) throw e;
    return data({ projectId, result: reply.result } satisfies ResolveReply, { status: reply.status });
  }
  return redirect(`/broker/disputes?resolved=${encodeURIComponent(v.projectId)}`);
}

function RadioRow({
  meta,
  legend,
  options,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  meta: any;
  legend: string;
  options: Array<{ value: string; label: string }>;
}) {
  const invalid = !!meta.errors?.length;
  return (
    <fieldset aria-describedby={invalid ? meta.errorId : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">
        {legend}
        <span aria-hidden="true" className="ml-0.5 text-red-700">
          *
        </span>
      </legend>
      <div className={cx("flex flex-wrap gap-2", invalid && "rounded-md ring-2 ring-red-600 ring-offset-2")}>
        {options.map((o) => {
          const { key: _key, ...radio } = getInputProps(meta, { type: "radio", value: o.value });
          const id = `${meta.id}-${o.value}`;
          return (
            <label
              key={o.value}
              htmlFor={id}
              className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
            >
              <input {...radio} id={id} className="size-5 accent-brand-700" />
              <span className="text-slate-900">{o.label}</span>
            </label>
          );
        })}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

function ResolveForm({ dispute, last }: { dispute: DisputeItem; last?: ResolveReply }) {
  const t = useT();
  const nav = useNavigation();
  const pending = nav.state === "submitting" && nav.formData?.get("projectId") === dispute.project.id;
  const [form, fields] = useForm({
    id: `resolve-${dispute.project.id}`,
    lastResult: last?.projectId === dispute.project.id ? last.result : undefined,
    constraint: getZodConstraint(resolveFormSchema),
    defaultValue: { projectId: dispute.project.id },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resolveFormSchema, disableAutoCoercion: true }),
  });
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <input type="hidden" name="projectId" value={dispute.project.id} />
      <FormError id={form.errorId} errors={form.errors} />
      <RadioRow
        meta={fields.outcome}
        legend={t("broker.disputes.outcome")}
        options={[
          { value: "IN_DELIVERY", label: t("broker.disputes.outcome.IN_DELIVERY") },
          { value: "ACCEPTED", label: t("broker.disputes.outcome.ACCEPTED") },
        ]}
      />
      <Textarea meta={fields.resolution} label={t("broker.disputes.resolution")} hint={t("broker.disputes.resolution.hint")} rows={3} />
      <RadioRow
        meta={fields.upheld}
        legend={t("broker.disputes.upheld")}
        options={[
          { value: "yes", label: t("broker.disputes.upheld.yes") },
          { value: "no", label: t("broker.disputes.upheld.no") },
        ]}
      />
      <Button type="submit" pending={pending} pendingLabel={t("broker.submitting")}>
        {t("broker.disputes.resolve")}
      </Button>
    </Form>
  );
}

export default function BrokerDisputes() {
  const { list, status, canAct } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const resolved = params.get("resolved");
  const tab = (s: "open" | "resolved") =>
    cx(
      "rounded-md px-4 py-2 text-sm font-medium",
      status === s ? "bg-brand-700 text-white" : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
    );

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link to="/broker" className="underline">
            {t("broker.dashboard.title")}
          </Link>
        }
        title={t("broker.disputes.title")}
        description={t("broker.disputes.subtitle")}
      />
      {resolved && status === "open" && <Alert tone="success">{t("broker.done.resolve")}</Alert>}
      <nav aria-label={t("broker.disputes.tabs")} className="flex gap-2">
        <Link to="/broker/disputes" className={tab("open")} aria-current={status === "open" ? "page" : undefined}>
          {t("broker.disputes.open")}
        </Link>
        <Link to="/broker/disputes?status=resolved" className={tab("resolved")} aria-current={status === "resolved" ? "page" : undefined}>
          {t("broker.disputes.resolvedTab")}
        </Link>
      </nav>

      {list.items.length === 0 ? (
        <EmptyState title={status === "open" ? t("broker.disputes.empty") : t("broker.disputes.emptyResolved")} />
      ) : (
        <ul className="space-y-5">
          {list.items.map((d) => (
            <li key={d.id} id={`d-${d.project.id}`} className="scroll-mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <p className="text-sm text-slate-600">
                    <span className="font-mono">{d.project.code}</span>
                    {d.project.bundleCode && <span className="ml-2">{t("broker.disputes.inBundle", { code: d.project.bundleCode })}</span>}
                  </p>
                  <h2 className="text-lg font-semibold text-slate-900">
                    <Link to={`/broker/projects/${d.project.id}`} className="underline-offset-2 hover:underline">
                      {d.project.title}
                    </Link>
                  </h2>
                  <p className="text-sm text-slate-700">
                    {t("broker.disputes.parties", { enterprise: d.project.enterpriseName ?? "—", org: d.organization?.name ?? "—" })}
                  </p>
                </div>
                <ProjectStateBadge state={d.project.state} />
              </div>
              <div className="mt-4 rounded-lg bg-red-50 px-4 py-3">
                <p className="text-sm font-medium text-red-900">{t("broker.disputes.raised", { date: formatDateTime(d.createdAt, t.locale) })}</p>
                <p className="mt-1 whitespace-pre-line text-slate-900">{d.reason}</p>
              </div>
              {d.resolvedAt ? (
                <div className="mt-4 rounded-lg bg-slate-50 px-4 py-3">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
                    {t("broker.disputes.resolvedAt", { date: formatDateTime(d.resolvedAt, t.locale) })}
                    {d.outcome && <Badge tone="blue">{t(d.outcome === "ACCEPTED" ? "broker.disputes.outcome.ACCEPTED" : "broker.disputes.outcome.IN_DELIVERY")}</Badge>}
                    {d.upheld != null && <Badge tone={d.upheld ? "amber" : "gray"}>{d.upheld ? t("broker.disputes.upheldBadge") : t("broker.disputes.notUpheldBadge")}</Badge>}
                  </p>
                  <p className="mt-1 whitespace-pre-line text-slate-900">{d.resolution}</p>
                </div>
              ) : (
                canAct && (
                  <div className="mt-5 border-t border-slate-200 pt-5">
                    <ResolveForm dispute={d} last={actionData ?? undefined} />
                  </div>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} showPageSize />
    </div>
  );
}
