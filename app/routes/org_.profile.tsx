// ORG: its own organization's profile (all ledger fields). Registration facts changed after approval go
// to the broker as pending changes (待审核变更); a REJECTED org can resubmit for vetting from here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { isDomainError } from "~/domain/errors";
import { getOrgProfile, profileFormValues, resubmitForVetting, updateOwnProfile } from "~/domain/organizations.server";
import { bpToPercent, orgProfileSchema, percentToBp, readFundingSources } from "~/domain/organizations.schema";
import { gradeStatus } from "~/domain/vetting.server";
import { ContactSection, DistrictSelect, ProfileFooter, UsccField } from "~/components/accounts/AccountFields";
import { Alert } from "~/components/Alert";
import { VettingBadge } from "~/components/Badge";
import { Button, LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { Checkbox, CheckboxGroup, FormError, Select, Textarea, TextField } from "~/components/Field";
import { FormSection } from "~/components/FormSection";
import { formatDate, formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { FundingSourcesField, fundingRowsFromForm, type FundingRow } from "~/components/registry/FundingSourcesField";
import { GradeBadge } from "~/components/registry/GradeBadge";
import { onlyRequired } from "~/components/registry/constraints";
import { categoryOptions, districtOptions } from "~/components/registry/labels";
import { PendingChangesList } from "~/components/registry/PendingChangesList";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { ORG_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.profile.title");

const FIELDS = [
  "name", "uscc", "registeringAuthority", "legalRepresentative", "foundedAt", "staffCount", "volunteerCount",
  "districtCode", "serviceDistricts", "industryFocus", "categories", "description", "activityAreas", "workingMethods",
  "tags", "fundingSources", "unionCoverage", "incubated", "incubationDistrictCode", "incubatedSince", "contactName",
  "contactPhone", "address",
] as const;

const PROFILE_CONSTRAINT = onlyRequired(getZodConstraint(orgProfileSchema), ["name", "uscc", "districtCode", "serviceDistricts", "categories"]);

async function requireOwnOrg(request: Request) {
  const user = await requireRole(request, "ORG");
  if (!user.organizationId) throw notFoundResponse();
  return { user, orgId: user.organizationId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, orgId } = await requireOwnOrg(request);
  const [org, refs] = await Promise.all([orRespond(getOrgProfile(user, orgId)), loadRefs()]);
  const { fundingSources: _f, ...defaults } = profileFormValues(org);
  const funding: FundingRow[] = readFundingSources(org.fundingSources).map((f) => ({ source: f.source, sharePercent: bpToPercent(f.shareBp) }));
  return {
    refs,
    defaults,
    funding,
    org: {
      name: org.name,
      uscc: org.uscc,
      vettingStatus: org.vettingStatus,
      vettingNote: org.vettingNote,
      vettedAt: org.vettedAt,
      ledgerConfirmedAt: org.ledgerConfirmedAt,
      grade: gradeStatus(org),
      documents: org.documents.length,
      updatedAt: org.updatedAt,
    },
    pending: org.pending,
    reviewsFacts: org.vettingStatus === "APPROVED" || org.vettingStatus === "SUSPENDED",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const { user, orgId } = await requireOwnOrg(request);
  const locale = getLocale(request);
  const formData = await request.formData();

  if (formData.get("intent") === "resubmit") {
    try {
      await resubmitForVetting(user, orgId);
      return { kind: "resubmitted" as const };
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return data({ kind: "resubmitError" as const, message: tx(locale, e.code) }, { status: e.status });
    }
  }

  const submission = parseWithZod(formData, { schema: orgProfileSchema, disableAutoCoercion: true });
  const funding = fundingRowsFromForm(formData);
  if (submission.status !== "success") {
    return data({ kind: "profile" as const, result: submission.reply(), funding, saved: null }, { status: 400 });
  }
  try {
    const r = await updateOwnProfile(user, orgId, submission.value);
    return { kind: "profile" as const, result: submission.reply(), funding, saved: { changed: r.changed, applied: r.applied.length, pending: r.pending } };
  } catch (e) {
    const reply = replyForDomainError(submission, e, locale, { fields: FIELDS });
    if (!reply) throw e;
    return data({ kind: "profile" as const, result: reply.result, funding, saved: null }, { status: reply.status });
  }
}

/** The funding-sum message needs the current sum, which zod's issue params do not carry to the form. */
function fundingErrors(errors: string[], rows: unknown, t: ReturnType<typeof useT>): string[] {
  const list = Array.isArray(rows) ? rows : [];
  const sum = list.reduce((s: number, r) => {
    const bp = r && typeof r === "object" ? percentToBp((r as { sharePercent?: unknown }).sharePercent) : null;
    return s + (bp ?? 0);
  }, 0);
  return errors.map((e) => (e === "error.funding.sum" ? t("error.funding.sum", { sum: bpToPercent(sum) }) : e));
}

export default function OrgProfile() {
  const { refs, defaults, funding, org, pending, reviewsFacts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const profileResult = actionData && actionData.kind === "profile" ? actionData : null;

  const [form, fields] = useForm({
    id: "org-profile",
    lastResult: profileResult?.result,
    defaultValue: defaults,
    constraint: PROFILE_CONSTRAINT,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: orgProfileSchema, disableAutoCoercion: true });
    },
  });

  const districts = districtOptions(refs.districts, t.locale);
  const pilotDistricts = districtOptions(refs.districts.filter((d) => d.pilot), t.locale);
  const categories = categoryOptions(t, refs.categories);
  const fundingErrorList = fundingErrors(
    Object.entries(form.allErrors)
      .filter(([k]) => k === "fundingSources" || k.startsWith("fundingSources["))
      .flatMap(([, v]) => v),
    fields.fundingSources.value,
    t,
  );
  const factHint = reviewsFacts ? t("registry.profile.factHint") : undefined;
  const saved = profileResult?.saved;

  return (
    <div>
      <PageHeader
        title={t("registry.profile.title")}
        description={t("registry.profile.subtitle")}
        eyebrow={<span className="font-mono">{org.uscc}</span>}
      />
      <SectionTabs tabs={ORG_TABS} label="registry.tabs.orgLabel" />

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="order-2 min-w-0 space-y-6 lg:order-1">
          {saved && (
            <Alert tone="success" title={saved.changed ? t("registry.profile.saved") : t("registry.profile.unchanged")}>
              {saved.pending.length > 0 && t("registry.profile.savedPending")}
            </Alert>
          )}
          {pending && (
            <Alert tone="warning" title={t("registry.pending.title")} role="note">
              <p className="mb-2">{t("registry.pending.orgBody", { date: formatDateTime(pending.requestedAt, t.locale) })}</p>
              <PendingChangesList changes={pending.changes} />
            </Alert>
          )}
          <Card>
            <Form method="post" className="space-y-8" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="save" />
              <FormError id={form.errorId} errors={form.errors} />
              <FormSection legend={t("registry.section.registration")} description={factHint}>
                <TextField meta={fields.name} label={t("registry.field.name")} className="sm:col-span-2" autoComplete="organization" />
                <UsccField meta={fields.uscc} />
                <TextField meta={fields.registeringAuthority} label={t("signup.field.registeringAuthority")} hint={t("signup.field.registeringAuthority.hint")} />
                <TextField meta={fields.legalRepresentative} label={t("registry.field.legalRepresentative")} />
                <TextField meta={fields.foundedAt} label={t("registry.field.foundedAt")} type="date" />
              </FormSection>

              <FormSection legend={t("registry.section.scale")}>
                <TextField meta={fields.staffCount} label={t("registry.field.staffCount")} type="number" min={0} inputMode="numeric" />
                <TextField meta={fields.volunteerCount} label={t("registry.field.volunteerCount")} type="number" min={0} inputMode="numeric" />
                <DistrictSelect meta={fields.districtCode} label={t("registry.field.district")} options={districts} />
                <TextField meta={fields.industryFocus} label={t("registry.field.industryFocus")} hint={t("registry.field.industryFocus.hint")} />
                <CheckboxGroup
                  meta={fields.serviceDistricts}
                  legend={t("registry.field.serviceDistricts")}
                  hint={t("signup.field.categories.hint")}
                  options={districts}
                  required
                  className="sm:col-span-2"
                />
              </FormSection>

              <FormSection legend={t("registry.section.services")}>
                <CheckboxGroup meta={fields.categories} legend={t("signup.field.categories")} options={categories} required className="sm:col-span-2" />
                <Textarea meta={fields.description} label={t("registry.field.description")} rows={4} className="sm:col-span-2" />
                <Textarea meta={fields.activityAreas} label={t("registry.field.activityAreas")} rows={3} />
                <Textarea meta={fields.workingMethods} label={t("registry.field.workingMethods")} rows={3} />
                <TextField meta={fields.tags} label={t("registry.field.tags")} hint={t("registry.field.tags.hint")} className="sm:col-span-2" />
              </FormSection>

              <FormSection legend={t("registry.section.funding")}>
                <FundingSourcesField
                  rows={profileResult?.funding ?? funding}
                  errors={fundingErrorList}
                  errorId={`${fields.fundingSources.errorId}-group`}
                  resetKey={JSON.stringify(profileResult?.funding ?? funding)}
                />
              </FormSection>

              <FormSection legend={t("registry.section.union")}>
                <Select
                  meta={fields.unionCoverage}
                  label={t("registry.field.unionCoverage")}
                  hint={t("registry.field.unionCoverage.hint")}
                  options={(["OWN_UNION", "JOINT_UNION", "NONE"] as const).map((k) => ({ value: k, label: t(`unionCoverage.${k}`) }))}
                />
                <div className="sm:pt-7">
                  <Checkbox meta={fields.incubated} label={t("registry.field.incubated")} />
                </div>
                <Select
                  meta={fields.incubationDistrictCode}
                  label={t("registry.field.incubationDistrict")}
                  hint={t("registry.field.incubationDistrict.hint")}
                  options={pilotDistricts}
                  placeholder={t("common.pleaseSelect")}
                />
                <TextField meta={fields.incubatedSince} label={t("registry.field.incubatedSince")} type="date" />
              </FormSection>

              <ContactSection name={fields.contactName} phone={fields.contactPhone} address={fields.address} />

              <ProfileFooter updatedAt={org.updatedAt} submitting={submitting} />
            </Form>
          </Card>
        </div>

        <aside className="order-1 space-y-4 lg:order-2" aria-label={t("registry.profile.statusAside")}>
          <Card title={t("registry.profile.status")} headingLevel={2}>
            <dl className="space-y-3 text-sm">
              <div className="flex items-center justify-between gap-3">
                <dt className="text-slate-600">{t("registry.col.vetting")}</dt>
                <dd>
                  <VettingBadge status={org.vettingStatus} />
                </dd>
              </div>
              {org.vettingNote && (
                <div>
                  <dt className="text-slate-600">{t(org.vettingStatus === "PENDING" ? "registry.profile.documentsRequested" : "registry.profile.vettingNote")}</dt>
                  <dd className="mt-1 whitespace-pre-wrap rounded-md bg-slate-50 p-2 text-slate-900">{org.vettingNote}</dd>
                </div>
              )}
              <div className="flex items-center justify-between gap-3">
                <dt className="text-slate-600">{t("registry.col.grade")}</dt>
                <dd>
                  <GradeBadge info={org.grade} />
                </dd>
              </div>
              {org.grade.validUntil && (
                <div className="flex items-center justify-between gap-3">
                  <dt className="text-slate-600">{t("registry.grade.validUntilLabel")}</dt>
                  <dd className="text-slate-900">{formatDate(org.grade.validUntil, t.locale)}</dd>
                </div>
              )}
              <div className="flex items-center justify-between gap-3">
                <dt className="text-slate-600">{t("registry.col.confirmed")}</dt>
                <dd className="text-slate-900">{org.ledgerConfirmedAt ? formatDate(org.ledgerConfirmedAt, t.locale) : t("registry.never")}</dd>
              </div>
              <div className="flex items-center justify-between gap-3">
                <dt className="text-slate-600">{t("registry.tabs.documents")}</dt>
                <dd>
                  <Link to="/org/documents" className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {t("registry.documents.count", { count: org.documents })}
                  </Link>
                </dd>
              </div>
            </dl>
            {org.vettingStatus === "REJECTED" && (
              <Form method="post" className="mt-4 border-t border-slate-200 pt-4">
                <input type="hidden" name="intent" value="resubmit" />
                <p className="mb-3 text-sm text-slate-700">{t("registry.profile.resubmitHint")}</p>
                {actionData?.kind === "resubmitError" && (
                  <Alert tone="error" className="mb-3">
                    {actionData.message}
                  </Alert>
                )}
                <Button type="submit" className="w-full">
                  {t("registry.profile.resubmit")}
                </Button>
              </Form>
            )}
            {actionData?.kind === "resubmitted" && (
              <Alert tone="success" className="mt-4">
                {t("registry.profile.resubmitted")}
              </Alert>
            )}
          </Card>
          <Card title={t("registry.annual.title")} headingLevel={2}>
            <p className="text-sm text-slate-700">{t("registry.annual.asideBody")}</p>
            <LinkButton to="/org/annual-review" variant="secondary" size="sm" className="mt-3">
              {t("registry.annual.go")}
            </LinkButton>
          </Card>
        </aside>
      </div>
    </div>
  );
}
