// BROKER: merge several similar needs (one service category, typically from different enterprises)
// into one bundle project (集中采购) with its own title, description, district and bid deadline. The
// bundle is published at once; each enterprise keeps its own acceptance and rating. Needs ticked on
// the review queue arrive here selected (?needIds=…). Unbundling is on the bundle's project page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";
import type { z } from "zod";

import { requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { ProjectStateBadge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { FieldErrors, FormError, Select, TextField, Textarea } from "~/components/Field";
import { formatDate, formatDateTime, formatFen } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { categoryText, codeLabel, refLabel } from "~/components/broker/labels";
import { assertCleanForm, idParams } from "~/components/broker/params.server";
import { makeBundleSchema } from "~/components/broker/schemas";
import { listBundleCandidates, referenceLists } from "~/domain/broker.server";
import { bundleNeeds } from "~/domain/projects.server";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "broker.bundle.title");

type BundleFormShape = z.output<ReturnType<typeof makeBundleSchema>>;

const FIELDS = ["needIds", "title", "description", "districtCode", "bidDeadline"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER");
  const url = new URL(request.url);
  const selected = idParams(url, "needIds");
  const refs = await referenceLists();
  let category = url.searchParams.get("category") ?? "";
  if (!refs.categories.some((c) => c.code === category)) category = "";
  // Ticked on the review queue: show the category of the first ticked need.
  if (!category && selected.length) {
    const all = await listBundleCandidates(user);
    category = all.find((c) => c.id === selected[0])?.categoryCode ?? "";
  }
  const candidates = await listBundleCandidates(user, { categoryCode: category || undefined });
  const present = new Set(candidates.map((c) => c.id));
  return { candidates, refs, category, selected: selected.filter((id) => present.has(id)) };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER");
  const formData = await request.formData();
  assertCleanForm(formData);
  const schema = makeBundleSchema();
  const submission = parseWithZod(formData, { schema, disableAutoCoercion: true });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { needIds, ...rest } = submission.value;
  try {
    const bundle = await bundleNeeds(user, needIds, rest);
    return redirect(`/broker/projects/${bundle.id}?done=bundle`);
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { fields: FIELDS });
    if (!reply) throw e;
    // A need that vanished meanwhile is a form error here, not a 404 page.
    return data({ result: reply.result }, { status: reply.status === 404 ? 409 : reply.status });
  }
}

export default function BrokerBundleNew() {
  const { candidates, refs, category, selected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const nav = useNavigation();
  const pending = nav.state === "submitting" && nav.formMethod === "POST";
  const schema = makeBundleSchema();
  const [form, fields] = useForm<BundleFormShape>({
    id: "bundle",
    lastResult: actionData?.result,
    constraint: getZodConstraint(schema),
    defaultValue: { needIds: selected },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, disableAutoCoercion: true }),
  });
  const needErr = fields.needIds.errors;
  const chosen = new Set((fields.needIds.initialValue as string[] | string | undefined) ?? []);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link to="/broker/review" className="underline">
            {t("broker.review.title")}
          </Link>
        }
        title={t("broker.bundle.title")}
        description={t("broker.bundle.subtitle")}
      />

      <Form method="get" className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <div>
          <label htmlFor="b-category" className="mb-1.5 block text-sm font-medium text-slate-800">
            {t("broker.filter.category")}
          </label>
          <select id="b-category" name="category" defaultValue={category} className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base">
            <option value="">{t("broker.filter.all")}</option>
            {refs.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryText(t, c.code, refs.categories)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          {t("broker.filter.submit")}
        </Button>
      </Form>

      <Form method="post" className="space-y-6" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <Card title={t("broker.bundle.pick")}>
          <fieldset aria-describedby={needErr?.length ? fields.needIds.errorId : undefined}>
            <legend className="mb-3 text-sm text-slate-700">{t("broker.bundle.pick.hint")}</legend>
            {candidates.length === 0 ? (
              <Alert tone="info">{t("broker.bundle.noCandidates")}</Alert>
            ) : (
              <ul className={needErr?.length ? "divide-y divide-slate-100 rounded-md ring-2 ring-red-600" : "divide-y divide-slate-100"}>
                {candidates.map((c) => (
                  <li key={c.id} className="flex items-start gap-3 py-3">
                    <input
                      type="checkbox"
                      id={`need-${c.id}`}
                      name={fields.needIds.name}
                      value={c.id}
                      defaultChecked={chosen.has(c.id)}
                      className="mt-1 size-5 shrink-0 accent-brand-700"
                    />
                    <label htmlFor={`need-${c.id}`} className="min-w-0 flex-1 cursor-pointer">
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="font-mono text-xs text-slate-600">{c.code}</span>
                        <ProjectStateBadge state={c.state} />
                        <span className="text-sm text-slate-600">{categoryText(t, c.categoryCode, refs.categories)}</span>
                      </span>
                      <span className="block font-medium text-slate-900">{c.title}</span>
                      <span className="block text-sm text-slate-700">
                        {t("broker.bundle.candidateLine", {
                          enterprise: c.enterprise?.name ?? "—",
                          district: codeLabel(c.districtCode, refs.districts, t.locale),
                          budget: formatFen(c.budgetFen),
                          people: c.beneficiariesPlanned,
                        })}
                      </span>
                      <span className="block text-sm text-slate-600">
                        {t("broker.bundle.candidateWindow", {
                          from: c.serviceStart ? formatDate(c.serviceStart, t.locale) : "—",
                          to: c.serviceEnd ? formatDate(c.serviceEnd, t.locale) : "—",
                          deadline: c.bidDeadline ? formatDateTime(c.bidDeadline, t.locale) : "—",
                        })}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            <FieldErrors id={fields.needIds.errorId} errors={needErr} />
          </fieldset>
        </Card>

        <Card title={t("broker.bundle.details")}>
          <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
            <TextField meta={fields.title} label={t("broker.bundle.field.title")} className="sm:col-span-2" maxLength={100} />
            <Textarea meta={fields.description} label={t("broker.bundle.field.description")} className="sm:col-span-2" rows={5} />
            <Select
              meta={fields.districtCode}
              label={t("broker.bundle.field.district")}
              hint={t("broker.bundle.field.district.hint")}
              placeholder={t("broker.bundle.field.district.default")}
              options={refs.districts.map((d) => ({ value: d.code, label: refLabel(d, t.locale) }))}
            />
            <TextField meta={fields.bidDeadline} type="datetime-local" label={t("broker.publish.deadline")} hint={t("broker.bundle.field.deadline.hint")} />
          </div>
        </Card>
        <Button type="submit" pending={pending} pendingLabel={t("broker.submitting")} disabled={candidates.length < 2}>
          {t("broker.bundle.submit")}
        </Button>
      </Form>
    </div>
  );
}
