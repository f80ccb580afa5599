// A project's audit trail as an ordered list: when, who, what, from → to, reason.
import { ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { formatDateTime } from "~/components/format";
import { isMessageKey } from "~/i18n";
import { useT, type TFunction } from "~/i18n/react";

export interface TimelineItem {
  seq: number;
  at: Date | string;
  action: string;
  actorName: string | null;
  actorRole: string | null;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
}

export function auditActionLabel(t: TFunction, action: string): string {
  const name = action.startsWith("project.") ? action.slice("project.".length) : action;
  const transitionKey = `transition.${name}.label`;
  if (isMessageKey(transitionKey)) return t(transitionKey);
  const key = `broker.audit.${name}`;
  return isMessageKey(key) ? t(key) : action;
}

function actorText(t: TFunction, e: TimelineItem): string {
  const role = e.actorRole && isMessageKey(`lifecycle.role.${e.actorRole}`) ? t(`lifecycle.role.${e.actorRole}` as "lifecycle.role.SYSTEM") : e.actorRole;
  if (e.actorRole === "SYSTEM" || (!e.actorName && !e.actorRole)) return t("lifecycle.role.SYSTEM");
  if (!e.actorName) return role ?? "";
  return role ? t("broker.timeline.actor", { name: e.actorName, role }) : e.actorName;
}

export function Timeline({ entries }: { entries: TimelineItem[] }) {
  const t = useT();
  if (entries.length === 0) return <p className="text-slate-600">{t("broker.timeline.empty")}</p>;
  return (
    <ol className="relative space-y-5 border-l-2 border-slate-200 pl-5">
      {entries.map((e) => (
        <li key={e.seq} className="relative">
          <span aria-hidden="true" className="absolute -left-[27px] top-1.5 size-3 rounded-full border-2 border-white bg-brand-700" />
          <p className="text-sm text-slate-600">
            <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, t.locale)}</time>
            {" · "}
            {actorText(t, e)}
          </p>
          <p className="mt-0.5 flex flex-wrap items-center gap-2 font-medium text-slate-900">
            <span>{auditActionLabel(t, e.action)}</span>
            {e.toState && (
              <span className="inline-flex items-center gap-1.5 text-sm font-normal">
                {e.fromState && e.fromState !== e.toState && (
                  <>
                    <ProjectStateBadge state={e.fromState as ProjectStateName} />
                    <span aria-label={t("broker.timeline.to")}>→</span>
                  </>
                )}
                <ProjectStateBadge state={e.toState as ProjectStateName} />
              </span>
            )}
          </p>
          {e.reason && (
            <p className="mt-1 whitespace-pre-line rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800">
              <span className="font-medium">{t("broker.timeline.reason")}</span>
              {e.reason}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
