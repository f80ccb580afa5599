// An org's grade (1A–5A) with its validity: "4A", "4A（已过期）" or "未评级".
import { Badge } from "~/components/Badge";
import { formatDate } from "~/components/format";
import { useT } from "~/i18n/react";

export interface GradeInfoView {
  grade: number | null;
  status: "VALID" | "EXPIRED" | "NONE";
  validUntil?: string | Date | null;
}

export function GradeBadge({ info, showValidity = false }: { info: GradeInfoView; showValidity?: boolean }) {
  const t = useT();
  if (info.grade == null || info.status === "NONE") return <Badge tone="gray">{t("grade.none")}</Badge>;
  const expired = info.status === "EXPIRED";
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge tone={expired ? "amber" : "green"}>
        {expired ? t("grade.expired", { n: info.grade }) : t("grade.value", { n: info.grade })}
      </Badge>
      {showValidity && info.validUntil && (
        <span className="text-xs text-slate-600">
          {t(expired ? "registry.grade.expiredOn" : "registry.grade.validUntil", { date: formatDate(info.validUntil, t.locale) })}
        </span>
      )}
    </span>
  );
}
