// ORG: certificates and documents of its own organization — upload (PDF/images, ≤ 10 MB, type checked by
// content), download, delete.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { DomainError, isDomainError } from "~/domain/errors";
import { addOrgDocument, deleteOrgDocument, getOrgProfile } from "~/domain/organizations.server";
import { DOCUMENT_KINDS, type DocumentKind } from "~/domain/organizations.schema";
import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { controlClasses, Field } from "~/components/Field";
import { formatDateTime } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { cx } from "~/components/cx";
import { formatBytes } from "~/components/registry/labels";
import { fileField, readMultipart } from "~/components/registry/multipart.server";
import { orRespond } from "~/components/registry/refs.server";
import { ORG_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.documents.title");

async function requireOwnOrg(request: Request) {
  const user = await requireRole(request, "ORG");
  if (!user.organizationId) throw notFoundResponse();
  return { user, orgId: user.organizationId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, orgId } = await requireOwnOrg(request);
  const org = await orRespond(getOrgProfile(user, orgId));
  return {
    vettingStatus: org.vettingStatus,
    vettingNote: org.vettingNote,
    documents: org.documents.map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, mime: d.mime, size: d.size, createdAt: d.createdAt })),
  };
}

type ActionResult =
  | { kind: "uploaded"; fileName: string }
  | { kind: "deleted" }
  | { kind: "error"; message: string; docKind?: string };

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const { user, orgId } = await requireOwnOrg(request);
  const locale = getLocale(request);
  const fail = (e: unknown, docKind?: string) => {
    if (!isDomainError(e)) throw e;
    const message = e.params ? tx(locale, e.code, e.params) : tx(locale, e.code);
    return data<ActionResult>({ kind: "error", message, docKind }, { status: e.status });
  };

  const isMultipart = /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
  if (!isMultipart) {
    const form = await request.formData();
    const id = form.get("documentId");
    if (form.get("intent") !== "delete" || typeof id !== "string" || !id) return fail(new DomainError(400, "error.invalidInput"));
    // Only a document of the user's own org may be deleted (anything else is 404 in the domain).
    const own = await orRespond(getOrgProfile(user, orgId));
    if (!own.documents.some((d) => d.id === id)) throw notFoundResponse();
    try {
      await deleteOrgDocument(user, id);
      return data<ActionResult>({ kind: "deleted" });
    } catch (e) {
      return fail(e);
    }
  }

  let form: FormData;
  try {
    form = await readMultipart(request);
  } catch (e) {
    return fail(e);
  }
  const kindValue = String(form.get("kind") ?? "");
  const kind = (DOCUMENT_KINDS as readonly string[]).includes(kindValue) ? (kindValue as DocumentKind) : null;
  if (!kind) return data<ActionResult>({ kind: "error", message: tx(locale, "error.invalidOption"), docKind: kindValue }, { status: 400 });
  const file = fileField(form);
  try {
    await addOrgDocument(user, orgId, kind, file);
    return data<ActionResult>({ kind: "uploaded", fileName: file?.name ?? "" });
  } catch (e) {
    return fail(e, kind);
  }
}

export default function OrgDocuments() {
  const { documents, vettingStatus, vettingNote } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  const error = actionData?.kind === "error" ? actionData : null;

  return (
    <div>
      <PageHeader title={t("registry.documents.title")} description={t("registry.documents.subtitle")} />
      <SectionTabs tabs={ORG_TABS} label="registry.tabs.orgLabel" />
      <div className="space-y-6">
        {vettingStatus === "PENDING" && vettingNote && (
          <Alert tone="warning" title={t("registry.profile.documentsRequested")}>
            <p className="whitespace-pre-wrap">{vettingNote}</p>
          </Alert>
        )}
        <Card title={t("registry.documents.upload")}>
          {actionData?.kind === "uploaded" && (
            <Alert tone="success" className="mb-4">
              {t("registry.documents.uploaded", { name: actionData.fileName })}
            </Alert>
          )}
          {actionData?.kind === "deleted" && (
            <Alert tone="success" className="mb-4">
              {t("registry.documents.deleted")}
            </Alert>
          )}
          <Form method="post" encType="multipart/form-data" className="space-y-5" aria-describedby={error ? "doc-upload-error" : undefined}>
            <div className="grid gap-5 sm:grid-cols-[14rem_1fr]">
              <Field id="doc-kind" label={t("registry.documents.kind")}>
                <select
                  id="doc-kind"
                  name="kind"
                  defaultValue={error?.docKind ?? "certificate"}
                  className={cx(controlClasses, "border-slate-400 pr-8")}
                >
                  {DOCUMENT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`registry.documents.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="doc-file" label={t("registry.documents.file")} hint={t("registry.documents.file.hint")} errors={error ? [error.message] : undefined} required>
                <input
                  id="doc-file"
                  name="file"
                  type="file"
                  required
                  accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`doc-file-hint${error ? " doc-file-error" : ""}`}
                  className={cx(
                    controlClasses,
                    error ? "border-red-600 bg-red-50/40" : "border-slate-400",
                    "file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm file:font-medium",
                  )}
                />
              </Field>
            </div>
            <Button type="submit" pending={uploading} pendingLabel={t("registry.documents.uploading")}>
              {t("registry.documents.submit")}
            </Button>
          </Form>
        </Card>

        <section aria-labelledby="docs-heading" className="space-y-3">
          <h2 id="docs-heading" className="text-lg font-semibold text-slate-900">
            {t("registry.documents.list")}
          </h2>
          <DataTable
            caption={t("registry.documents.list")}
            rows={documents}
            rowKey={(d) => d.id}
            empty={t("registry.documents.empty")}
            columns={[
              { key: "kind", header: t("registry.documents.kind"), cell: (d) => t.tx(`registry.documents.kind.${d.kind}`) },
              {
                key: "name",
                header: t("registry.documents.file"),
                cell: (d) => (
                  <a href={`/documents/org/${d.id}`} className="break-all font-medium text-brand-700 underline-offset-2 hover:underline" download>
                    {d.fileName}
                  </a>
                ),
              },
              { key: "size", header: t("registry.documents.size"), align: "right", hideOnMobile: true, cell: (d) => formatBytes(d.size) },
              { key: "at", header: t("registry.documents.uploadedAt"), hideOnMobile: true, cell: (d) => formatDateTime(d.createdAt, t.locale) },
              {
                key: "actions",
                header: <span className="sr-only">{t("common.actions")}</span>,
                align: "right",
                cell: (d) => (
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="documentId" value={d.id} />
                    <Button type="submit" variant="ghost" size="sm" aria-label={t("registry.documents.deleteNamed", { name: d.fileName })}>
                      {t("registry.documents.delete")}
                    </Button>
                  </Form>
                ),
              },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
