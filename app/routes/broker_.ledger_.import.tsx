// BROKER: bulk import of organizations (or needs) from CSV/XLSX — a dry run first (every row validated,
// nothing written), then the import; the summary counts created / updated / unchanged / failed rows and
// the row errors can be downloaded as a CSV report. Importing the same file again changes nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { isDomainError } from "~/domain/errors";
import { importNeeds, importOrganizations, type ImportSummary } from "~/domain/ledger-io.server";
import type { DomainActor } from "~/domain/organizations.server";
import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { controlClasses, Field } from "~/components/Field";
import { PageHeader } from "~/components/PageHeader";
import { cx } from "~/components/cx";
import { stageImport, takeStagedImport } from "~/components/registry/import-staging.server";
import { fileField, readMultipart } from "~/components/registry/multipart.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.import.title");

const KINDS = ["orgs", "needs"] as const;
type Kind = (typeof KINDS)[number];
const MAX_ERRORS_SHOWN = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "BROKER", "ADMIN");
  return null;
}

interface SummaryView {
  kind: Kind;
  fileName: string;
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errorCount: number;
  errors: { row: number; column: string; message: string; value: string }[];
  ignoredColumns: string[];
  report: { fileName: string; href: string } | null;
  /** Set after a dry run: import the same file without choosing it again. */
  token: string | null;
}

type ActionResult = { ok: true; summary: SummaryView } | { ok: false; message: string; kind: Kind };

function view(s: ImportSummary, kind: Kind, fileName: string, token: string | null): SummaryView {
  return {
    kind,
    fileName,
    dryRun: s.dryRun,
    total: s.total,
    created: s.created,
    updated: s.updated,
    unchanged: s.unchanged,
    failed: s.failed,
    errorCount: s.errors.length,
    errors: s.errors.slice(0, MAX_ERRORS_SHOWN),
    ignoredColumns: s.ignoredColumns,
    // The report is small (one line per error): a data: link downloads it without another request.
    report: s.errorReport ? { fileName: s.errorReport.fileName, href: `data:text/csv;charset=utf-8;base64,${s.errorReport.body.toString("base64")}` } : null,
    token,
  };
}

function run(actor: DomainActor, kind: Kind, file: { data: Uint8Array; fileName: string }, dryRun: boolean) {
  return kind === "needs" ? importNeeds(actor, file, { dryRun }) : importOrganizations(actor, file, { dryRun });
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER", "ADMIN");
  const locale = getLocale(request);
  const fail = (e: unknown, kind: Kind) => {
    if (!isDomainError(e)) throw e;
    return data<ActionResult>({ ok: false, message: e.params ? tx(locale, e.code, e.params) : tx(locale, e.code), kind }, { status: e.status });
  };
  const isMultipart = /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");

  // Import a file previewed before (by its token).
  if (!isMultipart) {
    const form = await request.formData();
    const kind: Kind = form.get("kind") === "needs" ? "needs" : "orgs";
    const staged = await takeStagedImport(user.id, String(form.get("token") ?? ""));
    if (!staged) return data<ActionResult>({ ok: false, message: tx(locale, "registry.import.expired"), kind }, { status: 410 });
    try {
      const s = await run(user, staged.kind === "needs" ? "needs" : "orgs", { data: staged.data, fileName: staged.fileName }, false);
      return data<ActionResult>({ ok: true, summary: view(s, staged.kind === "needs" ? "needs" : "orgs", staged.fileName, null) });
    } catch (e) {
      return fail(e, kind);
    }
  }

  let form: FormData;
  try {
    form = await readMultipart(request);
  } catch (e) {
    return fail(e, "orgs");
  }
  const kind: Kind = form.get("kind") === "needs" ? "needs" : "orgs";
  const dryRun = form.get("intent") !== "import";
  const file = fileField(form);
  if (!file) return data<ActionResult>({ ok: false, message: tx(locale, "error.upload.empty"), kind }, { status: 400 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const s = await run(user, kind, { data: bytes, fileName: file.name }, dryRun);
    const token = dryRun && s.total > s.failed ? await stageImport({ userId: user.id, fileName: file.name, kind }, bytes) : null;
    return data<ActionResult>({ ok: true, summary: view(s, kind, file.name, token) });
  } catch (e) {
    return fail(e, kind);
  }
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: "green" | "red" | "slate" }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className={cx("mt-1 text-2xl font-bold tabular-nums", tone === "green" ? "text-green-800" : tone === "red" ? "text-red-700" : "text-slate-900")}>{value}</dd>
    </div>
  );
}

