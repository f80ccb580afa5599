// Registration facts an approved org changed, awaiting broker review: field, current value → requested value.
import { useT } from "~/i18n/react";

type Change = { from: string | null; to: string | null };

const FACT_LABEL = {
  name: "registry.field.name",
  uscc: "signup.field.uscc",
  registeringAuthority: "signup.field.registeringAuthority",
  legalRepresentative: "registry.field.legalRepresentative",
  foundedAt: "registry.field.foundedAt",
} as const;

export function PendingChangesList({ changes }: { changes: Partial<Record<string, Change | undefined>> }) {
  const t = useT();
  const entries = Object.entries(changes).filter((e): e is [string, Change] => !!e[1]);
  return (
    <dl className="divide-y divide-amber-200 rounded-md border border-amber-200 bg-white/70 text-sm">
      {entries.map(([fact, c]) => (
        <div key={fact} className="grid gap-1 px-3 py-2 sm:grid-cols-[10rem_1fr]">
          <dt className="font-medium text-slate-800">{fact in FACT_LABEL ? t(FACT_LABEL[fact as keyof typeof FACT_LABEL]) : fact}</dt>
          <dd className="min-w-0 break-words text-slate-900">
            <span className="text-slate-600 line-through decoration-slate-400">{c.from || t("common.none")}</span>
            <span aria-hidden="true" className="mx-2 text-slate-500">
              →
            </span>
            <span className="sr-only">{t("registry.pending.to")}</span>
            <span className="font-semibold">{c.to || t("common.none")}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
