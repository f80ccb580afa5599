import { Badge, type BadgeTone } from "~/components/Badge";
import { useT } from "~/i18n/react";

export type GradeName = "EXCELLENT" | "GOOD" | "PASS" | "FAIL";

const TONE: Record<GradeName, BadgeTone> = { EXCELLENT: "green", GOOD: "teal", PASS: "amber", FAIL: "red" };

export function isGrade(g: unknown): g is GradeName {
  return g === "EXCELLENT" || g === "GOOD" || g === "PASS" || g === "FAIL";
}

/** 优秀 / 良好 / 合格 / 不合格 as a coloured badge ("—" without a grade). */
export function GradeBadge({ grade, className }: { grade: string | null | undefined; className?: string }) {
  const t = useT();
  if (!isGrade(grade)) return <span className="text-slate-500">—</span>;
  return (
    <Badge tone={TONE[grade]} className={className}>
      {t(`evaluation.grade.${grade}`)}
    </Badge>
  );
}
