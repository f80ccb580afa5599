// ORG: the annual review (年度台账确认) — confirm this year's ledger facts (after updating the profile if
// needed); earlier confirmations are listed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ReactNode } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { notFoundResponse, requireRole } from "~/auth/guards.server";
import { isDomainError } from "~/domain/errors";
import { getOrgProfile } from "~/domain/organizations.server";
import { bpToPercent, readFundingSources, readTags } from "~/domain/organizations.schema";
import { annualReviews, confirmLedger, shanghaiYear } from "~/domain/vetting.server";
import { Alert } from "~/components/Alert";
import { Badge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { formatDate, formatDateTime } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { categoryLabel, codeName } from "~/components/registry/labels";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { ORG_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.annual.title");

async function requireOwnOrg(request: Request) {
  const user = await requireRole(request, "ORG");
  if (!user.organizationId) throw notFoundResponse();
  return { user, orgId: user.organizationId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, orgId } = await requireOwnOrg(request);
  const [org, reviews, refs] = await Promise.all([orRespond(getOrgProfile(user, orgId)), orRespond(annualReviews(user, orgId)), loadRefs()]);
  const year = shanghaiYear(new Date());
  return {
    year,
    refs,
    confirmedThisYear: reviews.find((r) => r.year === year) ?? null,
    reviews: reviews.map((r) => ({ id: r.id, year: r.year, confirmedAt: r.confirmedAt, changes: r.changes as { applied?: string[]; pending?: string[] } | null })),
    facts: {
      name: org.name,
      uscc: org.uscc,
      registeringAuthority: org.registeringAuthority,
      legalRepresentative: org.legalRepresentative,
      foundedAt: org.foundedAt,
      staffCount: org.staffCount,
      volunteerCount: org.volunteerCount,
      districtCode: org.districtCode,
      serviceDistricts: org.serviceDistricts.map((s) => s.districtCode),
      categories: org.categories.map((c) => c.categoryCode),
      industryFocus: org.industryFocus,
      tags: readTags(org.tags),
      fundingSources: readFundingSources(org.fundingSources),
      unionCoverage: org.unionCoverage,
      incubated: org.incubated,
      incubationDistrictCode: org.incubationDistrictCode,
      contactName: org.contactName,
      contactPhone: org.contactPhone,
    },
    pending: !!org.pending,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const { user, orgId } = await requireOwnOrg(request);
  const form = await request.formData();
  if (form.get("intent") !== "confirm") return data({ ok: false as const, message: tx(getLocale(request), "error.invalidInput") }, { status: 400 });
  try {
    const r = await confirmLedger(user, orgId, null);
    return { ok: true as const, year: r.year, created: r.created };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return data({ ok: false as const, message: tx(getLocale(request), e.code) }, { status: e.status });
  }
}

export default function OrgAnnualReview() {
  const { year, refs, confirmedThisYear, reviews, facts, pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const none = <span className="text-slate-500">—</span>;

  const rows: [string, ReactNode][] = [
    [t("registry.field.name"), facts.name],
    [t("signup.field.uscc"), <span key="u" className="font-mono">{facts.uscc}</span>],
    [t("signup.field.registeringAuthority"), facts.registeringAuthority || none],
    [t("registry.field.legalRepresentative"), facts.legalRepresentative || none],
    [t("registry.field.foundedAt"), facts.foundedAt ? formatDate(facts.foundedAt, t.locale) : none],
    [t("registry.field.staffCount"), facts.staffCount],
    [t("registry.field.volunteerCount"), facts.volunteerCount],
    [t("registry.field.district"), codeName(facts.districtCode, refs.districts, t.locale)],
    [t("registry.field.serviceDistricts"), facts.serviceDistricts.map((c) => codeName(c, refs.districts, t.locale)).join("、") || none],
    [t("signup.field.categories"), facts.categories.map((c) => categoryLabel(t, c, refs.categories)).join("、") || none],
    [t("registry.field.industryFocus"), facts.industryFocus || none],
    [t("registry.field.tags"), facts.tags.join("、") || none],
    [
      t("registry.field.fundingSources"),
      facts.fundingSources.length ? facts.fundingSources.map((f) => `${t(`orgFunding.${f.source}`)} ${bpToPercent(f.shareBp)}%`).join("；") : none,
    ],
    [t("registry.field.unionCoverage"), t(`unionCoverage.${facts.unionCoverage}`)],
    [
      t("registry.field.incubated"),
      facts.incubated ? `${t("common.yes")}（${codeName(facts.incubationDistrictCode, refs.districts, t.locale)}）` : t("common.no"),
    ],
    [t("signup.field.contactName"), facts.contactName || none],
    [t("signup.field.phone"), facts.contactPhone || none],
  ];

  return (
    <div>
      <PageHeader title={t("registry.annual.title")} description={t("registry.annual.subtitle")} />
      <SectionTabs tabs={ORG_TABS} label="registry.tabs.orgLabel" />
      <div className="space-y-6">
        {actionData?.ok && (
          <Alert tone="success">{t(actionData.created ? "registry.annual.confirmed" : "registry.annual.alreadyConfirmed", { year: actionData.year })}</Alert>
        )}
        {actionData && !actionData.ok && <Alert tone="error">{actionData.message}</Alert>}
        <Card
          title={t("registry.annual.thisYear", { year })}
          actions={
            confirmedThisYear ? (
              <Badge tone="green">{t("registry.annual.doneOn", { date: formatDate(confirmedThisYear.confirmedAt, t.locale) })}</Badge>
            ) : (
              <Badge tone="amber">{t("registry.annual.due")}</Badge>
            )
          }
        >
          <p className="mb-4 text-sm text-slate-700">
            {t("registry.annual.instructions")}{" "}
            <Link to="/org/profile" className="font-medium text-brand-700 underline underline-offset-2">
              {t("registry.annual.editProfile")}
            </Link>
          </p>
          {pending && (
            <Alert tone="info" className="mb-4" role="note">
              {t("registry.annual.pendingNote")}
            </Alert>
          )}
          <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200">
            {rows.map(([label, value]) => (
              <div key={label} className="grid gap-1 px-4 py-2.5 text-sm sm:grid-cols-[12rem_1fr]">
                <dt className="text-slate-600">{label}</dt>
                <dd className="min-w-0 break-words text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
          <Form method="post" className="mt-5">
            <input type="hidden" name="intent" value="confirm" />
            <Button type="submit" pending={submitting} pendingLabel={t("signup.submitting")}>
              {t("registry.annual.confirm", { year })}
            </Button>
          </Form>
        </Card>

        <section aria-labelledby="reviews-heading" className="space-y-3">
          <h2 id="reviews-heading" className="text-lg font-semibold text-slate-900">
            {t("registry.annual.history")}
          </h2>
          <DataTable
            caption={t("registry.annual.history")}
            rows={reviews}
            rowKey={(r) => r.id}
            empty={t("registry.annual.none")}
            columns={[
              { key: "year", header: t("registry.annual.year"), cell: (r) => r.year },
              { key: "at", header: t("registry.annual.confirmedAt"), cell: (r) => formatDateTime(r.confirmedAt, t.locale) },
              {
                key: "changes",
                header: t("registry.annual.changes"),
                cell: (r) =>
                  t("registry.annual.changesSummary", { applied: r.changes?.applied?.length ?? 0, pending: r.changes?.pending?.length ?? 0 }),
              },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
