// BROKER: one joint meeting — details (editable; invited orgs are told when date or place change),
// invitations (chosen orgs, or every approved org in scope), attendance, minutes.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/components/parse-form";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { db } from "~/db.server";
import { isDomainError } from "~/domain/errors";
import { getMeeting, inviteAllInScope, inviteOrgs, recordAttendance, recordMinutes, updateMeeting } from "~/domain/meetings.server";
import { meetingSchema, minutesSchema } from "~/domain/organizations.schema";
import { Alert } from "~/components/Alert";
import { VettingBadge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { controlClasses } from "~/components/Field";
import { formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { cx } from "~/components/cx";
import { codeName } from "~/components/registry/labels";
import { MeetingForm } from "~/components/registry/MeetingForm";
import { AttendanceBadge, MeetingLevel, WhenBadge } from "~/components/registry/MeetingBits";
import { asShanghaiLocal, loadRefs, orRespond, toShanghaiLocalInput } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.meeting.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  if (!params.id) throw notFoundResponse();
  const m = await orRespond(getMeeting(user, params.id));
  const invited = new Set(m.invitations.map((i) => i.organizationId));
  const [refs, candidates] = await Promise.all([
    loadRefs(),
    db.organization.findMany({
      where: { vettingStatus: { not: "REJECTED" }, id: { notIn: [...invited] } },
      select: { id: true, name: true, districtCode: true, vettingStatus: true, serviceDistricts: { select: { districtCode: true } } },
      orderBy: [{ name: "asc" }],
    }),
  ]);
  const inScope = (o: { districtCode: string; serviceDistricts: { districtCode: string }[] }) =>
    m.level !== "DISTRICT" || !m.districtCode || o.districtCode === m.districtCode || o.serviceDistricts.some((s) => s.districtCode === m.districtCode);
  return {
    refs,
    meeting: {
      id: m.id,
      title: m.title,
      level: m.level,
      districtCode: m.districtCode,
      district: m.district ? { nameZh: m.district.nameZh, nameEn: m.district.nameEn } : null,
      scheduledAt: m.scheduledAt,
      place: m.place,
      agenda: m.agenda,
      minutes: m.minutes,
    },
    editDefaults: {
      title: m.title,
      level: m.level,
      districtCode: m.districtCode ?? "",
      scheduledAt: toShanghaiLocalInput(m.scheduledAt),
      place: m.place,
      agenda: m.agenda,
    },
    invitations: m.invitations.map((i) => ({
      organizationId: i.organizationId,
      name: i.organization.name,
      uscc: i.organization.uscc,
      districtCode: i.organization.districtCode,
      attended: i.attended,
      invitedAt: i.invitedAt,
    })),
    candidates: candidates
      .map((o) => ({ id: o.id, name: o.name, districtCode: o.districtCode, vettingStatus: o.vettingStatus, inScope: inScope(o) }))
      .sort((a, b) => Number(b.inScope) - Number(a.inScope)),
  };
}

type Result =
  | { kind: "edit"; result: SubmissionResult<string[]>; ok: boolean; message?: string }
  | { kind: "message"; ok: boolean; message: string; section: "invite" | "attendance" | "minutes"; minutes?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER", "ADMIN");
  const id = params.id;
  if (!id) throw notFoundResponse();
  const locale = getLocale(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const say = (section: "invite" | "attendance" | "minutes", ok: boolean, message: string, status = 200, extra: { minutes?: string } = {}) =>
    data<Result>({ kind: "message", ok, message, section, ...extra }, { status });
  const failed = (section: "invite" | "attendance" | "minutes", e: unknown, extra: { minutes?: string } = {}) => {
    if (!isDomainError(e)) throw e;
    return say(section, false, e.params ? tx(locale, e.code, e.params) : tx(locale, e.code), e.status, extra);
  };

  switch (intent) {
    case "edit": {
      const submission = parseWithZod(formData, { schema: meetingSchema, disableAutoCoercion: true });
      if (submission.status !== "success") return data<Result>({ kind: "edit", result: submission.reply(), ok: false }, { status: 400 });
      try {
        const value = { ...submission.value, scheduledAt: asShanghaiLocal(formData.get("scheduledAt"), submission.value.scheduledAt) };
        const r = await updateMeeting(user, id, value);
        return data<Result>({ kind: "edit", result: submission.reply(), ok: true, message: tx(locale, r.changed ? "registry.meeting.updated" : "registry.meeting.unchanged") });
      } catch (e) {
        const reply = replyForDomainError(submission, e, locale, { fields: ["title", "level", "districtCode", "scheduledAt", "place", "agenda"] });
        if (!reply) throw e;
        return data<Result>({ kind: "edit", result: reply.result, ok: false }, { status: reply.status });
      }
    }
    case "invite": {
      const ids = formData.getAll("organizationIds").filter((v): v is string => typeof v === "string");
      try {
        const r = await inviteOrgs(user, id, ids);
        return say("invite", true, tx(locale, "registry.meeting.invitedCount", { invited: r.invited, already: r.alreadyInvited }));
      } catch (e) {
        return failed("invite", e);
      }
    }
    case "inviteAll": {
      try {
        const r = await inviteAllInScope(user, id);
        return say("invite", true, tx(locale, "registry.meeting.invitedCount", { invited: r.invited, already: r.alreadyInvited }));
      } catch (e) {
        return failed("invite", e);
      }
    }
    case "attendance": {
      const entries: { organizationId: string; attended: boolean | null }[] = [];
      for (const [k, v] of formData.entries()) {
        if (!k.startsWith("att.") || typeof v !== "string") continue;
        const attended = v === "yes" ? true : v === "no" ? false : v === "" ? null : undefined;
        if (attended === undefined) return say("attendance", false, tx(locale, "error.invalidOption"), 400);
        entries.push({ organizationId: k.slice(4), attended });
      }
      try {
        const r = await recordAttendance(user, id, entries);
        return say("attendance", true, tx(locale, "registry.meeting.attendanceSaved", { count: r.changed }));
      } catch (e) {
        return failed("attendance", e);
      }
    }
    case "minutes": {
      const raw = String(formData.get("minutes") ?? "");
      const parsed = minutesSchema.safeParse({ minutes: raw });
      if (!parsed.success) return say("minutes", false, tx(locale, parsed.error.issues[0]?.message ?? "error.invalidInput"), 400, { minutes: raw });
      try {
        const r = await recordMinutes(user, id, parsed.data.minutes);
        return say("minutes", true, tx(locale, r.changed ? "registry.meeting.minutesSaved" : "registry.meeting.unchanged"));
      } catch (e) {
        return failed("minutes", e, { minutes: raw });
      }
    }
    default:
      return say("invite", false, tx(locale, "error.invalidInput"), 400);
  }
}

export default function BrokerMeeting() {
  const { refs, meeting, editDefaults, invitations, candidates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const msg = (section: "invite" | "attendance" | "minutes") =>
    result?.kind === "message" && result.section === section ? (
      <Alert tone={result.ok ? "success" : "error"} className="mb-4">
        {result.message}
      </Alert>
    ) : null;
  const editResult = result?.kind === "edit" ? result : null;
  const attended = invitations.filter((i) => i.attended === true).length;
  const absent = invitations.filter((i) => i.attended === false).length;

  return (
    <div>
      <PageHeader
        eyebrow={
          <Link to="/broker/meetings" className="text-brand-700 underline-offset-2 hover:underline">
            ← {t("registry.meetings.title")}
          </Link>
        }
        title={meeting.title}
        description={
          <span className="flex flex-wrap items-center gap-2 text-sm">
            <WhenBadge at={meeting.scheduledAt} />
            <span>{formatDateTime(meeting.scheduledAt, t.locale)}</span>
            <span aria-hidden="true">·</span>
            <span>{meeting.place}</span>
            <span aria-hidden="true">·</span>
            <MeetingLevel level={meeting.level} district={meeting.district} />
          </span>
        }
      />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />
      <div className="space-y-6">
        {searchParams.get("scheduled") === "1" && !result && <Alert tone="success">{t("registry.meeting.scheduled")}</Alert>}

        <Card title={t("registry.meetings.field.agenda")}>
          <p className="whitespace-pre-wrap text-slate-800">{meeting.agenda}</p>
          <details className="group mt-4 border-t border-slate-200 pt-4" open={!!editResult}>
            <summary className="lb-summary cursor-pointer text-sm font-medium text-brand-700 hover:underline">{t("registry.meeting.edit")}</summary>
            <div className="mt-4">
              {editResult?.ok && editResult.message && (
                <Alert tone="success" className="mb-4">
                  {editResult.message}
                </Alert>
              )}
              <MeetingForm
                id="edit-meeting"
                intent="edit"
                lastResult={editResult?.result}
                defaultValue={editDefaults}
                districts={refs.districts}
                submitLabel={t("common.save")}
              />
            </div>
          </details>
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={t("registry.meeting.attendance")}>
            {msg("attendance")}
            <p className="mb-3 text-sm text-slate-700">
              {t("registry.meeting.attendanceSummary", { invited: invitations.length, attended, absent, unrecorded: invitations.length - attended - absent })}
            </p>
            {invitations.length === 0 ? (
              <p className="text-sm text-slate-600">{t("registry.meeting.noInvitations")}</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="attendance" />
                <ul className="divide-y divide-slate-100">
                  {invitations.map((i) => (
                    <li key={i.organizationId} className="py-2.5">
                      <fieldset>
                        <legend className="flex w-full flex-wrap items-center justify-between gap-2 text-sm">
                          <Link to={`/broker/orgs/${i.organizationId}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">
                            {i.name}
                          </Link>
                          <AttendanceBadge attended={i.attended} />
                        </legend>
                        <div className="mt-1.5 flex flex-wrap gap-4 text-sm">
                          {(
                            [
                              ["yes", "registry.meetings.attended", i.attended === true],
                              ["no", "registry.meetings.absent", i.attended === false],
                              ["", "registry.meetings.unrecorded", i.attended === null],
                            ] as const
                          ).map(([value, label, checked]) => (
                            <label key={value || "none"} className="inline-flex items-center gap-1.5">
                              <input type="radio" name={`att.${i.organizationId}`} value={value} defaultChecked={checked} className="size-4 accent-brand-700" />
                              {t(label)}
                            </label>
                          ))}
                        </div>
                      </fieldset>
                    </li>
                  ))}
                </ul>
                <Button type="submit" className="mt-4" pending={busy("attendance")}>
                  {t("registry.meeting.saveAttendance")}
                </Button>
              </Form>
            )}
          </Card>

          <Card title={t("registry.meeting.invite")}>
            {msg("invite")}
            <Form method="post" className="mb-5">
              <input type="hidden" name="intent" value="inviteAll" />
              <p className="mb-2 text-sm text-slate-700">
                {meeting.level === "DISTRICT"
                  ? t("registry.meeting.inviteAllDistrictHint", { district: codeName(meeting.districtCode, refs.districts, t.locale) })
                  : t("registry.meeting.inviteAllCityHint")}
              </p>
              <Button type="submit" variant="secondary" size="sm" pending={busy("inviteAll")}>
                {t("registry.meeting.inviteAll")}
              </Button>
            </Form>
            {candidates.length === 0 ? (
              <p className="text-sm text-slate-600">{t("registry.meeting.noCandidates")}</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="invite" />
                <fieldset>
                  <legend className="mb-2 text-sm font-medium text-slate-800">{t("registry.meeting.chooseOrgs")}</legend>
                  <div className="max-h-80 space-y-1 overflow-y-auto rounded-md border border-slate-300 bg-white p-2">
                    {candidates.map((c) => (
                      <label key={c.id} className="flex items-start gap-2 rounded px-1.5 py-1 text-sm hover:bg-slate-50">
                        <input type="checkbox" name="organizationIds" value={c.id} className="mt-0.5 size-4 shrink-0 accent-brand-700" />
                        <span className="min-w-0 flex-1">
                          {c.name}
                          <span className="ml-2 text-xs text-slate-600">{codeName(c.districtCode, refs.districts, t.locale)}</span>
                          {!c.inScope && <span className="ml-2 text-xs text-amber-800">{t("registry.meeting.outOfScope")}</span>}
                        </span>
                        <VettingBadge status={c.vettingStatus} />
                      </label>
                    ))}
                  </div>
                </fieldset>
                <Button type="submit" size="sm" className="mt-3" pending={busy("invite")}>
                  {t("registry.meeting.inviteSelected")}
                </Button>
              </Form>
            )}
          </Card>
        </div>

        <Card title={t("registry.meetings.field.minutes")}>
          {msg("minutes")}
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="minutes" />
            <label htmlFor="minutes" className="sr-only">
              {t("registry.meetings.field.minutes")}
            </label>
            <textarea
              id="minutes"
              name="minutes"
              rows={8}
              defaultValue={result?.kind === "message" && result.section === "minutes" && !result.ok ? result.minutes : meeting.minutes ?? ""}
              placeholder={t("registry.meeting.minutesPlaceholder")}
              className={cx(controlClasses, "border-slate-400")}
            />
            <Button type="submit" pending={busy("minutes")}>
              {t("registry.meeting.saveMinutes")}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
