// ORG: one joint meeting its organization is invited to (the link in the invitation notification).
// Not invited → 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { getMeeting } from "~/domain/meetings.server";
import { Card } from "~/components/Card";
import { formatDateTime } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { AttendanceBadge, MeetingLevel, WhenBadge } from "~/components/registry/MeetingBits";
import { orRespond } from "~/components/registry/refs.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.meeting.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ORG");
  if (!user.organizationId || !params.id) throw notFoundResponse();
  const m = await orRespond(getMeeting(user, params.id));
  const mine = m.invitations.find((i) => i.organizationId === user.organizationId);
  if (!mine) throw notFoundResponse();
  return {
    meeting: {
      id: m.id,
      title: m.title,
      level: m.level,
      district: m.district ? { nameZh: m.district.nameZh, nameEn: m.district.nameEn } : null,
      scheduledAt: m.scheduledAt,
      place: m.place,
      agenda: m.agenda,
      minutes: m.minutes,
    },
    invitation: { invitedAt: mine.invitedAt, attended: mine.attended },
  };
}

export default function OrgMeeting() {
  const { meeting, invitation } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        eyebrow={
          <Link to="/org/meetings" className="text-brand-700 underline-offset-2 hover:underline">
            ← {t("registry.orgMeetings.title")}
          </Link>
        }
        title={meeting.title}
        actions={<WhenBadge at={meeting.scheduledAt} />}
      />
      <div className="space-y-6">
        <Card>
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-600">{t("registry.meetings.col.when")}</dt>
              <dd className="mt-0.5 font-medium text-slate-900">{formatDateTime(meeting.scheduledAt, t.locale)}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t("registry.meetings.col.place")}</dt>
              <dd className="mt-0.5 font-medium text-slate-900">{meeting.place}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t("registry.meetings.col.level")}</dt>
              <dd className="mt-0.5 text-slate-900">
                <MeetingLevel level={meeting.level} district={meeting.district} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">{t("registry.meetings.col.attendance")}</dt>
              <dd className="mt-0.5">
                <AttendanceBadge attended={invitation.attended} />
              </dd>
            </div>
          </dl>
        </Card>
        <Card title={t("registry.meetings.field.agenda")}>
          <p className="whitespace-pre-wrap text-slate-800">{meeting.agenda}</p>
        </Card>
        <Card title={t("registry.meetings.field.minutes")}>
          {meeting.minutes ? (
            <p className="whitespace-pre-wrap text-slate-800">{meeting.minutes}</p>
          ) : (
            <p className="text-sm text-slate-600">{t("registry.meetings.noMinutes")}</p>
          )}
        </Card>
      </div>
    </div>
  );
}
