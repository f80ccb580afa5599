// BROKER award decision (after the bid deadline): every live bid side by side (amount, plan, timeline,
// team, the bidder's grade, union coverage, performance score, past ratings, admission checks); the
// broker declares no conflict of interest and approves one bid with a written rationale, or declares
// the tender unsuccessful with a reason. Losing bidders are notified by the domain. Bids stay sealed
// (count only) before the deadline. Admins may read the comparison (no actions).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ReactNode } from "react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { domainErrorResponse, errorResponse, rethrowAsResponse, requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge, ProjectStateBadge } from "~/components/Badge";
import { Button, LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { cx } from "~/components/cx";
import { Checkbox, FieldErrors, FormError, Textarea } from "~/components/Field";
import { formatDateTime, formatFen } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { assertCleanForm, idParamOr404 } from "~/components/broker/params.server";
import { actorOf, requireVisibleProject } from "~/components/marketplace/helpers.server";
import { gradeText } from "~/components/broker/labels";
import { awardSchema, reasonSchema } from "~/components/broker/schemas";
import { ReasonForm, type LastReply } from "~/components/broker/TransitionForms";
import { awardBid, declareUnsuccessful, listBidsForProject } from "~/domain/bids.server";
import { isDomainError } from "~/domain/errors";
import { getProjectForActor } from "~/domain/projects.server";
import { t as translate } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { localeFromMatches } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) => {
  const locale = localeFromMatches(matches);
  const code = d?.project.code ? `${d.project.code} ` : "";
  return [{ title: `${code}${translate(locale, "broker.award.title")} · ${translate(locale, "app.name")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const id = idParamOr404(params.id);
  const detail = await getProjectForActor(user, id).catch(rethrowAsResponse);
  // Bids of a bundle member live on its bundle: decide there.
  if (detail.project.bundle) throw redirect(`/broker/projects/${detail.project.bundle.id}/award`);
  const bids = await listBidsForProject(user, id).catch(rethrowAsResponse);
  const p = detail.project;
  return {
    project: { id: p.id, code: p.code, title: p.title, state: p.state, budgetFen: p.budgetFen, bidDeadline: p.bidDeadline, isBundle: p.isBundle },
    award: detail.award,
    bids,
    canAward: user.role === "BROKER" && detail.allowedTransitions.includes("award"),
    canDeclare: user.role === "BROKER" && detail.allowedTransitions.includes("declare_unsuccessful"),
    now: new Date(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER");
  const id = idParamOr404(params.id);
  await requireVisibleProject(actorOf(user), id); // an unknown project is a 404 whatever the body
  const formData = await request.formData();
  assertCleanForm(formData);
  const intent = String(formData.get("intent") ?? "");
  const locale = getLocale(request);

  if (intent === "award") {
    const submission = parseWithZod(formData, { schema: awardSchema, disableAutoCoercion: true });
    if (submission.status !== "success") return data({ intent, result: submission.reply() } satisfies LastReply, { status: 400 });
    try {
      const v = submission.value;
      await awardBid(user, id, v.bidId, { rationale: v.rationale, noConflictDeclared: v.noConflictDeclared });
    } catch (e) {
      if (isDomainError(e) && e.status === 404 && !e.field) throw domainErrorResponse(e);
      const reply = replyForDomainError(submission, e, locale, { fields: ["bidId", "rationale", "noConflictDeclared"] });
      if (!reply) throw e;
      return data({ intent, result: reply.result } satisfies LastReply, { status: reply.status });
    }
    return redirect(`/broker/projects/${id}?done=award`);
  }

  if (intent === "declare_unsuccessful") {
    const submission = parseWithZod(formData, { schema: reasonSchema, disableAutoCoercion: true });
    if (submission.status !== "success") return data({ intent, result: submission.reply() } satisfies LastReply, { status: 400 });
    try {
      await declareUnsuccessful(user, id, { reason: submission.value.reason });
    } catch (e) {
      if (isDomainError(e) && e.status === 404 && !e.field) throw domainErrorResponse(e);
      const reply = replyForDomainError(submission, e, locale, { fields: ["reason"] });
      if (!reply) throw e;
      return data({ intent, result: reply.result } satisfies LastReply, { status: reply.status });
    }
    return redirect(`/broker/projects/${id}?done=declare_unsuccessful`);
  }

  throw errorResponse(400, "error.transition.unknown");
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type BidRow = LoaderData["bids"]["bids"][number];

function Check({ ok, label }: { ok: boolean; label: string }) {
  const t = useT();
  return (
    <li className={cx("flex items-start gap-1.5", ok ? "text-green-800" : "text-red-800")}>
      <span aria-hidden="true" className="font-bold">
        {ok ? "✓" : "✕"}
      </span>
      <span>
        <span className="sr-only">{ok ? t("broker.award.check.ok") : t("broker.award.check.fail")}</span>
        {label}
      </span>
    </li>
  );
}

function admissionLabel(t: ReturnType<typeof useT>, rule: string, params: Record<string, string | number>): string {
  switch (rule) {
    case "vetting":
      return t("admission.vetting");
    case "minGrade":
      return t("admission.minGrade", params);
    case "minYearsRegistered":
      return t("admission.minYearsRegistered", params);
    case "mustServeDistrict":
      return t("admission.mustServeDistrict");
    case "unionRequired":
      return t("admission.unionRequired");
    default:
      return rule;
  }
}

function LongText({ text }: { text: string }) {
  return <div className="max-h-48 overflow-y-auto whitespace-pre-line text-sm leading-relaxed text-slate-800">{text}</div>;
}

/** The bids as columns, the criteria as rows (a real table: row and column headers for screen readers). */
function ComparisonTable({ bids, budgetFen, now }: { bids: BidRow[]; budgetFen: number; now: Date }) {
  const t = useT();
  const lowest = Math.min(...bids.map((b) => b.amountFen));
  const rows: Array<{ key: string; label: string; cell: (b: BidRow) => ReactNode }> = [
    {
      key: "amount",
      label: t("broker.award.row.amount"),
      cell: (b) => (
        <div>
          <span className="text-lg font-semibold tabular-nums text-slate-900">{formatFen(b.amountFen)}</span>
          {b.amountFen === lowest && bids.length > 1 && (
            <Badge tone="green" className="ml-2">
              {t("broker.award.lowest")}
            </Badge>
          )}
          <span className={cx("block text-sm", b.amountFen > budgetFen ? "font-medium text-red-800" : "text-slate-600")}>
            {t("broker.award.ofBudget", { pct: budgetFen > 0 ? Math.round((b.amountFen / budgetFen) * 1000) / 10 : 0 })}
          </span>
          {b.overBudgetReason && (
            <p className="mt-1 text-sm text-slate-800">
              <span className="font-medium">{t("broker.award.overBudgetReason")}：</span>
              {b.overBudgetReason}
            </p>
          )}
        </div>
      ),
    },
    { key: "plan", label: t("broker.award.row.plan"), cell: (b) => <LongText text={b.plan} /> },
    { key: "timeline", label: t("broker.award.row.timeline"), cell: (b) => <LongText text={b.timeline} /> },
    { key: "team", label: t("broker.award.row.team"), cell: (b) => <LongText text={b.team} /> },
    {
      key: "grade",
      label: t("broker.award.row.grade"),
      cell: (b) => (b.organization ? gradeText(t, b.organization.grade, b.organization.gradeValidUntil, now) : "—"),
    },
    {
      key: "union",
      label: t("broker.award.row.union"),
      cell: (b) =>
        b.organization ? (
          <Badge tone={b.organization.unionCoverage === "NONE" ? "gray" : "teal"}>{t(`unionCoverage.${b.organization.unionCoverage}`)}</Badge>
        ) : (
          "—"
        ),
    },
    {
      key: "performance",
      label: t("broker.award.row.performance"),
      cell: (b) =>
        b.organization?.performanceScore != null ? (
          <span className="tabular-nums">{b.organization.performanceScore.toFixed(1)}</span>
        ) : (
          <span className="text-slate-600">{t("broker.award.noScore")}</span>
        ),
    },
    {
      key: "ratings",
      label: t("broker.award.row.ratings"),
      cell: (b) =>
        b.organization && b.organization.ratings.count > 0 && b.organization.ratings.average != null ? (
          <span>
            <span className="tabular-nums">{b.organization.ratings.average.toFixed(2)}</span> / 5
            <span className="block text-sm text-slate-600">{t("broker.award.ratingCount", { count: b.organization.ratings.count })}</span>
          </span>
        ) : (
          <span className="text-slate-600">{t("broker.award.noRatings")}</span>
        ),
    },
    {
      key: "admission",
      label: t("broker.award.row.admission"),
      cell: (b) => (
        <ul className="space-y-1 text-sm">
          {(b.admission ?? []).map((c) => (
            <Check key={c.rule} ok={c.ok} label={admissionLabel(t, c.rule, c.params)} />
          ))}
        </ul>
      ),
    },
    {
      key: "state",
      label: t("broker.award.row.state"),
      cell: (b) => (
        <span>
          <Badge tone={b.state === "AWARDED" ? "teal" : b.state === "LOST" ? "gray" : "blue"}>{t(`bidState.${b.state}`)}</Badge>
          <span className="mt-1 block text-sm text-slate-600">{t("broker.award.submittedAt", { date: formatDateTime(b.submittedAt, t.locale) })}</span>
        </span>
      ),
    },
  ];
  return (
    // `relative`: the sr-only texts inside are positioned against this scroll box, not the page.
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm" tabIndex={0} role="region" aria-label={t("broker.award.compare")}>
      {/* Columns keep a readable width: on a phone the table scrolls sideways inside its box. */}
      <table className="w-full table-fixed border-collapse text-left" style={{ minWidth: `${8 + bids.length * 15}rem` }}>
        <caption className="sr-only">{t("broker.award.compare")}</caption>
        <colgroup>
          <col className="w-32 sm:w-40" />
          {bids.map((b) => (
            <col key={b.id} className="w-72" />
          ))}
        </colgroup>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-4 py-3 text-sm font-semibold text-slate-700">
              {t("broker.award.criterion")}
            </th>
            {bids.map((b, i) => (
              <th key={b.id} scope="col" className="border-l border-slate-200 px-4 py-3 align-top">
                <span className="block text-xs font-medium text-slate-600">{t("broker.award.bidNo", { n: i + 1 })}</span>
                <span className="block text-base font-semibold text-slate-900">{b.organization?.name ?? "—"}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="sticky left-0 z-10 bg-white px-4 py-3 align-top text-sm font-semibold text-slate-700">
                {r.label}
              </th>
              {bids.map((b) => (
                <td key={b.id} className={cx("border-l border-slate-200 px-4 py-3 align-top", b.state === "AWARDED" && "bg-teal-50/60")}>
                  {r.cell(b)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AwardForm({ bids, last }: { bids: BidRow[]; last?: LastReply }) {
  const t = useT();
  const nav = useNavigation();
  const pending = nav.state === "submitting" && nav.formData?.get("intent") === "award";
  const [form, fields] = useForm({
    id: "award",
    lastResult: last?.intent === "award" ? last.result : undefined,
    constraint: getZodConstraint(awardSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: awardSchema, disableAutoCoercion: true }),
  });
  const bidErr = fields.bidId.errors;
  return (
    <Form method="post" className="space-y-5" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="award" />
      <FormError id={form.errorId} errors={form.errors} />
      <fieldset aria-describedby={bidErr?.length ? fields.bidId.errorId : undefined}>
        <legend className="mb-2 text-sm font-medium text-slate-800">
          {t("broker.award.choose")}
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        </legend>
        <div className={cx("grid grid-cols-1 gap-2 sm:grid-cols-2", !!bidErr?.length && "rounded-md ring-2 ring-red-600 ring-offset-2")}>
          {bids
            .filter((b) => b.state === "SUBMITTED")
            .map((b) => {
              const { key: _key, ...radio } = getInputProps(fields.bidId, { type: "radio", value: b.id });
              return (
                <label
                  key={b.id}
                  htmlFor={`bid-${b.id}`}
                  className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-300 bg-white p-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
                >
                  <input {...radio} id={`bid-${b.id}`} className="mt-1 size-5 accent-brand-700" />
                  <span>
                    <span className="block font-medium text-slate-900">{b.organization?.name ?? "—"}</span>
                    <span className="block text-sm tabular-nums text-slate-700">{formatFen(b.amountFen)}</span>
                  </span>
                </label>
              );
            })}
        </div>
        <FieldErrors id={fields.bidId.errorId} errors={bidErr} />
      </fieldset>
      <Textarea meta={fields.rationale} label={t("broker.award.rationale")} hint={t("broker.award.rationale.hint")} rows={5} />
      <Checkbox meta={fields.noConflictDeclared} label={t("broker.award.noConflict")} hint={t("broker.award.noConflict.hint")} />
      <Button type="submit" pending={pending} pendingLabel={t("broker.submitting")}>
        {t("transition.award.label")}
      </Button>
    </Form>
  );
}

export default function BrokerAward() {
  const { project, award, bids, canAward, canDeclare, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const last: LastReply | undefined = actionData ?? undefined;
  const live = bids.bids.filter((b) => b.state === "SUBMITTED");

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link to="/broker/projects" className="underline">
              {t("broker.projects.title")}
            </Link>
            <span aria-hidden="true">/</span>
            <Link to={`/broker/projects/${project.id}`} className="font-mono underline">
              {project.code}
            </Link>
          </span>
        }
        title={t("broker.award.title")}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-slate-900">{project.title}</span>
            <ProjectStateBadge state={project.state} />
            <span className="text-sm">
              {t("broker.award.budget", { amount: formatFen(project.budgetFen) })} ·{" "}
              {t("broker.award.deadline", { date: project.bidDeadline ? formatDateTime(project.bidDeadline, t.locale) : "—" })}
            </span>
          </span>
        }
      />

      {bids.sealed ? (
        <Alert tone="info" title={t("broker.award.sealed.title")}>
          {t("broker.award.sealed.body", { count: bids.count })}
        </Alert>
      ) : bids.bids.length === 0 ? (
        <Alert tone="warning" title={t("broker.award.noBids.title")}>
          {t("broker.award.noBids.body")}
        </Alert>
      ) : (
        <section aria-labelledby="compare-heading" className="space-y-3">
          <h2 id="compare-heading" className="text-lg font-semibold text-slate-900">
            {t("broker.award.compare")} <span className="text-base font-normal text-slate-600">({bids.bids.length})</span>
          </h2>
          <p className="text-sm text-slate-600">{t("broker.award.order")}</p>
          <ComparisonTable bids={bids.bids} budgetFen={project.budgetFen} now={new Date(now)} />
        </section>
      )}

      {award && (
        <Alert tone="success" title={t("broker.project.awardedTo", { name: award.organizationName, amount: formatFen(award.amountFen) })}>
          <span className="whitespace-pre-line">{award.rationale}</span>
        </Alert>
      )}

      {(canAward || canDeclare) && (
        <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
          {canAward && live.length > 0 && (
            <Card title={t("broker.award.decide")} className="lg:col-span-2">
              <AwardForm bids={bids.bids} last={last} />
            </Card>
          )}
          {canDeclare && (
            <Card title={t("transition.declare_unsuccessful.label")} className={live.length === 0 ? "lg:col-span-2" : undefined}>
              <ReasonForm
                intent="declare_unsuccessful"
                label={t("transition.declare_unsuccessful.label")}
                description={t("transition.declare_unsuccessful.description")}
                last={last}
                variant="danger"
                inline
              />
            </Card>
          )}
        </div>
      )}
      {!canAward && !award && !bids.sealed && project.state !== "EVALUATING" && (
        <p className="text-slate-700">{t("broker.award.notNow")}</p>
      )}
      <LinkButton to={`/broker/projects/${project.id}`} variant="ghost">
        ← {t("broker.award.backToProject")}
      </LinkButton>
    </div>
  );
}
