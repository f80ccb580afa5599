// Small pieces shared by the meeting pages (broker and org).
import { Badge } from "~/components/Badge";
import { useT } from "~/i18n/react";

export function AttendanceBadge({ attended }: { attended: boolean | null }) {
  const t = useT();
  if (attended === true) return <Badge tone="green">{t("registry.meetings.attended")}</Badge>;
  if (attended === false) return <Badge tone="red">{t("registry.meetings.absent")}</Badge>;
  return <Badge tone="gray">{t("registry.meetings.unrecorded")}</Badge>;
}

export function MeetingLevel({ level, district }: { level: string; district: { nameZh: string; nameEn: string } | null }) {
  const t = useT();
  if (level === "DISTRICT") {
    return <>{t("registry.meetings.level.DISTRICT.named", { district: district ? (t.locale === "en" ? district.nameEn : district.nameZh) : "—" })}</>;
  }
  return <>{t("registry.meetings.level.CITY")}</>;
}

/** "upcoming" / "past" badge relative to now. */
export function WhenBadge({ at }: { at: string | Date }) {
  const t = useT();
  const past = new Date(at).getTime() < Date.now();
  return <Badge tone={past ? "gray" : "blue"}>{t(past ? "registry.meetings.past" : "registry.meetings.upcoming")}</Badge>;
}
