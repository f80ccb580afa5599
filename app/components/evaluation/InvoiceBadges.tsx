import { Badge, type BadgeTone } from "~/components/Badge";
import { useT } from "~/i18n/react";

export type InvoiceStatusName = "UNPAID" | "PAID" | "CREDITED" | "CREDIT_NOTE";
const STATUS_TONE: Record<InvoiceStatusName, BadgeTone> = { UNPAID: "amber", PAID: "green", CREDITED: "gray", CREDIT_NOTE: "red" };

export function InvoiceStatusBadge({ status }: { status: string }) {
  const t = useT();
  const s = (status in STATUS_TONE ? status : "UNPAID") as InvoiceStatusName;
  return <Badge tone={STATUS_TONE[s]}>{t(`invoices.status.${s}`)}</Badge>;
}

export type InstalmentStateName = "PENDING" | "DUE" | "INVOICED" | "PAID";
const INSTALMENT_TONE: Record<InstalmentStateName, BadgeTone> = { PENDING: "gray", DUE: "amber", INVOICED: "blue", PAID: "green" };

export function InstalmentStateBadge({ state }: { state: string }) {
  const t = useT();
  const s = (state in INSTALMENT_TONE ? state : "PENDING") as InstalmentStateName;
  return <Badge tone={INSTALMENT_TONE[s]}>{t(`payments.state.${s}`)}</Badge>;
}
