// ENTERPRISE: edit its own DRAFT need (new, or returned by the broker with a reason): fields, new
// attachments (same multipart submission) and removing attachments. Another enterprise's need: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "~/components/parse-form";

import { notFoundResponse } from "~/auth/guards.server";
import { addAttachments, MAX_ATTACHMENTS_PER_PROJECT, removeAttachment } from "~/domain/attachments.server";
import { fenToYuanInput } from "~/domain/money";
import { getProjectForActor, updateDraft } from "~/domain/projects.server";
import { makeNeedSchema } from "~/domain/projects.schema";
import { DOCUMENT_TYPES, deleteStoredFile, storeUpload, type StoredFile } from "~/domain/uploads.server";
import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { PageHeader } from "~/components/PageHeader";
import { replyForDomainError } from "~/components/form-reply.server";
import { NEED_FIELDS, NeedForm } from "~/components/marketplace/NeedForm";
import { AttachmentList } from "~/components/marketplace/ProjectBits";
import { actorOf, domainMessage, loadRefs, onFileField, orRespond, requireEnterpriseUser, requireVisibleProject } from "~/components/marketplace/helpers.server";
import { toDateInput, toDateTimeInput } from "~/components/marketplace/labels";
import { filesOf, isMultipart, readFormWithFiles } from "~/components/marketplace/multipart.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "need.edit.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  if (!params.id) throw notFoundResponse();
  const detail = await orRespond(getProjectForActor(actorOf(user), params.id));
  if (!detail.canEdit) throw redirect(`/projects/${params.id}`);
  const p = detail.project;
  const refs = await loadRefs();
  return {
    ...refs,
    maxAttachments: MAX_ATTACHMENTS_PER_PROJECT,
    project: { id: p.id, code: p.code, title: p.title, version: p.version, stateReason: p.stateReason },
    attachments: p.attachments.map((a) => ({ id: a.id, fileName: a.fileName, mime: a.mime, size: a.size, createdAt: a.createdAt })),
    defaultValue: {
      title: p.title,
      description: p.description,
      categoryCode: p.categoryCode,
      districtCode: p.districtCode,
      beneficiariesPlanned: String(p.beneficiariesPlanned),
      sessionsPlanned: String(p.sessionsPlanned),
      serviceStart: toDateInput(p.serviceStart),
      serviceEnd: toDateInput(p.serviceEnd),
      budget: fenToYuanInput(p.budgetFen),
      fundingSource: p.fundingSource,
      bidDeadline: toDateTimeInput(p.bidDeadline),
      minGrade: p.minGrade ? String(p.minGrade) : "",
      minYearsRegistered: p.minYearsRegistered !== null ? String(p.minYearsRegistered) : "",
      mustServeDistrict: p.mustServeDistrict ? "on" : undefined,
      unionRule: p.unionRule,
      version: String(p.version),
    } as Record<string, string | undefined>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireEnterpriseUser(request);
  if (!params.id) throw notFoundResponse();
  const id = params.id;
  const locale = getLocale(request);
  const actor = actorOf(user);
  const schema = makeNeedSchema();
  // Visibility first: another enterprise's project is a 404 whatever the body (a 400 would confirm the ID).
  await requireVisibleProject(actor, id);

  if (!isMultipart(request)) {
    const form = await request.formData();
    if (form.get("intent") === "removeAttachment") {
      try {
        await removeAttachment(actor, id, String(form.get("attachmentId") ?? ""));
        return redirect(`/projects/${id}/edit?ok=removed`, { status: 303 });
      } catch (e) {
        const m = domainMessage(locale, e);
        if (!m) throw e;
        if (m.status === 404) throw notFoundResponse();
        return data({ intent: "removeAttachment" as const, message: m.message, result: null }, { status: m.status });
      }
    }
    // A plain (non-multipart) save: same as below without files.
    return save(form);
  }

  let formData: FormData;
  try {
    formData = await readFormWithFiles(request);
  } catch (e) {
    const reply = replyForDomainError(parseWithZod(new FormData(), { schema, disableAutoCoercion: true }), e, locale, { fields: NEED_FIELDS });
    if (!reply) throw e;
    return data({ intent: "save" as const, message: null, result: reply.result }, { status: reply.status });
  }
  return save(formData);

  async function save(formData: FormData) {
    const submission = parseWithZod(formData, { schema, disableAutoCoercion: true });
    if (submission.status !== "success") return data({ intent: "save" as const, message: null, result: submission.reply({ hideFields: ["files"] }) }, { status: 400 });
    const stored: StoredFile[] = [];
    try {
      for (const f of filesOf(formData, "files")) stored.push(await storeUpload(f, { kinds: DOCUMENT_TYPES, folder: "need-attachments" }));
      await updateDraft(actor, id, submission.value);
      await addAttachments(actor, id, stored);
      return redirect(`/projects/${id}?ok=saved`, { status: 303 });
    } catch (e) {
      await Promise.all(stored.map((f) => deleteStoredFile(f.storedPath)));
      const reply = replyForDomainError(submission, onFileField(e, "files"), locale, { fields: NEED_FIELDS, hideFields: ["files"] });
      if (!reply) throw e;
      if (reply.status === 404) throw notFoundResponse();
      return data({ intent: "save" as const, message: null, result: reply.result }, { status: reply.status });
    }
  }
}

export default function EditNeed() {
  const { project, attachments, defaultValue, categories, districts, maxAttachments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const removing = navigation.state !== "idle" && navigation.formData?.get("intent") === "removeAttachment" ? String(navigation.formData.get("attachmentId")) : null;

  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        eyebrow={
          <Link to={`/projects/${project.id}`} className="text-brand-700 underline-offset-2 hover:underline">
            ← {project.code}
          </Link>
        }
        title={t("need.edit.title")}
        description={project.title}
      />
      {project.stateReason && (
        <Alert tone="warning" title={t("project.returned.title")} className="mb-6">
          <p className="whitespace-pre-line">{project.stateReason}</p>
        </Alert>
      )}
      {actionData?.message && (
        <Alert tone="error" className="mb-6">
          {actionData.message}
        </Alert>
      )}
      <Card>
        <NeedForm
          id="need-edit"
          lastResult={actionData?.intent === "save" ? actionData.result : undefined}
          defaultValue={defaultValue}
          categories={categories}
          districts={districts}
          submitLabel={t("need.edit.submit")}
          cancelHref={`/projects/${project.id}`}
          attachmentsNote={
            <div className="space-y-2">
              <p className="text-sm font-medium text-slate-800">{t("attachments.current", { n: attachments.length, max: maxAttachments })}</p>
              <AttachmentList
                projectId={project.id}
                attachments={attachments}
                actions={(a) => (
                  <Button
                    type="submit"
                    form={`remove-${a.id}`}
                    variant="ghost"
                    size="sm"
                    pending={removing === a.id}
                    disabled={removing === a.id}
                    aria-label={t("attachments.removeNamed", { name: a.fileName })}
                  >
                    {t("attachments.remove")}
                  </Button>
                )}
              />
            </div>
          }
        />
      </Card>
      {/* The remove buttons above submit these forms (forms cannot nest). */}
      {attachments.map((a) => (
        <Form key={a.id} id={`remove-${a.id}`} method="post" hidden>
          <input type="hidden" name="intent" value="removeAttachment" />
          <input type="hidden" name="attachmentId" value={a.id} />
        </Form>
      ))}
    </div>
  );
}
