// ENTERPRISE: create a need as a DRAFT (with attachments), then review it on its page and submit it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "~/components/parse-form";

import { db } from "~/db.server";
import { addAttachments } from "~/domain/attachments.server";
import { createDraft } from "~/domain/projects.server";
import { makeNeedSchema } from "~/domain/projects.schema";
import { DOCUMENT_TYPES, deleteStoredFile, storeUpload, type StoredFile } from "~/domain/uploads.server";
import { Card } from "~/components/Card";
import { PageHeader } from "~/components/PageHeader";
import { replyForDomainError } from "~/components/form-reply.server";
import { NEED_FIELDS, NeedForm } from "~/components/marketplace/NeedForm";
import { actorOf, loadRefs, onFileField, requireEnterpriseUser } from "~/components/marketplace/helpers.server";
import { filesOf, readFormWithFiles } from "~/components/marketplace/multipart.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "need.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const refs = await loadRefs();
  const home = await db.enterprise.findUnique({ where: { id: user.enterpriseId }, select: { districtCode: true } });
  return { ...refs, defaultDistrict: home?.districtCode ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireEnterpriseUser(request);
  const locale = getLocale(request);
  const actor = actorOf(user);
  const empty = parseWithZod(new FormData(), { schema: makeNeedSchema(), disableAutoCoercion: true });

  let formData: FormData;
  try {
    formData = await readFormWithFiles(request);
  } catch (e) {
    const reply = replyForDomainError(empty, e, locale, { fields: NEED_FIELDS });
    if (!reply) throw e;
    return data(reply.result, { status: reply.status });
  }
  const submission = parseWithZod(formData, { schema: makeNeedSchema(), disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["files"] }), { status: 400 });

  const stored: StoredFile[] = [];
  try {
    for (const f of filesOf(formData, "files")) stored.push(await storeUpload(f, { kinds: DOCUMENT_TYPES, folder: "need-attachments" }));
    const project = await createDraft(actor, submission.value);
    await addAttachments(actor, project.id, stored);
    return redirect(`/projects/${project.id}?ok=created`, { status: 303 });
  } catch (e) {
    await Promise.all(stored.map((f) => deleteStoredFile(f.storedPath)));
    const reply = replyForDomainError(submission, onFileField(e, "files"), locale, { fields: NEED_FIELDS, hideFields: ["files"] });
    if (!reply) throw e;
    return data(reply.result, { status: reply.status });
  }
}

export default function NewNeed() {
  const { categories, districts, defaultDistrict } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        eyebrow={
          <Link to="/projects" className="text-brand-700 underline-offset-2 hover:underline">
            ← {t("projects.title.enterprise")}
          </Link>
        }
        title={t("need.new.title")}
        description={t("need.new.subtitle")}
      />
      <Card>
        <NeedForm
          id="need-new"
          lastResult={lastResult}
          defaultValue={{ districtCode: defaultDistrict, unionRule: "NONE", sessionsPlanned: "1" }}
          categories={categories}
          districts={districts}
          submitLabel={t("need.new.submit")}
          cancelHref="/enterprise"
        />
      </Card>
    </div>
  );
}
