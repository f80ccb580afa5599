// /projects/:id — one project for every role that may see it (anyone else: 404): facts, state and a
// timeline from the audit log, attachments, admission checks (organizations), sealed bids (count only
// before the deadline; the owner enterprise sees the bids after it), the award, delivery reports,
// disputes and ratings. The forms shown are exactly the transitions this user may fire now
// (getProjectForActor.allowedTransitions); the action refuses anything else with a clear message.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "~/components/parse-form";
import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";

import { notFoundResponse, requireUser } from "~/auth/guards.server";
import { listBidsForProject, submitBid, withdrawBid } from "~/domain/bids.server";
import { bidSchema } from "~/domain/bids.schema";
import { fileDeliveryReport, rateOrganization } from "~/domain/delivery.server";
import { DomainError, isDomainError } from "~/domain/errors";
import { isTransitionName, type TransitionName } from "~/domain/lifecycle";
import { projectTimeline } from "~/domain/marketplace-views.server";
import { fenToYuanInput, formatFen } from "~/domain/money";
import { fireTransition, getProjectForActor } from "~/domain/projects.server";
import { makeDeliveryReportSchema, ratingSchema, reasonSchema } from "~/domain/projects.schema";
import { DOCUMENT_TYPES, deleteStoredFile, storeUpload, type StoredFile } from "~/domain/uploads.server";
import { Alert } from "~/components/Alert";
import { Badge, ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { cx } from "~/components/cx";
import { PageHeader } from "~/components/PageHeader";
import { formatDate, formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { actorOf, domainMessage, loadRefs, onFileField, orRespond, requireVisibleProject } from "~/components/marketplace/helpers.server";
import { formatFileSize, formatScore, refName, toDateInput } from "~/components/marketplace/labels";
import { filesOf, readFormWithFiles } from "~/components/marketplace/multipart.server";
import {
  AdmissionChecklist,
  AdmissionConditions,
  AttachmentList,
  FactList,
  ProjectFacts,
  Timeline,
} from "~/components/marketplace/ProjectBits";
import { BidForm, DeliveryReportForm, RatingForm, ReasonForm, TransitionButton, WithdrawBidButton } from "~/components/marketplace/ProjectForms";
import { getLocale } from "~/i18n/locale.server";
import { localeFromMatches } from "~/i18n/meta";
import { t as translate, type MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = localeFromMatches(matches);
  const title = d?.project ? `${d.project.code} ${d.project.title}` : translate(locale, "project.title");
  return [{ title: `${title} · ${translate(locale, "app.name")}` }];
};

/** Transitions fired from this page (broker decisions live on the broker's pages). */
const PAGE_TRANSITIONS: readonly TransitionName[] = ["submit", "cancel", "start_delivery", "accept", "dispute"];
const REASON_TRANSITIONS: readonly TransitionName[] = ["cancel", "dispute"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!params.id) throw notFoundResponse();
  const actor = actorOf(user);
  const detail = await orRespond(getProjectForActor(actor, params.id));
  const p = detail.project;
  const isOrg = user.role === "ORG";
  const isEnterprise = user.role === "ENTERPRISE";
  const [bidList, timeline, refs] = await Promise.all([
    isOrg || isEnterprise ? orRespond(listBidsForProject(actor, p.id, { known: p })) : Promise.resolve(null),
    orRespond(projectTimeline(actor, p.id, { known: p })),
    loadRefs(),
  ]);
  const myBid = isOrg ? bidList?.bids.find((b) => b.organizationId === user.organizationId) ?? null : null;
  const ownEnterprise = isEnterprise && !p.isBundle && p.enterpriseId === user.enterpriseId;
  const rated = detail.ratings.some((r) => r.enterpriseId === user.enterpriseId);
  const biddingOpen = p.state === "PUBLISHED" && !p.bundleId && !!p.bidDeadline && p.bidDeadline.getTime() > Date.now();

  return {
    viewer: { role: user.role, organizationId: user.organizationId },
    districts: refs.districts,
    project: {
      id: p.id,
      code: p.code,
      title: p.title,
      description: p.description,
      state: p.state,
      stateReason: p.stateReason,
      isBundle: p.isBundle,
      bundle: p.bundle ? { id: p.bundle.id, code: p.bundle.code, title: p.bundle.title, state: p.bundle.state } : null,
      members: p.members.map((m) => ({ id: m.id, code: m.code, title: m.title, state: m.state, enterpriseName: m.enterprise?.name ?? "" })),
      categoryCode: p.categoryCode,
      districtCode: p.districtCode,
      category: p.category,
      district: p.district,
      enterprise: p.enterprise ? { name: p.enterprise.name } : null,
      budgetFen: p.budgetFen,
      fundingSource: p.fundingSource,
      beneficiariesPlanned: p.beneficiariesPlanned,
      sessionsPlanned: p.sessionsPlanned,
      serviceStart: p.serviceStart,
      serviceEnd: p.serviceEnd,
      bidDeadline: p.bidDeadline,
      publishedAt: p.publishedAt,
      minGrade: p.minGrade,
      minYearsRegistered: p.minYearsRegistered,
      mustServeDistrict: p.mustServeDistrict,
      unionRule: p.unionRule,
      createdAt: p.createdAt,
    },
    attachments: p.attachments.map((a) => ({ id: a.id, fileName: a.fileName, mime: a.mime, size: a.size, createdAt: a.createdAt })),
    allowed: detail.allowedTransitions,
    canEdit: detail.canEdit,
    canBid: detail.canBid,
    biddingOpen,
    admission: detail.admission,
    bidCount: detail.bidCount,
    bidsOpen: detail.bidsOpen,
    // The owner enterprise's view of the bids (empty while sealed); an organization gets only its own.
    bids: isEnterprise && bidList && !bidList.sealed ? bidList.bids : [],
    myBid: myBid
      ? {
          state: myBid.state,
          amountFen: myBid.amountFen,
          overBudgetReason: myBid.overBudgetReason,
          plan: myBid.plan,
          timeline: myBid.timeline,
          team: myBid.team,
          updatedAt: myBid.updatedAt,
        }
      : null,
    award: detail.award,
    deliveryReports: detail.deliveryReports.map((r) => ({
      id: r.id,
      projectId: r.projectId,
      beneficiariesActual: r.beneficiariesActual,
      sessionsHeld: r.sessionsHeld,
      startDate: r.startDate,
      endDate: r.endDate,
      summary: r.summary,
      submittedAt: r.submittedAt,
      evidence: (Array.isArray(r.evidence) ? (r.evidence as Array<{ fileName?: string; size?: number }>) : []).map((f) => ({
        fileName: String(f.fileName ?? ""),
        size: Number(f.size ?? 0),
      })),
    })),
    disputes: detail.disputes.map((d) => ({ id: d.id, reason: d.reason, resolution: d.resolution, outcome: d.outcome, createdAt: d.createdAt, resolvedAt: d.resolvedAt })),
    ratings: detail.ratings.map((r) => ({
      id: r.id,
      quality: r.quality,
      timeliness: r.timeliness,
      professionalism: r.professionalism,
      workerResponse: r.workerResponse,
      comment: r.comment,
      createdAt: r.createdAt,
    })),
    canRate: ownEnterprise && p.state === "ACCEPTED" && !rated,
    timeline,
  };
}

type ActionData = { intent: string; result: SubmissionResult<string[]> | null; message: string | null };

function reply(intent: string, result: SubmissionResult<string[]> | null, message: string | null, status: number) {
  return data<ActionData>({ intent, result, message }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  if (!params.id) throw notFoundResponse();
  const id = params.id;
  const actor = actorOf(user);
  const locale = getLocale(request);
  const done = (what: string) => redirect(`/projects/${id}?ok=${what}`, { status: 303 });
  // Visibility first: someone else's project is a 404 whatever the body (an unknown intent, a bad form).
  await requireVisibleProject(actor, id);

  /** A failure without a form to show it on: a message at the top of the page (invisible project: 404). */
  const fail = (intent: string, e: unknown) => {
    const m = domainMessage(locale, e);
    if (!m) throw e;
    if (m.status === 404 && isDomainError(e) && e.code === "error.notFound") throw notFoundResponse();
    return reply(intent, null, m.message, m.status);
  };

  let formData: FormData;
  try {
    formData = await readFormWithFiles(request);
  } catch (e) {
    return fail("deliver", e);
  }
  const intent = String(formData.get("intent") ?? "");

  switch (intent) {
    case "transition": {
      const name = String(formData.get("name") ?? "");
      if (!isTransitionName(name)) return fail(intent, new DomainError(400, "error.transition.unknown"));
      if (!PAGE_TRANSITIONS.includes(name)) return fail(intent, new DomainError(403, "project.error.notOnThisPage"));
      if (REASON_TRANSITIONS.includes(name)) {
        const submission = parseWithZod(formData, { schema: reasonSchema, disableAutoCoercion: true });
        if (submission.status !== "success") return reply(name, submission.reply(), null, 400);
        try {
          await fireTransition(actor, id, name, submission.value);
          return done(name);
        } catch (e) {
          const r = replyForDomainError(submission, e, locale, { fields: ["reason"] });
          if (!r) throw e;
          if (r.status === 404) throw notFoundResponse();
          return reply(name, r.result, null, r.status);
        }
      }
      try {
        await fireTransition(actor, id, name, {});
        return done(name);
      } catch (e) {
        return fail(intent, e);
      }
    }

    case "bid": {
      const submission = parseWithZod(formData, { schema: bidSchema, disableAutoCoercion: true });
      if (submission.status !== "success") return reply(intent, submission.reply(), null, 400);
      try {
        await submitBid(actor, id, submission.value);
        return done("bid");
      } catch (e) {
        const r = replyForDomainError(submission, e, locale, { fields: ["amount", "overBudgetReason", "plan", "timeline", "team"] });
        if (!r) throw e;
        if (r.status === 404 && isDomainError(e) && e.code === "error.notFound") throw notFoundResponse();
        // Also at the top of the page: the form is not shown to an organization that may not bid.
        const m = domainMessage(locale, e);
        return reply(intent, r.result, m?.message ?? null, r.status);
      }
    }

    case "withdraw":
      try {
        await withdrawBid(actor, id);
        return done("withdrawn");
      } catch (e) {
        return fail(intent, e);
      }

    case "rate": {
      const submission = parseWithZod(formData, { schema: ratingSchema, disableAutoCoercion: true });
      if (submission.status !== "success") return reply(intent, submission.reply(), null, 400);
      try {
        await rateOrganization(actor, id, submission.value);
        return done("rated");
      } catch (e) {
        const r = replyForDomainError(submission, e, locale, { fields: ["quality", "timeliness", "professionalism", "workerResponse", "comment"] });
        if (!r) throw e;
        if (r.status === 404) throw notFoundResponse();
        return reply(intent, r.result, domainMessage(locale, e)?.message ?? null, r.status);
      }
    }

    case "deliver": {
      const submission = parseWithZod(formData, { schema: makeDeliveryReportSchema(), disableAutoCoercion: true });
      if (submission.status !== "success") return reply(intent, submission.reply({ hideFields: ["evidenceFiles"] }), null, 400);
      const stored: StoredFile[] = [];
      try {
        for (const f of filesOf(formData, "evidenceFiles")) stored.push(await storeUpload(f, { kinds: DOCUMENT_TYPES, folder: "delivery-evidence" }));
        const r = await fileDeliveryReport(actor, id, { ...submission.value, evidence: stored });
        if (!r.changed) await Promise.all(stored.map((f) => deleteStoredFile(f.storedPath))); // a repeat: the first report stands
        return done("file_delivery");
      } catch (e) {
        await Promise.all(stored.map((f) => deleteStoredFile(f.storedPath)));
        const err = onFileField(e, "evidenceFiles");
        const r = replyForDomainError(submission, err, locale, {
          fields: ["beneficiariesActual", "sessionsHeld", "startDate", "endDate", "summary", "evidenceFiles"],
          hideFields: ["evidenceFiles"],
        });
        if (!r) throw e;
        if (r.status === 404 && isDomainError(e) && e.code === "error.notFound") throw notFoundResponse();
        return reply(intent, r.result, domainMessage(locale, err)?.message ?? null, r.status);
      }
    }

    default:
      return fail(intent, new DomainError(400, "error.invalidInput"));
  }
}

// ---------- page ----------

const OK_MESSAGES: Record<string, MessageKey> = {
  created: "project.ok.created",
  saved: "project.ok.saved",
  submit: "project.ok.submit",
  cancel: "project.ok.cancel",
  start_delivery: "project.ok.start_delivery",
  file_delivery: "project.ok.file_delivery",
  accept: "project.ok.accept",
  dispute: "project.ok.dispute",
  bid: "project.ok.bid",
  withdrawn: "project.ok.withdrawn",
  rated: "project.ok.rated",
};

function Section({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card aria-labelledby={`${id}-title`} className="scroll-mt-6" id={id}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </Card>
  );
}

export default function ProjectPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const p = d.project;
  const role = d.viewer.role;
  const ok = searchParams.get("ok");
  const okKey = ok ? OK_MESSAGES[ok] : undefined;
  const can = (name: TransitionName) => d.allowed.includes(name);
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  // Messages of forms that are on the page show in the form; others (and button-only actions) at the top.
  const formOnPage: Record<string, boolean> = {
    bid: d.canBid,
    rate: d.canRate,
    deliver: can("file_delivery"),
    cancel: can("cancel"),
    dispute: can("dispute"),
  };
  const topError = actionData?.message && !(actionData.result && formOnPage[actionData.intent]) ? actionData.message : null;
  const backHref = role === "ENTERPRISE" ? "/enterprise" : role === "ORG" ? "/org" : "/projects";

  const hasActions =
    d.canEdit ||
    d.canBid ||
    can("submit") ||
    can("cancel") ||
    can("start_delivery") ||
    can("accept") ||
    can("dispute") ||
    can("file_delivery") ||
    role === "BROKER";

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Link to={backHref} className="text-brand-700 underline-offset-2 hover:underline">
              ← {t("project.back")}
            </Link>
            <span className="font-mono">{p.code}</span>
            {p.isBundle && <Badge tone="purple">{t("project.bundle.badge")}</Badge>}
          </span>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span className="min-w-0 break-words">{p.title}</span>
            <ProjectStateBadge state={p.state as ProjectStateName} />
          </span>
        }
        actions={
          d.canEdit || role === "ENTERPRISE" ? (
            <>
              {d.canEdit && (
                <LinkButton to={`/projects/${p.id}/edit`} variant="secondary">
                  {t("project.edit")}
                </LinkButton>
              )}
              {role === "ENTERPRISE" && (
                <LinkButton to={`/projects/${p.id}/recommendations`} variant="secondary">
                  {t("match.open")}
                </LinkButton>
              )}
            </>
          ) : undefined
        }
      />

      {okKey && (
        <Alert tone="success" role="status">
          {t(okKey)}
        </Alert>
      )}
      {topError && <Alert tone="error">{topError}</Alert>}
      {stateNotice()}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3 lg:grid-rows-[auto_1fr]">
        {hasActions && (
          <div className="space-y-6 lg:col-start-3 lg:row-start-1">
            {actionsCard()}
          </div>
        )}

        <div className="min-w-0 space-y-6 lg:col-span-2 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          <Section id="facts" title={t("project.section.facts")}>
            <ProjectFacts project={p} showEnterprise={role !== "ENTERPRISE"} />
            <h3 className="mt-6 text-base font-semibold text-slate-900">{t("project.section.description")}</h3>
            <p className="mt-1 whitespace-pre-line text-slate-800">{p.description}</p>
          </Section>

          <Section id="attachments" title={t("project.section.attachments")}>
            <AttachmentList projectId={p.id} attachments={d.attachments} />
          </Section>

          {(p.isBundle || p.bundle) && bundleSection()}

          {d.award && (
            <Section id="award" title={t("project.section.award")}>
              <FactList
                items={[
                  { label: t("award.org"), value: <span className="font-semibold">{d.award.organizationName}</span> },
                  { label: t("award.amount"), value: <span className="font-semibold tabular-nums">{formatFen(d.award.amountFen)}</span> },
                  { label: t("award.approvedAt"), value: formatDateTime(d.award.approvedAt, t.locale) },
                  { label: t("award.rationale"), value: <span className="whitespace-pre-line">{d.award.rationale}</span>, wide: true },
                ]}
              />
            </Section>
          )}

          {deliverySection()}
          {ratingsSection()}

          <Section id="admission" title={t("project.section.admission")}>
            <AdmissionConditions project={p} />
            {d.admission && p.state === "PUBLISHED" && (
              <div className="mt-4">
                <h3 className="mb-2 text-base font-semibold text-slate-900">{t("project.admission.yours")}</h3>
                <AdmissionChecklist checks={d.admission} districts={d.districts} />
              </div>
            )}
          </Section>

          {role === "ORG" && orgBidSection()}
          {role === "ENTERPRISE" && enterpriseBidsSection()}
          {role !== "ORG" && role !== "ENTERPRISE" && p.state !== "DRAFT" && p.state !== "SUBMITTED" && (
            <Section id="bids" title={t("project.section.bids")}>
              <p className="text-slate-800">{t("project.bids.count", { n: d.bidCount })}</p>
            </Section>
          )}

        </div>

        <div className={cx("min-w-0 lg:col-start-3", hasActions ? "lg:row-start-2" : "lg:row-start-1")}>
          <Section id="timeline" title={t("project.section.timeline")}>
            <Timeline entries={d.timeline} createdAt={p.createdAt} />
            <p className="mt-4 text-xs text-slate-600">{t("project.tzNote")}</p>
          </Section>
        </div>
      </div>
    </div>
  );

  function stateNotice() {
    if (p.state === "DRAFT" && p.stateReason && role === "ENTERPRISE") {
      return (
        <Alert tone="warning" title={t("project.returned.title")}>
          <p className="whitespace-pre-line">{p.stateReason}</p>
          <p className="mt-1">{t("project.returned.body")}</p>
        </Alert>
      );
    }
    if ((p.state === "REJECTED" || p.state === "CANCELLED" || p.state === "UNSUCCESSFUL") && p.stateReason) {
      return (
        <Alert tone="info" title={t.tx(`project.reason.${p.state}`)}>
          <p className="whitespace-pre-line">{p.stateReason}</p>
        </Alert>
      );
    }
    if (p.state === "SUBMITTED" && role === "ENTERPRISE") {
      return <Alert tone="info">{t("project.submitted.body")}</Alert>;
    }
    if (p.state === "EVALUATING" && role === "ENTERPRISE") {
      return <Alert tone="info">{t("project.evaluating.body")}</Alert>;
    }
    if (p.state === "AWARDED" && role === "ENTERPRISE") {
      return <Alert tone="info">{t("project.awarded.body")}</Alert>;
    }
    return null;
  }

  function actionsCard() {
    return (
      <Card title={t("project.section.actions")} headingLevel={2}>
        <div className="space-y-4">
          {d.canEdit && <p className="text-sm text-slate-700">{t("project.draft.hint")}</p>}
          {can("submit") && <TransitionButton name="submit" label={t("transition.submit.label")} hint={t("project.submit.hint")} />}
          {can("start_delivery") && <TransitionButton name="start_delivery" label={t("transition.start_delivery.label")} hint={t("project.startDelivery.hint")} />}
          {d.canBid && (
            <div className="space-y-1.5">
              <LinkButton to="#my-bid" className="w-full">
                {d.myBid?.state === "SUBMITTED" ? t("project.goBidEdit") : t("project.goBid")}
              </LinkButton>
              <p className="text-sm text-slate-600">
                {t("project.published.org", { deadline: p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—" })}
              </p>
            </div>
          )}
          {can("file_delivery") && (
            <LinkButton to="#delivery" className="w-full">
              {t("transition.file_delivery.label")}
            </LinkButton>
          )}
          {can("accept") && <TransitionButton name="accept" label={t("transition.accept.label")} hint={t("project.accept.hint")} />}
          {can("dispute") && (
            <details className="rounded-md border border-slate-200 p-3" open={actionData?.intent === "dispute"}>
              <summary className="cursor-pointer font-medium text-slate-900">{t("transition.dispute.label")}</summary>
              <div className="mt-3">
                <ReasonForm
                  id="dispute"
                  name="dispute"
                  lastResult={resultFor("dispute")}
                  label={t("transition.dispute.label")}
                  reasonLabel={t("project.dispute.reason")}
                  hint={t("project.dispute.hint")}
                />
              </div>
            </details>
          )}
          {can("cancel") && (
            <details className="rounded-md border border-slate-200 p-3" open={actionData?.intent === "cancel"}>
              <summary className="cursor-pointer font-medium text-slate-900">{t("transition.cancel.label")}</summary>
              <div className="mt-3">
                <ReasonForm
                  id="cancel"
                  name="cancel"
                  lastResult={resultFor("cancel")}
                  label={t("project.cancel.confirm")}
                  reasonLabel={t("project.cancel.reason")}
                  hint={t("project.cancel.hint")}
                />
              </div>
            </details>
          )}
          {role === "BROKER" && (
            <div className="space-y-2">
              <p className="text-sm text-slate-700">{t("project.broker.hint")}</p>
              <LinkButton to={`/broker/projects/${p.id}`} variant="primary" className="w-full">
                {t("project.broker.open")}
              </LinkButton>
            </div>
          )}
        </div>
      </Card>
    );
  }

  function bundleSection() {
    return (
      <Section id="bundle" title={t("project.section.bundle")}>
        {p.bundle ? (
          <p className="text-slate-800">
            {t("project.bundle.memberOf")}{" "}
            <Link to={`/projects/${p.bundle.id}`} className="font-medium text-brand-700 underline underline-offset-2">
              {p.bundle.code} {p.bundle.title}
            </Link>
          </p>
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-700">{t("project.bundle.membersHint")}</p>
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
              {p.members.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                  <Link to={`/projects/${m.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {m.code}
                  </Link>
                  <span className="min-w-0 flex-1 text-slate-800">
                    {m.title}
                    {m.enterpriseName && <span className="text-sm text-slate-600"> · {m.enterpriseName}</span>}
                  </span>
                  <ProjectStateBadge state={m.state as ProjectStateName} />
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
    );
  }

  function orgBidSection() {
    const mine = d.myBid;
    const live = mine?.state === "SUBMITTED";
    if (!mine && !d.biddingOpen) return null;
    return (
      <Section
        id="my-bid"
        title={t("project.section.myBid")}
        actions={mine ? <Badge tone={live ? "blue" : mine.state === "AWARDED" ? "green" : "gray"}>{t.tx(`bidState.${mine.state}`)}</Badge> : undefined}
      >
        {d.biddingOpen && (d.canBid || mine) && (
          <p className="mb-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
            {t("bid.sealedNote", { deadline: p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—" })}
          </p>
        )}
        {mine && (
          <FactList
            className="mb-5"
            items={[
              { label: t("bid.field.amount"), value: <span className="font-semibold tabular-nums">{formatFen(mine.amountFen)}</span> },
              { label: t("bid.updatedAt"), value: formatDateTime(mine.updatedAt, t.locale) },
              ...(mine.overBudgetReason ? [{ label: t("bid.field.overBudgetReason"), value: mine.overBudgetReason, wide: true }] : []),
              ...(!d.canBid ? [{ label: t("bid.field.plan"), value: <span className="whitespace-pre-line">{mine.plan}</span>, wide: true }] : []),
            ]}
          />
        )}
        {d.canBid ? (
          <div className="space-y-4">
            <BidForm
              lastResult={resultFor("bid")}
              budgetLabel={formatFen(p.budgetFen)}
              editing={live}
              defaultValue={
                mine
                  ? {
                      amount: fenToYuanInput(mine.amountFen),
                      overBudgetReason: mine.overBudgetReason ?? "",
                      plan: mine.plan,
                      timeline: mine.timeline,
                      team: mine.team,
                    }
                  : undefined
              }
            />
            {live && (
              <div className="flex flex-col gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:items-center sm:justify-between">
                <p className="text-sm text-slate-700">{t("bid.withdraw.hint")}</p>
                <WithdrawBidButton />
              </div>
            )}
          </div>
        ) : d.biddingOpen ? (
          <Alert tone="warning" title={t("bid.cannot.title")}>
            {t("bid.cannot.body")}
          </Alert>
        ) : (
          live && <p className="text-sm text-slate-700">{t("bid.closedNote")}</p>
        )}
      </Section>
    );
  }

  function enterpriseBidsSection() {
    if (p.state === "DRAFT" || p.state === "SUBMITTED" || p.state === "REJECTED" || (p.state === "CANCELLED" && !p.publishedAt)) return null;
    return (
      <Section id="bids" title={t("project.section.bids")}>
        {!d.bidsOpen ? (
          <div className="rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-blue-950">
            <p className="text-lg font-semibold">{t("project.bids.count", { n: d.bidCount })}</p>
            <p className="mt-1 text-sm">{t("project.bids.sealed", { deadline: p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—" })}</p>
          </div>
        ) : d.bids.length === 0 ? (
          <p className="text-slate-700">{t("project.bids.none")}</p>
        ) : (
          <>
          <p className="mb-3 text-sm text-slate-600">{t("project.bids.order")}</p>
          <ol className="space-y-4">
            {d.bids.map((b, i) => (
              <li key={b.id} className="rounded-lg border border-slate-200 p-4">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="text-sm text-slate-600">{t("project.bids.rank", { n: i + 1 })}</p>
                    <p className="text-base font-semibold text-slate-900">{b.organization?.name}</p>
                  </div>
                  <div className="text-right">
                    <p className="text-xl font-bold tabular-nums text-slate-900">{formatFen(b.amountFen)}</p>
                    <Badge tone={b.state === "AWARDED" ? "green" : b.state === "LOST" ? "gray" : "blue"}>{t.tx(`bidState.${b.state}`)}</Badge>
                  </div>
                </div>
                {b.organization && (
                  <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
                    <div>
                      <dt className="text-slate-600">{t("org.grade")}</dt>
                      <dd className="font-medium">
                        {b.organization.grade
                          ? b.organization.gradeValidUntil && new Date(b.organization.gradeValidUntil).getTime() < Date.now()
                            ? t("grade.expired", { n: b.organization.grade })
                            : t("grade.value", { n: b.organization.grade })
                          : t("grade.none")}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("org.union")}</dt>
                      <dd className="font-medium">{t.tx(`unionCoverage.${b.organization.unionCoverage}`)}</dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("org.performance")}</dt>
                      <dd className="font-medium tabular-nums">{formatScore(b.organization.performanceScore)}</dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("org.ratings")}</dt>
                      <dd className="font-medium">
                        {b.organization.ratings.average !== null
                          ? t("org.ratings.value", { avg: formatScore(b.organization.ratings.average, 2), n: b.organization.ratings.count })
                          : t("org.ratings.none")}
                      </dd>
                    </div>
                  </dl>
                )}
                {b.overBudgetReason && (
                  <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950">
                    <span className="font-medium">{t("bid.field.overBudgetReason")}：</span>
                    {b.overBudgetReason}
                  </p>
                )}
                {b.admission && b.admission.some((c) => !c.ok) && (
                  <p className="mt-2 text-sm font-medium text-red-800">{t("project.bids.admissionFails")}</p>
                )}
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("project.bids.details")}</summary>
                  <FactList
                    className="mt-3"
                    items={[
                      { label: t("bid.field.plan"), value: <span className="whitespace-pre-line">{b.plan}</span>, wide: true },
                      { label: t("bid.field.timeline"), value: <span className="whitespace-pre-line">{b.timeline}</span> },
                      { label: t("bid.field.team"), value: <span className="whitespace-pre-line">{b.team}</span> },
                      { label: t("bid.submittedAt"), value: formatDateTime(b.submittedAt, t.locale) },
                    ]}
                  />
                </details>
              </li>
            ))}
          </ol>
          </>
        )}
      </Section>
    );
  }

  function deliverySection() {
    const showForm = can("file_delivery");
    if (!showForm && d.deliveryReports.length === 0 && d.disputes.length === 0) return null;
    return (
      <Section id="delivery" title={t("project.section.delivery")}>
        <div className="space-y-5">
          {d.deliveryReports.map((r) => (
            <article key={r.id} className="rounded-lg border border-slate-200 p-4">
              <h3 className="text-sm text-slate-600">{t("delivery.report.filedAt", { at: formatDateTime(r.submittedAt, t.locale) })}</h3>
              <FactList
                className="mt-3"
                items={[
                  { label: t("delivery.field.beneficiaries"), value: t("delivery.vsPlan", { actual: r.beneficiariesActual, planned: p.beneficiariesPlanned }) },
                  { label: t("delivery.field.sessions"), value: t("delivery.vsPlan", { actual: r.sessionsHeld, planned: p.sessionsPlanned }) },
                  { label: t("delivery.period"), value: `${formatDate(r.startDate, t.locale)} – ${formatDate(r.endDate, t.locale)}` },
                  { label: t("delivery.field.summary"), value: <span className="whitespace-pre-line">{r.summary}</span>, wide: true },
                  {
                    label: t("delivery.field.evidence"),
                    wide: true,
                    value: r.evidence.length ? (
                      <ul className="space-y-1">
                        {r.evidence.map((f, i) => (
                          <li key={i}>
                            <a
                              href={`/projects/${r.projectId}/evidence/${r.id}/${i}`}
                              download
                              className="break-all font-medium text-brand-700 underline-offset-2 hover:underline"
                            >
                              {f.fileName}
                            </a>{" "}
                            <span className="text-sm text-slate-600">{formatFileSize(f.size)}</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      t("common.none")
                    ),
                  },
                ]}
              />
            </article>
          ))}
          {d.disputes.map((x) => (
            <article key={x.id} className="rounded-lg border border-red-200 bg-red-50/50 p-4">
              <h3 className="font-medium text-red-900">{t("dispute.title", { at: formatDateTime(x.createdAt, t.locale) })}</h3>
              <p className="mt-1 whitespace-pre-line text-slate-800">{x.reason}</p>
              {x.resolvedAt ? (
                <p className="mt-2 text-sm text-slate-800">
                  <span className="font-medium">{t("dispute.resolution", { at: formatDateTime(x.resolvedAt, t.locale) })}</span>
                  {x.outcome && <> {t.tx(`projectState.${x.outcome}`)}：</>}
                  {x.resolution}
                </p>
              ) : (
                <p className="mt-2 text-sm text-slate-700">{t("dispute.open")}</p>
              )}
            </article>
          ))}
          {showForm && (
            <div>
              <h3 className="mb-3 text-base font-semibold text-slate-900">{t("delivery.form.title")}</h3>
              <DeliveryReportForm
                lastResult={resultFor("deliver")}
                defaultValue={{ startDate: toDateInput(p.serviceStart), endDate: "", beneficiariesActual: "", sessionsHeld: "" }}
              />
            </div>
          )}
        </div>
      </Section>
    );
  }

  function ratingsSection() {
    if (!d.canRate && d.ratings.length === 0) return null;
    return (
      <Section id="rating" title={t("project.section.rating")}>
        {d.ratings.map((r) => (
          <div key={r.id} className="mb-4 rounded-lg border border-slate-200 p-4">
            <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              {(["quality", "timeliness", "professionalism", "workerResponse"] as const).map((k) => (
                <div key={k}>
                  <dt className="text-slate-600">{t(`rating.${k}`)}</dt>
                  <dd className="text-base font-semibold">
                    <span aria-hidden="true" className="text-amber-600">
                      {"★".repeat(r[k])}
                      <span className="text-slate-300">{"★".repeat(5 - r[k])}</span>
                    </span>
                    <span className="sr-only">{t("rating.outOf", { n: r[k] })}</span>
                  </dd>
                </div>
              ))}
            </dl>
            {r.comment && <p className="mt-3 whitespace-pre-line text-slate-800">{r.comment}</p>}
            <p className="mt-2 text-xs text-slate-600">{formatDateTime(r.createdAt, t.locale)}</p>
          </div>
        ))}
        {d.canRate && (
          <>
            <p className="mb-4 text-sm text-slate-700">{t("rating.intro")}</p>
            <RatingForm lastResult={resultFor("rate")} />
          </>
        )}
      </Section>
    );
  }
}
