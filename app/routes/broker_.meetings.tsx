// BROKER: joint meetings (联席会, every half year) — the list with invitation and attendance counts, and
// the form to schedule a new one (city level or district level).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "~/components/parse-form";

import { requireRole } from "~/auth/guards.server";
import { listMeetings, scheduleMeeting } from "~/domain/meetings.server";
import { meetingSchema } from "~/domain/organizations.schema";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { MeetingForm } from "~/components/registry/MeetingForm";
import { MeetingLevel, WhenBadge } from "~/components/registry/MeetingBits";
import { asShanghaiLocal, loadRefs, orRespond } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.meetings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const { page, pageSize } = parsePageParams(new URL(request.url));
  const [list, refs] = await Promise.all([orRespond(listMeetings(user, { page, pageSize })), loadRefs()]);
  return {
    refs,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    rows: list.rows.map((m) => ({
      id: m.id,
      title: m.title,
      level: m.level,
      district: m.district ? { nameZh: m.district.nameZh, nameEn: m.district.nameEn } : null,
      scheduledAt: m.scheduledAt,
      place: m.place,
      invited: m.invited,
      attended: m.attended,
      absent: m.absent,
      hasMinutes: !!m.minutes,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER", "ADMIN");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: meetingSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const value = { ...submission.value, scheduledAt: asShanghaiLocal(formData.get("scheduledAt"), submission.value.scheduledAt) };
    const { id } = await scheduleMeeting(user, value);
    return redirect(`/broker/meetings/${id}?scheduled=1`);
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { fields: ["title", "level", "districtCode", "scheduledAt", "place", "agenda"] });
    if (!reply) throw e;
    return data(reply.result, { status: reply.status });
  }
}

export default function BrokerMeetings() {
  const { refs, total, page, pageSize, rows } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  return (
    <div>
      <PageHeader title={t("registry.meetings.title")} description={t("registry.meetings.subtitle")} />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />
      <div className="space-y-6">
        <details className="group rounded-xl border border-slate-200 bg-white shadow-sm" open={!!lastResult}>
          <summary className="lb-summary flex cursor-pointer items-center justify-between gap-3 px-5 py-4 text-lg font-semibold text-slate-900">
            {t("registry.meetings.schedule")}
            <span aria-hidden="true" className="text-base text-slate-500 transition-transform group-open:rotate-180">
              ▾
            </span>
          </summary>
          <div className="border-t border-slate-200 px-5 py-5">
            <MeetingForm id="schedule-meeting" intent="schedule" lastResult={lastResult} districts={refs.districts} submitLabel={t("registry.meetings.scheduleSubmit")} />
          </div>
        </details>

        <DataTable
          caption={t("registry.meetings.list")}
          rows={rows}
          rowKey={(m) => m.id}
          empty={t("registry.meetings.empty")}
          columns={[
            {
              key: "title",
              header: t("registry.meetings.col.title"),
              cell: (m) => (
                <Link to={`/broker/meetings/${m.id}`} className="font-medium text-brand-800 underline-offset-2 hover:underline">
                  {m.title}
                </Link>
              ),
            },
            { key: "when", header: t("registry.meetings.col.when"), cell: (m) => <span className="whitespace-nowrap">{formatDateTime(m.scheduledAt, t.locale)}</span> },
            { key: "status", header: t("registry.meetings.col.status"), cell: (m) => <WhenBadge at={m.scheduledAt} /> },
            { key: "level", header: t("registry.meetings.col.level"), hideOnMobile: true, cell: (m) => <MeetingLevel level={m.level} district={m.district} /> },
            { key: "place", header: t("registry.meetings.col.place"), hideOnMobile: true, cell: (m) => m.place },
            {
              key: "att",
              header: t("registry.meetings.col.attendance"),
              align: "right",
              cell: (m) => <span className="whitespace-nowrap tabular-nums">{t("registry.meetings.attendanceCount", { attended: m.attended, invited: m.invited })}</span>,
            },
            { key: "minutes", header: t("registry.meetings.col.minutes"), hideOnMobile: true, cell: (m) => (m.hasMinutes ? t("common.yes") : "—") },
          ]}
        />
        <Pagination page={page} pageSize={pageSize} total={total} />
      </div>
    </div>
  );
}
