import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import { cx } from "./cx";

export type BadgeTone = "gray" | "blue" | "green" | "amber" | "red" | "purple" | "teal" | "brand";

// Dark text on light fill: every pair is above 4.5:1.
const tones: Record<BadgeTone, string> = {
  gray: "bg-slate-100 text-slate-800 ring-slate-300",
  blue: "bg-blue-50 text-blue-800 ring-blue-200",
  green: "bg-green-50 text-green-800 ring-green-200",
  amber: "bg-amber-50 text-amber-900 ring-amber-300",
  red: "bg-red-50 text-red-800 ring-red-200",
  purple: "bg-purple-50 text-purple-800 ring-purple-200",
  teal: "bg-teal-50 text-teal-800 ring-teal-200",
  brand: "bg-brand-50 text-brand-800 ring-brand-100",
};

export function Badge({ tone = "gray", children, className }: { tone?: BadgeTone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cx(
        "inline-flex items-center whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

export type ProjectStateName =
  | "DRAFT" | "SUBMITTED" | "PUBLISHED" | "EVALUATING" | "AWARDED" | "UNSUCCESSFUL" | "CANCELLED"
  | "REJECTED" | "IN_DELIVERY" | "DELIVERED" | "DISPUTED" | "ACCEPTED" | "EVALUATED" | "CLOSED";

export const PROJECT_STATE_TONE: Record<ProjectStateName, BadgeTone> = {
  DRAFT: "gray",
  SUBMITTED: "amber",
  PUBLISHED: "blue",
  EVALUATING: "purple",
  AWARDED: "teal",
  UNSUCCESSFUL: "gray",
  CANCELLED: "gray",
  REJECTED: "red",
  IN_DELIVERY: "blue",
  DELIVERED: "teal",
  DISPUTED: "red",
  ACCEPTED: "green",
  EVALUATED: "green",
  CLOSED: "gray",
};

export function ProjectStateBadge({ state }: { state: ProjectStateName }) {
  const t = useT();
  return <Badge tone={PROJECT_STATE_TONE[state] ?? "gray"}>{t(`projectState.${state}`)}</Badge>;
}

export type VettingStatusName = "PENDING" | "APPROVED" | "REJECTED" | "SUSPENDED";

export const VETTING_TONE: Record<VettingStatusName, BadgeTone> = {
  PENDING: "amber",
  APPROVED: "green",
  REJECTED: "red",
  SUSPENDED: "gray",
};

export function VettingBadge({ status }: { status: VettingStatusName }) {
  const t = useT();
  return <Badge tone={VETTING_TONE[status] ?? "gray"}>{t(`vetting.${status}`)}</Badge>;
}

export type RoleName = "ENTERPRISE" | "ORG" | "BROKER" | "ADMIN";

const ROLE_TONE: Record<RoleName, BadgeTone> = { ENTERPRISE: "blue", ORG: "teal", BROKER: "brand", ADMIN: "purple" };

export function RoleBadge({ role }: { role: RoleName }) {
  const t = useT();
  return <Badge tone={ROLE_TONE[role] ?? "gray"}>{t(`role.${role}`)}</Badge>;
}