export default function LedgerImport() {
  const result = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const busyIntent = navigation.formData?.get("intent");
  const summary = result?.ok ? result.summary : null;
  const kind: Kind = result ? (result.ok ? result.summary.kind : result.kind) : "orgs";

  return (
    <div>
      <PageHeader title={t("registry.import.title")} description={t("registry.import.subtitle")} />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />
      <div className="space-y-6">
        <Card title={t("registry.import.upload")}>
          <Form method="post" encType="multipart/form-data" className="space-y-5">
            <div className="grid gap-5 sm:grid-cols-[14rem_1fr]">
              <Field id="import-kind" label={t("registry.import.kind")}>
                <select id="import-kind" name="kind" defaultValue={kind} className={cx(controlClasses, "border-slate-400 pr-8")}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`registry.import.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                id="import-file"
                label={t("registry.import.file")}
                hint={t("registry.import.file.hint")}
                errors={result && !result.ok ? [result.message] : undefined}
                required
              >
                <input
                  id="import-file"
                  name="file"
                  type="file"
                  required
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  aria-invalid={result && !result.ok ? true : undefined}
                  aria-describedby={`import-file-hint${result && !result.ok ? " import-file-error" : ""}`}
                  className={cx(
                    controlClasses,
                    result && !result.ok ? "border-red-600 bg-red-50/40" : "border-slate-400",
                    "file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm file:font-medium",
                  )}
                />
              </Field>
            </div>
            <p className="text-sm text-slate-700">
              {t("registry.import.template")}{" "}
              <a href="/broker/ledger/import/template?kind=orgs" download className="font-medium text-brand-700 underline underline-offset-2">
                {t("registry.import.kind.orgs")}
              </a>
              {" · "}
              <a href="/broker/ledger/import/template?kind=needs" download className="font-medium text-brand-700 underline underline-offset-2">
                {t("registry.import.kind.needs")}
              </a>
            </p>
            <div className="flex flex-wrap gap-3">
              <Button type="submit" name="intent" value="preview" pending={busy && busyIntent === "preview"}>
                {t("registry.import.preview")}
              </Button>
              <Button type="submit" name="intent" value="import" variant="secondary" pending={busy && busyIntent === "import"}>
                {t("registry.import.importNow")}
              </Button>
            </div>
          </Form>
        </Card>

        {summary && (
          <section aria-labelledby="summary-heading" className="space-y-4">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="summary-heading" className="text-lg font-semibold text-slate-900">
                {t(summary.dryRun ? "registry.import.previewTitle" : "registry.import.doneTitle", { file: summary.fileName })}
              </h2>
            </div>
            <Alert tone={summary.failed ? "warning" : "success"} role="status">
              {t(summary.dryRun ? "registry.import.previewSummary" : "registry.import.doneSummary", {
                total: summary.total,
                created: summary.created,
                updated: summary.updated,
                unchanged: summary.unchanged,
                failed: summary.failed,
              })}
            </Alert>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
              <Stat label={t("registry.import.stat.total")} value={summary.total} />
              <Stat label={t(summary.dryRun ? "registry.import.stat.toCreate" : "registry.import.stat.created")} value={summary.created} tone="green" />
              <Stat label={t(summary.dryRun ? "registry.import.stat.toUpdate" : "registry.import.stat.updated")} value={summary.updated} tone="green" />
              <Stat label={t("registry.import.stat.unchanged")} value={summary.unchanged} tone="slate" />
              <Stat label={t("registry.import.stat.failed")} value={summary.failed} tone={summary.failed ? "red" : "slate"} />
            </dl>
            {summary.ignoredColumns.length > 0 && (
              <p className="text-sm text-slate-700">{t("registry.import.ignored", { columns: summary.ignoredColumns.join("、") })}</p>
            )}
            <div className="flex flex-wrap gap-3">
              {summary.token && (
                <Form method="post">
                  <input type="hidden" name="token" value={summary.token} />
                  <input type="hidden" name="kind" value={summary.kind} />
                  <Button type="submit" pending={busy && !busyIntent}>
                    {t("registry.import.confirm", { count: summary.created + summary.updated + summary.unchanged })}
                  </Button>
                </Form>
              )}
              {summary.report && (
                <a href={summary.report.href} download={summary.report.fileName} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-base font-medium text-slate-800 shadow-sm hover:bg-slate-100">
                  {t("registry.import.downloadErrors", { count: summary.errorCount })}
                </a>
              )}
            </div>
            {summary.errors.length > 0 && (
              <DataTable
                caption={t("registry.import.errors")}
                captionVisible
                rows={summary.errors}
                rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                columns={[
                  { key: "row", header: t("registry.import.col.row"), align: "right", cell: (e) => e.row },
                  { key: "column", header: t("registry.import.col.column"), cell: (e) => e.column },
                  { key: "message", header: t("registry.import.col.message"), cell: (e) => e.message },
                  { key: "value", header: t("registry.import.col.value"), cell: (e) => <span className="break-all font-mono text-xs">{e.value || "—"}</span> },
                ]}
              />
            )}
            {summary.errorCount > summary.errors.length && (
              <p className="text-sm text-slate-600">{t("registry.import.moreErrors", { shown: summary.errors.length, total: summary.errorCount })}</p>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
