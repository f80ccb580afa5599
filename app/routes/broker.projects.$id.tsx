// BROKER view of one project: the need (or bundle), the bid count (sealed until the deadline), the
// award, delivery, disputes, the lifecycle actions the broker may fire now (from the domain's
// allowedTransitions), and the audit timeline. Admins may read it (no actions).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "~/components/parse-form";
import type { ReactNode } from "react";
import type { z } from "zod";

import { domainErrorResponse, errorResponse, rethrowAsResponse, requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge, ProjectStateBadge } from "~/components/Badge";
import { LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { formatDate, formatDateTime, formatFen } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { assertCleanForm, idParamOr404 } from "~/components/broker/params.server";
import { actorOf, requireVisibleProject } from "~/components/marketplace/helpers.server";
import { categoryText, refLabel } from "~/components/broker/labels";
import { emptySchema, publishFormSchema, reasonSchema, unbundleSchema } from "~/components/broker/schemas";
import { Timeline } from "~/components/broker/Timeline";
import { ConfirmForm, PublishForm, ReasonForm, type LastReply } from "~/components/broker/TransitionForms";
import { projectTimeline } from "~/domain/broker.server";
import { isDomainError } from "~/domain/errors";
import { fireTransition, getProjectForActor, unbundle } from "~/domain/projects.server";
import { isMessageKey } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { localeFromMatches } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { t as translate } from "~/i18n";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) => {
  const locale = localeFromMatches(matches);
  const title = d?.detail ? `${d.detail.project.code} ${d.detail.project.title}` : translate(locale, "broker.projects.title");
  return [{ title: `${title} · ${translate(locale, "app.name")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const id = idParamOr404(params.id);
  const detail = await getProjectForActor(user, id).catch(rethrowAsResponse);
  const timeline = await projectTimeline(user, id);
  const deadlinePassed = !!detail.project.bidDeadline && new Date(detail.project.bidDeadline).getTime() <= Date.now();
  return { detail, timeline, canAct: user.role === "BROKER", deadlinePassed };
}

/** Intents this page handles (award → /award page; dispute resolution → /broker/disputes). */
const INTENTS = ["publish", "return", "reject", "cancel", "close_bidding", "declare_unsuccessful", "close", "unbundle"] as const;
type Intent = (typeof INTENTS)[number];

function schemaFor(intent: Intent): z.ZodTypeAny {
  switch (intent) {
    case "publish":
      return publishFormSchema;
    case "unbundle":
      return unbundleSchema;
    case "close_bidding":
    case "close":
      return emptySchema;
    default:
      return reasonSchema;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER");
  const id = idParamOr404(params.id);
  await requireVisibleProject(actorOf(user), id); // an unknown project is a 404 whatever the body
  const formData = await request.formData();
  assertCleanForm(formData);
  const intent = String(formData.get("intent") ?? "") as Intent;
  if (!INTENTS.includes(intent)) throw errorResponse(400, "error.transition.unknown");
  const submission = parseWithZod(formData, { schema: schemaFor(intent), disableAutoCoercion: true });
  if (submission.status !== "success") {
    return data({ intent, result: submission.reply() } satisfies LastReply, { status: 400 });
  }
  try {
    if (intent === "unbundle") await unbundle(user, id, submission.value as object);
    else await fireTransition(user, id, intent, submission.value);
  } catch (e) {
    // A project that does not exist is a 404 page, not a form error.
    if (isDomainError(e) && e.status === 404 && !e.field) throw domainErrorResponse(e);
    const fields = intent === "publish" ? ["bidDeadline"] : intent === "close_bidding" || intent === "close" ? [] : ["reason"];
    const reply = replyForDomainError(submission, e, getLocale(request), { fields });
    if (!reply) throw e;
    return data({ intent, result: reply.result } satisfies LastReply, { status: reply.status });
  }
  return redirect(`/broker/projects/${id}?done=${intent}`);
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-0.5 font-medium text-slate-900">{children}</dd>
    </div>
  );
}

export default function BrokerProject() {
  const { detail, timeline, canAct, deadlinePassed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const p = detail.project;
  const last: LastReply | undefined = actionData ?? undefined;
  const allowed = new Set(detail.allowedTransitions);
  const done = params.get("done");
  const doneKey = done ? `broker.done.${done}` : null;

  const admission: string[] = [];
  if (p.minGrade) admission.push(t("admission.minGrade", { required: p.minGrade }));
  if (p.minYearsRegistered) admission.push(t("admission.minYearsRegistered", { required: p.minYearsRegistered }));
  if (p.mustServeDistrict) admission.push(t("admission.mustServeDistrict"));
  admission.push(t(`unionRule.${p.unionRule}`));

  const reasonTransitions = (["return", "reject", "declare_unsuccessful", "cancel"] as const).filter((n) => allowed.has(n));
  const canUnbundle = p.isBundle && (p.state === "PUBLISHED" || p.state === "UNSUCCESSFUL") && !(p.state === "PUBLISHED" && detail.bidCount > 0);
  const hasActions =
    canAct &&
    (allowed.has("publish") ||
      reasonTransitions.length > 0 ||
      allowed.has("award") ||
      allowed.has("close") ||
      allowed.has("evaluate") ||
      (allowed.has("close_bidding") && deadlinePassed) ||
      allowed.has("resolve_dispute_accept") ||
      canUnbundle);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link to="/broker/projects" className="underline">
              {t("broker.projects.title")}
            </Link>
            <span aria-hidden="true">/</span>
            <span className="font-mono">{p.code}</span>
          </span>
        }
        title={p.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ProjectStateBadge state={p.state} />
            {p.isBundle && <Badge tone="brand">{t("broker.bundle.badge")}</Badge>}
            {p.bundle && (
              <span className="text-sm">
                {t("broker.bundle.memberOf")}{" "}
                <Link to={`/broker/projects/${p.bundle.id}`} className="font-mono underline">
                  {p.bundle.code}
                </Link>
              </span>
            )}
          </span>
        }
        actions={
          <>
            {p.state === "SUBMITTED" && (
              <LinkButton to="/broker/review" variant="secondary">
                {t("broker.review.back")}
              </LinkButton>
            )}
            <LinkButton to={`/broker/projects/${p.id}/recommendations`} variant="secondary">
              {t("match.open")}
            </LinkButton>
          </>
        }
      />

      {doneKey && isMessageKey(doneKey) && (
        <Alert tone="success">
          {t(doneKey)}{" "}
          {(done === "publish" || done === "return" || done === "reject") && (
            <Link to="/broker/review" className="font-medium underline">
              {t("broker.review.back")}
            </Link>
          )}
        </Alert>
      )}
      {p.stateReason && ["DRAFT", "REJECTED", "CANCELLED", "UNSUCCESSFUL"].includes(p.state) && (
        <Alert tone="warning" title={t("broker.project.lastReason")} role="note">
          <span className="whitespace-pre-line">{p.stateReason}</span>
        </Alert>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={t("broker.project.facts")}>
            <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <Fact label={t("broker.col.enterprise")}>{p.enterprise?.name ?? (p.isBundle ? t("broker.bundle.severalEnterprises") : "—")}</Fact>
              <Fact label={t("broker.col.category")}>{categoryText(t, p.categoryCode, p.category ? [p.category] : [])}</Fact>
              <Fact label={t("broker.col.district")}>{refLabel(p.district, t.locale)}</Fact>
              <Fact label={t("broker.col.budget")}>
                <span className="tabular-nums">{formatFen(p.budgetFen)}</span> · {t(`funding.${p.fundingSource}`)}
              </Fact>
              <Fact label={t("broker.project.beneficiaries")}>{t("broker.project.beneficiaries.value", { people: p.beneficiariesPlanned, sessions: p.sessionsPlanned })}</Fact>
              <Fact label={t("broker.project.serviceWindow")}>
                {p.serviceStart ? formatDate(p.serviceStart, t.locale) : "—"} – {p.serviceEnd ? formatDate(p.serviceEnd, t.locale) : "—"}
              </Fact>
              <Fact label={p.state === "SUBMITTED" || p.state === "DRAFT" ? t("broker.col.proposedDeadline") : t("broker.col.deadline")}>
                {p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—"}
              </Fact>
              <Fact label={t("broker.project.publishedAt")}>{p.publishedAt ? formatDateTime(p.publishedAt, t.locale) : "—"}</Fact>
              <div className="sm:col-span-2">
                <dt className="text-sm text-slate-600">{t("broker.project.admission")}</dt>
                <dd className="mt-1">
                  <ul className="list-inside list-disc text-slate-900">
                    {admission.map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ul>
                </dd>
              </div>
            </dl>
            <h3 className="mt-6 text-base font-semibold text-slate-900">{t("broker.project.description")}</h3>
            <p className="mt-2 whitespace-pre-line text-slate-800">{p.description}</p>
          </Card>

          {p.isBundle && (
            <Card title={t("broker.bundle.members", { count: p.members.length })}>
              {p.members.length === 0 ? (
                <p className="text-slate-600">{t("broker.bundle.noMembers")}</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {p.members.map((m) => (
                    <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                      <span className="min-w-0">
                        <span className="mr-2 font-mono text-sm text-slate-600">{m.code}</span>
                        <Link to={`/broker/projects/${m.id}`} className="font-medium text-brand-800 underline-offset-2 hover:underline">
                          {m.title}
                        </Link>
                        <span className="block text-sm text-slate-600">
                          {m.enterprise?.name ?? "—"} · {formatFen(m.budgetFen)}
                        </span>
                      </span>
                      <ProjectStateBadge state={m.state} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          )}

          {(p.publishedAt || detail.bidCount > 0 || detail.award) && (
            <Card title={t("broker.project.bids")}>
              <p className="text-slate-800">{t("broker.project.bidCount", { count: detail.bidCount })}</p>
              {!detail.bidsOpen ? (
                <p className="mt-2 text-sm text-slate-600">
                  {p.bidDeadline && !deadlinePassed ? t("broker.project.sealedUntil", { date: formatDateTime(p.bidDeadline, t.locale) }) : t("broker.project.sealed")}
                </p>
              ) : (
                !p.bundleId && (
                  <LinkButton to={`/broker/projects/${p.id}/award`} variant={allowed.has("award") ? "primary" : "secondary"} size="sm" className="mt-3">
                    {allowed.has("award") ? t("broker.award.open") : t("broker.award.viewBids")}
                  </LinkButton>
                )
              )}
              {detail.award && (
                <div className="mt-4 rounded-lg border border-teal-200 bg-teal-50 p-4">
                  <p className="font-semibold text-teal-900">
                    {t("broker.project.awardedTo", { name: detail.award.organizationName, amount: formatFen(detail.award.amountFen) })}
                  </p>
                  <p className="mt-1 text-sm text-teal-900">{formatDateTime(detail.award.approvedAt, t.locale)}</p>
                  <p className="mt-2 whitespace-pre-line text-sm text-slate-800">
                    <span className="font-medium">{t("broker.award.rationale")}：</span>
                    {detail.award.rationale}
                  </p>
                </div>
              )}
            </Card>
          )}

          {(detail.deliveryReports.length > 0 || detail.disputes.length > 0 || detail.ratings.length > 0) && (
            <Card title={t("broker.project.delivery")}>
              <div className="space-y-5">
                {detail.deliveryReports.map((r) => (
                  <div key={r.id} className="rounded-lg border border-slate-200 p-4">
                    <p className="text-sm text-slate-600">
                      {t("broker.project.report", { date: formatDateTime(r.submittedAt, t.locale) })}
                    </p>
                    <p className="mt-1 text-slate-900">
                      {t("broker.project.reportFigures", {
                        people: r.beneficiariesActual,
                        sessions: r.sessionsHeld,
                        from: formatDate(r.startDate, t.locale),
                        to: formatDate(r.endDate, t.locale),
                      })}
                    </p>
                    <p className="mt-2 whitespace-pre-line text-sm text-slate-800">{r.summary}</p>
                  </div>
                ))}
                {detail.disputes.map((d) => (
                  <div key={d.id} className="rounded-lg border border-red-200 bg-red-50/50 p-4">
                    <p className="text-sm text-slate-600">{t("broker.disputes.raised", { date: formatDateTime(d.createdAt, t.locale) })}</p>
                    <p className="mt-1 whitespace-pre-line text-slate-900">{d.reason}</p>
                    {d.resolvedAt ? (
                      <p className="mt-2 whitespace-pre-line text-sm text-slate-800">
                        <span className="font-medium">{t("broker.disputes.resolution")}：</span>
                        {d.resolution}
                      </p>
                    ) : (
                      canAct && (
                        <LinkButton to={`/broker/disputes#d-${d.projectId}`} size="sm" className="mt-3">
                          {t("broker.disputes.resolve")}
                        </LinkButton>
                      )
                    )}
                  </div>
                ))}
                {detail.ratings.length > 0 && (
                  <p className="text-sm text-slate-700">{t("broker.project.ratings", { count: detail.ratings.length })}</p>
                )}
              </div>
            </Card>
          )}
        </div>

        <div className="space-y-6">
          {hasActions && (
            <Card title={t("broker.project.actions")}>
              <div className="space-y-4">
                {allowed.has("publish") && <PublishForm last={last} proposed={p.bidDeadline} />}
                {allowed.has("award") && (
                  <div className="space-y-2">
                    <p className="text-sm text-slate-700">{t("broker.award.intro")}</p>
                    <LinkButton to={`/broker/projects/${p.id}/award`}>{t("broker.award.open")}</LinkButton>
                  </div>
                )}
                {allowed.has("close_bidding") && deadlinePassed && (
                  <ConfirmForm intent="close_bidding" label={t("transition.close_bidding.label")} description={t("transition.close_bidding.description")} last={last} />
                )}
                {allowed.has("resolve_dispute_accept") && (
                  <LinkButton to={`/broker/disputes#d-${p.id}`}>{t("broker.disputes.resolve")}</LinkButton>
                )}
                {allowed.has("evaluate") && (
                  <div className="space-y-2">
                    <p className="text-sm text-slate-700">{t("transition.evaluate.description")}</p>
                    <LinkButton to={`/projects/${p.id}/evaluation`} variant="secondary">
                      {t("broker.project.openEvaluation")}
                    </LinkButton>
                  </div>
                )}
                {allowed.has("close") && <ConfirmForm intent="close" label={t("transition.close.label")} description={t("transition.close.description")} last={last} />}
                {reasonTransitions.map((n) => (
                  <ReasonForm
                    key={n}
                    intent={n}
                    label={t(`transition.${n}.label`)}
                    description={t(`transition.${n}.description`)}
                    last={last}
                    variant={n === "reject" || n === "cancel" ? "danger" : "secondary"}
                  />
                ))}
                {canUnbundle && (
                  <ReasonForm intent="unbundle" label={t("broker.bundle.unbundle")} description={t("broker.bundle.unbundle.description")} last={last} optional />
                )}
              </div>
            </Card>
          )}

          <Card title={t("broker.timeline.title")}>
            <Timeline entries={timeline} />
          </Card>
        </div>
      </div>
    </div>
  );
}
