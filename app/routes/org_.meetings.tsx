// ORG: the joint meetings (联席会) its organization is invited to, newest first, with its attendance.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { listMeetingsForOrg } from "~/domain/meetings.server";
import { DataTable } from "~/components/DataTable";
import { formatDateTime } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { AttendanceBadge, MeetingLevel, WhenBadge } from "~/components/registry/MeetingBits";
import { orRespond } from "~/components/registry/refs.server";
import { ORG_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.orgMeetings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ORG");
  if (!user.organizationId) throw notFoundResponse();
  const meetings = await orRespond(listMeetingsForOrg(user, user.organizationId));
  return {
    meetings: meetings.map((m) => ({
      id: m.id,
      title: m.title,
      level: m.level,
      district: m.district ? { nameZh: m.district.nameZh, nameEn: m.district.nameEn } : null,
      scheduledAt: m.scheduledAt,
      place: m.place,
      attended: m.attended,
    })),
  };
}

export default function OrgMeetings() {
  const { meetings } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <PageHeader title={t("registry.orgMeetings.title")} description={t("registry.orgMeetings.subtitle")} />
      <SectionTabs tabs={ORG_TABS} label="registry.tabs.orgLabel" />
      <DataTable
        caption={t("registry.orgMeetings.title")}
        rows={meetings}
        rowKey={(m) => m.id}
        empty={t("registry.orgMeetings.empty")}
        columns={[
          {
            key: "title",
            header: t("registry.meetings.col.title"),
            cell: (m) => (
              <Link to={`/org/meetings/${m.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                {m.title}
              </Link>
            ),
          },
          { key: "when", header: t("registry.meetings.col.when"), cell: (m) => <span className="whitespace-nowrap">{formatDateTime(m.scheduledAt, t.locale)}</span> },
          { key: "status", header: t("registry.meetings.col.status"), cell: (m) => <WhenBadge at={m.scheduledAt} /> },
          { key: "level", header: t("registry.meetings.col.level"), hideOnMobile: true, cell: (m) => <MeetingLevel level={m.level} district={m.district} /> },
          { key: "place", header: t("registry.meetings.col.place"), hideOnMobile: true, cell: (m) => m.place },
          { key: "att", header: t("registry.meetings.col.attendance"), cell: (m) => <AttendanceBadge attended={m.attended} /> },
        ]}
      />
    </div>
  );
}
