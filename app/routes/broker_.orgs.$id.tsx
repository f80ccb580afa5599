// BROKER: one organization — profile, documents, grade (set with assessment date and validity), vetting
// decisions, registration changes awaiting review, vetting history (audit log), joint-meeting attendance
// and annual reviews.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { db } from "~/db.server";
import { listMeetingsForOrg } from "~/domain/meetings.server";
import { getOrgProfile } from "~/domain/organizations.server";
import { bpToPercent, formatDateOnly, gradeSchema, readFundingSources, readTags } from "~/domain/organizations.schema";
import { annualReviews, availableVettingActions, gradeStatus, setGrade } from "~/domain/vetting.server";
import { Alert } from "~/components/Alert";
import { VettingBadge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { FormError, Select, TextField } from "~/components/Field";
import { formatDate, formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { GradeBadge } from "~/components/registry/GradeBadge";
import { categoryLabel, codeName, formatBytes } from "~/components/registry/labels";
import { AttendanceBadge } from "~/components/registry/MeetingBits";
import { PendingChangesList } from "~/components/registry/PendingChangesList";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { VettingActions } from "~/components/registry/VettingActions";
import { handleVettingForm, isVettingIntent } from "~/components/registry/vetting-actions.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ data: d, matches }) =>
  pageTitle(matches, "registry.orgDetail.title", { name: (d as { org?: { name?: string } } | undefined)?.org?.name ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const id = params.id;
  if (!id) throw notFoundResponse();
  const org = await orRespond(getOrgProfile(user, id));
  const [refs, meetings, reviews, audit] = await Promise.all([
    loadRefs(),
    orRespond(listMeetingsForOrg(user, id)),
    orRespond(annualReviews(user, id)),
    db.auditLog.findMany({
      where: { entityType: "Organization", entityId: id },
      orderBy: { seq: "desc" },
      take: 100,
      select: { seq: true, at: true, actorId: true, actorRole: true, action: true, before: true, after: true, reason: true },
    }),
  ]);
  const actorIds = [...new Set(audit.map((a) => a.actorId).filter((x): x is string => !!x))];
  const actors = new Map(
    (await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
  );
  const statusOf = (j: unknown) => (j && typeof j === "object" && "vettingStatus" in j ? String((j as { vettingStatus: unknown }).vettingStatus) : null);
  return {
    refs,
    org: {
      id: org.id,
      name: org.name,
      uscc: org.uscc,
      registeringAuthority: org.registeringAuthority,
      legalRepresentative: org.legalRepresentative,
      foundedAt: org.foundedAt,
      staffCount: org.staffCount,
      volunteerCount: org.volunteerCount,
      districtCode: org.districtCode,
      serviceDistricts: org.serviceDistricts.map((s) => s.districtCode),
      categories: org.categories.map((c) => c.categoryCode),
      industryFocus: org.industryFocus,
      description: org.description,
      activityAreas: org.activityAreas,
      workingMethods: org.workingMethods,
      tags: readTags(org.tags),
      fundingSources: readFundingSources(org.fundingSources),
      unionCoverage: org.unionCoverage,
      incubated: org.incubated,
      incubationDistrictCode: org.incubationDistrictCode,
      incubatedSince: org.incubatedSince,
      contactName: org.contactName,
      contactPhone: org.contactPhone,
      address: org.address,
      vettingStatus: org.vettingStatus,
      vettingNote: org.vettingNote,
      vettedAt: org.vettedAt,
      performanceScore: org.performanceScore,
      ledgerConfirmedAt: org.ledgerConfirmedAt,
      createdAt: org.createdAt,
      grade: gradeStatus(org),
      gradeAssessedAt: org.gradeAssessedAt,
    },
    gradeDefaults: {
      grade: org.grade ? String(org.grade) : "",
      assessedAt: formatDateOnly(org.gradeAssessedAt),
      validUntil: formatDateOnly(org.gradeValidUntil),
    },
    actions: availableVettingActions(org.vettingStatus),
    pending: org.pending,
    documents: org.documents.map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, size: d.size, createdAt: d.createdAt })),
    meetings: meetings.map((m) => ({ id: m.id, title: m.title, scheduledAt: m.scheduledAt, attended: m.attended })),
    reviews: reviews.map((r) => ({ id: r.id, year: r.year, confirmedAt: r.confirmedAt })),
    history: audit.map((a) => ({
      seq: a.seq,
      at: a.at,
      action: a.action,
      actor: a.actorId ? actors.get(a.actorId) ?? null : null,
      actorRole: a.actorRole,
      from: statusOf(a.before),
      to: statusOf(a.after),
      reason: a.reason,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER", "ADMIN");
  const id = params.id;
  if (!id) throw notFoundResponse();
  const locale = getLocale(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (isVettingIntent(intent)) {
    const { reply, status } = await handleVettingForm(user, formData, locale, id);
    return data({ kind: "vetting" as const, ...reply }, { status });
  }
  if (intent !== "grade") throw notFoundResponse();
  const submission = parseWithZod(formData, { schema: gradeSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data({ kind: "grade" as const, result: submission.reply(), changed: null }, { status: 400 });
  try {
    const r = await setGrade(user, id, submission.value);
    return { kind: "grade" as const, result: submission.reply(), changed: r.changed };
  } catch (e) {
    const reply = replyForDomainError(submission, e, locale, { fields: ["grade", "assessedAt", "validUntil"] });
    if (!reply) throw e;
    return data({ kind: "grade" as const, result: reply.result, changed: null }, { status: reply.status });
  }
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="divide-y divide-slate-100">
      {rows.map(([label, value]) => (
        <div key={label} className="grid gap-1 py-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-600">{label}</dt>
          <dd className="min-w-0 whitespace-pre-wrap break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function BrokerOrgDetail() {
  const { refs, org, gradeDefaults, actions, pending, documents, meetings, reviews, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const gradeResult = actionData?.kind === "grade" ? actionData : null;
  const vettingReply = actionData?.kind === "vetting" ? actionData : null;
  const gradeSubmitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "grade";

  const [gradeForm, gradeFields] = useForm({
    id: "org-grade",
    lastResult: gradeResult?.result,
    defaultValue: gradeDefaults,
    constraint: getZodConstraint(gradeSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: gradeSchema, disableAutoCoercion: true });
    },
  });

  const none = <span className="text-slate-500">—</span>;
  const district = (c: string | null) => codeName(c, refs.districts, t.locale);
  const attended = meetings.filter((m) => m.attended === true).length;

  return (
    <div>
      <PageHeader
        eyebrow={
          <Link to="/broker/ledger" className="text-brand-700 underline-offset-2 hover:underline">
            ← {t("registry.tabs.ledger")}
          </Link>
        }
        title={org.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm">{org.uscc}</span>
            <VettingBadge status={org.vettingStatus} />
            <GradeBadge info={org.grade} />
          </span>
        }
      />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0 space-y-6">
          <Card title={t("registry.orgDetail.vetting")}>
            {vettingReply && (
              <Alert tone={vettingReply.ok ? "success" : "error"} className="mb-4">
                {vettingReply.message}
              </Alert>
            )}
            <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-600">{t("registry.col.vetting")}</dt>
                <dd className="mt-0.5">
                  <VettingBadge status={org.vettingStatus} />
                  {org.vettedAt && <span className="ml-2 text-slate-600">{formatDateTime(org.vettedAt, t.locale)}</span>}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("registry.vetting.note")}</dt>
                <dd className="mt-0.5 whitespace-pre-wrap text-slate-900">{org.vettingNote || "—"}</dd>
              </div>
            </dl>
            {actions.length > 0 ? (
              <VettingActions orgId={org.id} orgName={org.name} intents={actions} reply={vettingReply} />
            ) : (
              <p className="text-sm text-slate-600">{t("registry.orgDetail.noActions")}</p>
            )}
          </Card>

          {pending && (
            <Card title={t("registry.pending.title")} className="border-amber-300">
              <p className="mb-3 text-sm text-slate-700">{t("registry.pending.requestedAt", { date: formatDateTime(pending.requestedAt, t.locale) })}</p>
              <PendingChangesList changes={pending.changes} />
              <div className="mt-4">
                <VettingActions orgId={org.id} orgName={org.name} intents={["approveChanges", "rejectChanges"]} reply={vettingReply} />
              </div>
            </Card>
          )}

          <Card title={t("registry.orgDetail.profile")}>
            <Facts
              rows={[
                [t("signup.field.registeringAuthority"), org.registeringAuthority || none],
                [t("registry.field.legalRepresentative"), org.legalRepresentative || none],
                [t("registry.field.foundedAt"), org.foundedAt ? formatDate(org.foundedAt, t.locale) : none],
                [t("registry.field.staffCount"), org.staffCount],
                [t("registry.field.volunteerCount"), org.volunteerCount],
                [t("registry.field.district"), district(org.districtCode)],
                [t("registry.field.serviceDistricts"), org.serviceDistricts.map(district).join("、") || none],
                [t("signup.field.categories"), org.categories.map((c) => categoryLabel(t, c, refs.categories)).join("、") || none],
                [t("registry.field.industryFocus"), org.industryFocus || none],
                [t("registry.field.description"), org.description || none],
                [t("registry.field.activityAreas"), org.activityAreas || none],
                [t("registry.field.workingMethods"), org.workingMethods || none],
                [t("registry.field.tags"), org.tags.join("、") || none],
                [
                  t("registry.field.fundingSources"),
                  org.fundingSources.length ? org.fundingSources.map((f) => `${t(`orgFunding.${f.source}`)} ${bpToPercent(f.shareBp)}%`).join("；") : none,
                ],
                [t("registry.field.unionCoverage"), t(`unionCoverage.${org.unionCoverage}`)],
                [
                  t("registry.field.incubated"),
                  org.incubated
                    ? `${t("common.yes")} · ${district(org.incubationDistrictCode)}${org.incubatedSince ? ` · ${formatDate(org.incubatedSince, t.locale)}` : ""}`
                    : t("common.no"),
                ],
                [t("signup.field.contactName"), org.contactName || none],
                [t("signup.field.phone"), org.contactPhone || none],
                [t("registry.field.address"), org.address || none],
                [t("registry.col.performance"), org.performanceScore == null ? none : org.performanceScore.toFixed(1)],
                [t("registry.orgDetail.createdAt"), formatDateTime(org.createdAt, t.locale)],
              ]}
            />
          </Card>

          <section id="documents" aria-labelledby="documents-heading" className="scroll-mt-6 space-y-3">
            <h2 id="documents-heading" className="text-lg font-semibold text-slate-900">
              {t("registry.documents.list")}
            </h2>
            <DataTable
              caption={t("registry.documents.list")}
              rows={documents}
              rowKey={(d) => d.id}
              empty={t("registry.documents.empty")}
              columns={[
                { key: "kind", header: t("registry.documents.kind"), cell: (d) => t.tx(`registry.documents.kind.${d.kind}`) },
                {
                  key: "file",
                  header: t("registry.documents.file"),
                  cell: (d) => (
                    <a href={`/documents/org/${d.id}`} download className="break-all font-medium text-brand-700 underline-offset-2 hover:underline">
                      {d.fileName}
                    </a>
                  ),
                },
                { key: "size", header: t("registry.documents.size"), align: "right", hideOnMobile: true, cell: (d) => formatBytes(d.size) },
                { key: "at", header: t("registry.documents.uploadedAt"), hideOnMobile: true, cell: (d) => formatDateTime(d.createdAt, t.locale) },
              ]}
            />
          </section>

          <section aria-labelledby="history-heading" className="space-y-3">
            <h2 id="history-heading" className="text-lg font-semibold text-slate-900">
              {t("registry.orgDetail.history")}
            </h2>
            <DataTable
              caption={t("registry.orgDetail.history")}
              rows={history}
              rowKey={(h) => String(h.seq)}
              empty={t("registry.orgDetail.historyEmpty")}
              columns={[
                { key: "at", header: t("registry.orgDetail.historyAt"), cell: (h) => <span className="whitespace-nowrap">{formatDateTime(h.at, t.locale)}</span> },
                { key: "action", header: t("registry.orgDetail.historyAction"), cell: (h) => t.tx(`registry.audit.${h.action}`) },
                {
                  key: "change",
                  header: t("registry.orgDetail.historyChange"),
                  cell: (h) =>
                    h.from || h.to ? (
                      <span className="whitespace-nowrap">{`${h.from ? t.tx(`vetting.${h.from}`) : "—"} → ${h.to ? t.tx(`vetting.${h.to}`) : "—"}`}</span>
                    ) : (
                      "—"
                    ),
                },
                { key: "reason", header: t("registry.orgDetail.historyReason"), cell: (h) => <span className="whitespace-pre-wrap">{h.reason || "—"}</span> },
                {
                  key: "actor",
                  header: t("registry.orgDetail.historyActor"),
                  hideOnMobile: true,
                  cell: (h) => h.actor ?? (h.actorRole === "SYSTEM" ? t("registry.audit.system") : "—"),
                },
              ]}
            />
          </section>
        </div>

        <aside className="space-y-6" aria-label={t("registry.orgDetail.aside")}>
          <Card title={t("registry.grade.title")}>
            <div className="mb-4 text-sm">
              <GradeBadge info={org.grade} showValidity />
              {org.gradeAssessedAt && (
                <p className="mt-1 text-slate-600">{t("registry.grade.assessedOn", { date: formatDate(org.gradeAssessedAt, t.locale) })}</p>
              )}
            </div>
            {gradeResult && gradeResult.changed !== null && (
              <Alert tone="success" className="mb-4">
                {t(gradeResult.changed ? "registry.grade.saved" : "registry.grade.unchanged")}
              </Alert>
            )}
            <Form method="post" className="space-y-4" {...getFormProps(gradeForm)}>
              <input type="hidden" name="intent" value="grade" />
              <FormError id={gradeForm.errorId} errors={gradeForm.errors} />
              <Select
                meta={gradeFields.grade}
                label={t("registry.grade.grade")}
                options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t("grade.value", { n }) }))}
                placeholder={t("common.pleaseSelect")}
              />
              <TextField meta={gradeFields.assessedAt} label={t("registry.grade.assessedAt")} type="date" />
              <TextField meta={gradeFields.validUntil} label={t("registry.grade.validUntilLabel")} type="date" />
              <Button type="submit" pending={gradeSubmitting}>
                {t("registry.grade.submit")}
              </Button>
            </Form>
          </Card>

          <Card title={t("registry.orgDetail.attendance")}>
            <p className="mb-3 text-sm text-slate-700">{t("registry.orgDetail.attendanceSummary", { attended, invited: meetings.length })}</p>
            {meetings.length === 0 ? (
              <p className="text-sm text-slate-600">{t("registry.orgMeetings.empty")}</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {meetings.map((m) => (
                  <li key={m.id} className="flex items-start justify-between gap-3 py-2">
                    <span className="min-w-0">
                      <Link to={`/broker/meetings/${m.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                        {m.title}
                      </Link>
                      <span className="block text-slate-600">{formatDate(m.scheduledAt, t.locale)}</span>
                    </span>
                    <AttendanceBadge attended={m.attended} />
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card title={t("registry.annual.history")}>
            <p className="mb-2 text-sm text-slate-700">
              {t("registry.col.confirmed")}：{org.ledgerConfirmedAt ? formatDate(org.ledgerConfirmedAt, t.locale) : t("registry.never")}
            </p>
            {reviews.length === 0 ? (
              <p className="text-sm text-slate-600">{t("registry.annual.none")}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {reviews.map((r) => (
                  <li key={r.id} className="flex justify-between gap-3">
                    <span>{t("registry.annual.yearLabel", { year: r.year })}</span>
                    <span className="text-slate-600">{formatDate(r.confirmedAt, t.locale)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </aside>
      </div>
    </div>
  );
}
