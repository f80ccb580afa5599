// Pieces of the marketplace pages: project facts, admission checklist, timeline, attachment list and
// the project table of lists and dashboards.
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { formatFen } from "~/domain/money";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { ProjectStateBadge, type ProjectStateName } from "../Badge";
import { DataTable } from "../DataTable";
import { formatDate, formatDateTime } from "../format";
import { cx } from "../cx";
import { formatFileSize, refName, type RefOption } from "./labels";

export function FactList({ items, className }: { items: Array<{ label: ReactNode; value: ReactNode; wide?: boolean }>; className?: string }) {
  return (
    <dl className={cx("grid grid-cols-2 gap-x-6 gap-y-4", className)}>
      {items.map((it, i) => (
        <div key={i} className={cx("min-w-0", it.wide && "col-span-2")}>
          <dt className="text-sm font-medium text-slate-600">{it.label}</dt>
          <dd className="mt-0.5 break-words text-base text-slate-900">{it.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface FactsProject {
  categoryCode: string;
  districtCode: string;
  category?: RefOption | null;
  district?: RefOption | null;
  budgetFen: number;
  fundingSource: string;
  beneficiariesPlanned: number;
  sessionsPlanned: number;
  serviceStart: Date | null;
  serviceEnd: Date | null;
  bidDeadline: Date | null;
  publishedAt: Date | null;
  minGrade: number | null;
  minYearsRegistered: number | null;
  mustServeDistrict: boolean;
  unionRule: string;
  enterprise?: { name: string } | null;
}

export function ProjectFacts({ project: p, showEnterprise }: { project: FactsProject; showEnterprise?: boolean }) {
  const t = useT();
  const name = (r: RefOption | null | undefined, code: string) => (r ? (t.locale === "en" ? r.nameEn : r.nameZh) : code);
  const window =
    p.serviceStart && p.serviceEnd ? `${formatDate(p.serviceStart, t.locale)} – ${formatDate(p.serviceEnd, t.locale)}` : t("common.none");
  return (
    <FactList
      items={[
        ...(showEnterprise && p.enterprise ? [{ label: t("project.fact.enterprise"), value: p.enterprise.name }] : []),
        { label: t("project.fact.category"), value: name(p.category, p.categoryCode) },
        { label: t("project.fact.district"), value: name(p.district, p.districtCode) },
        { label: t("project.fact.budget"), value: <span className="font-semibold tabular-nums">{formatFen(p.budgetFen)}</span> },
        { label: t("project.fact.funding"), value: t.tx(`funding.${p.fundingSource}`) },
        { label: t("project.fact.beneficiaries"), value: t("project.fact.people", { n: p.beneficiariesPlanned }) },
        { label: t("project.fact.sessions"), value: t("project.fact.sessionCount", { n: p.sessionsPlanned }) },
        { label: t("project.fact.window"), value: window },
        {
          label: t("project.fact.bidDeadline"),
          value: p.bidDeadline ? `${formatDateTime(p.bidDeadline, t.locale)}${t("project.tz")}` : t("project.fact.bidDeadline.unset"),
        },
      ]}
    />
  );
}

/** The admission conditions a need sets (准入条件), as a list; "none" when it sets none. */
export function AdmissionConditions({ project: p }: { project: FactsProject }) {
  const t = useT();
  const items: string[] = [];
  if (p.minGrade) items.push(t("admission.minGrade", { required: p.minGrade }));
  if (p.minYearsRegistered) items.push(t("admission.minYearsRegistered", { required: p.minYearsRegistered }));
  if (p.mustServeDistrict) items.push(t("admission.mustServeDistrict"));
  if (p.unionRule !== "NONE") items.push(t.tx(`unionRule.${p.unionRule}`));
  if (!items.length) return <p className="text-slate-700">{t("project.admission.none")}</p>;
  return (
    <ul className="list-disc space-y-1 pl-5 text-slate-800">
      {items.map((s) => (
        <li key={s}>{s}</li>
      ))}
    </ul>
  );
}

export interface AdmissionCheckView {
  rule: string;
  ok: boolean;
  params: Record<string, string | number>;
}

/** For an organization: each condition, met or not, and why not. */
export function AdmissionChecklist({ checks, districts }: { checks: AdmissionCheckView[]; districts: RefOption[] }) {
  const t = useT();
  return (
    <ul className="space-y-2">
      {checks.map((c) => {
        const params = { ...c.params };
        if (c.rule === "mustServeDistrict") params.district = refName(districts, String(c.params.district), t.locale);
        if (c.rule === "vetting") params.actual = t.tx(`vetting.${c.params.actual}`);
        if (c.rule === "unionRequired") params.actual = t.tx(`unionCoverage.${c.params.actual}`);
        const why =
          c.rule === "minGrade" && Number(c.params.expired) === 1
            ? t("project.admission.why.minGradeExpired", params)
            : t.tx(`project.admission.why.${c.rule}`, params);
        return (
          <li key={c.rule} className={cx("flex gap-3 rounded-md border px-3 py-2", c.ok ? "border-green-200 bg-green-50" : "border-red-200 bg-red-50")}>
            <span aria-hidden="true" className={cx("font-bold", c.ok ? "text-green-800" : "text-red-800")}>
              {c.ok ? "✓" : "✕"}
            </span>
            <div className="min-w-0 text-sm">
              <p className="font-medium text-slate-900">
                {t.tx(`admission.${c.rule}`, params)}
                <span className="sr-only">: {c.ok ? t("project.admission.met") : t("project.admission.notMet")}</span>
              </p>
              {!c.ok && <p className="mt-0.5 text-red-900">{why}</p>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export interface TimelineEntryView {
  seq: number;
  at: Date;
  action: string;
  actorRole: string | null;
  actorName: string | null;
  from: string | null;
  to: string | null;
  reason: string | null;
}

function actionLabel(t: ReturnType<typeof useT>, action: string): string {
  const key = `transition.${action}.label`;
  const own = `timeline.${action}`;
  const v = t.tx(key);
  return v !== key ? v : t.tx(own);
}

export function Timeline({ entries, createdAt }: { entries: TimelineEntryView[]; createdAt: Date }) {
  const t = useT();
  if (entries.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        {t("timeline.empty", { at: formatDateTime(createdAt, t.locale) })}
      </p>
    );
  }
  return (
    <ol className="relative space-y-5 border-l-2 border-slate-200 pl-5">
      {entries.map((e) => (
        <li key={e.seq} className="relative">
          <span aria-hidden="true" className="absolute -left-[27px] top-1.5 size-3 rounded-full border-2 border-white bg-brand-700 ring-1 ring-brand-700" />
          <p className="text-sm text-slate-600">
            <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, t.locale)}</time>
            {" · "}
            {e.actorName ? t("timeline.actor", { name: e.actorName, role: roleLabel(t, e.actorRole) }) : roleLabel(t, e.actorRole)}
          </p>
          <p className="mt-0.5 font-medium text-slate-900">{actionLabel(t, e.action)}</p>
          {(e.from || e.to) && (
            <p className="mt-1 flex flex-wrap items-center gap-1.5 text-sm">
              {e.from && <ProjectStateBadge state={e.from as ProjectStateName} />}
              {e.from && e.to && (
                <span aria-label={t("timeline.to")} className="text-slate-500">
                  →
                </span>
              )}
              {e.to && <ProjectStateBadge state={e.to as ProjectStateName} />}
            </p>
          )}
          {e.reason && (
            <p className="mt-1.5 whitespace-pre-line rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800">
              <span className="font-medium">{t("timeline.reason")}</span>
              {e.reason}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function roleLabel(t: ReturnType<typeof useT>, role: string | null): string {
  if (!role) return t("lifecycle.role.SYSTEM");
  if (role === "ENTERPRISE" || role === "BROKER" || role === "SYSTEM") return t(`lifecycle.role.${role}` as MessageKey);
  if (role === "ORG") return t("role.ORG");
  return t.tx(`role.${role}`);
}

export interface AttachmentView {
  id: string;
  fileName: string;
  mime: string;
  size: number;
  createdAt: Date;
}

export function AttachmentList({ projectId, attachments, actions }: { projectId: string; attachments: AttachmentView[]; actions?: (a: AttachmentView) => ReactNode }) {
  const t = useT();
  if (!attachments.length) return <p className="text-sm text-slate-700">{t("attachments.none")}</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
      {attachments.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
          <span aria-hidden="true" className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-700">
            {a.mime === "application/pdf" ? "PDF" : t("attachments.image")}
          </span>
          <a
            href={`/projects/${projectId}/attachments/${a.id}`}
            className="min-w-0 flex-1 break-all font-medium text-brand-700 underline-offset-2 hover:underline"
            download
          >
            {a.fileName}
          </a>
          <span className="text-sm text-slate-600">{formatFileSize(a.size)}</span>
          {actions?.(a)}
        </li>
      ))}
    </ul>
  );
}

export interface ProjectRow {
  id: string;
  code: string;
  title: string;
  state: string;
  categoryCode: string;
  districtCode: string;
  budgetFen: number;
  bidDeadline: Date | null;
  updatedAt: Date;
  isBundle: boolean;
  enterprise?: { name: string } | null;
}

export function ProjectTable({
  rows,
  categories,
  districts,
  caption,
  empty,
  showEnterprise,
}: {
  rows: ProjectRow[];
  categories: RefOption[];
  districts: RefOption[];
  caption: string;
  empty?: ReactNode;
  showEnterprise?: boolean;
}) {
  const t = useT();
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.id}
      empty={empty}
      columns={[
        {
          key: "title",
          header: t("projects.col.title"),
          cell: (r) => (
            <div className="min-w-[12rem]">
              <Link to={`/projects/${r.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                {r.title}
              </Link>
              <p className="mt-0.5 font-mono text-xs text-slate-600">
                {r.code}
                {r.isBundle && <span className="ml-2 font-sans">{t("project.bundle.badge")}</span>}
              </p>
              {showEnterprise && r.enterprise && <p className="text-xs text-slate-600">{r.enterprise.name}</p>}
            </div>
          ),
        },
        { key: "state", header: t("projects.col.state"), cell: (r) => <ProjectStateBadge state={r.state as ProjectStateName} /> },
        { key: "category", header: t("projects.col.category"), hideOnMobile: true, cell: (r) => refName(categories, r.categoryCode, t.locale) },
        { key: "district", header: t("projects.col.district"), hideOnMobile: true, cell: (r) => refName(districts, r.districtCode, t.locale) },
        { key: "budget", header: t("projects.col.budget"), align: "right", cell: (r) => <span className="whitespace-nowrap tabular-nums">{formatFen(r.budgetFen)}</span> },
        {
          key: "deadline",
          header: t("projects.col.deadline"),
          hideOnMobile: true,
          cell: (r) => <span className="whitespace-nowrap">{r.bidDeadline ? formatDateTime(r.bidDeadline, t.locale) : "—"}</span>,
        },
      ]}
    />
  );
}
