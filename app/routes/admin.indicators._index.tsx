// ADMIN: indicator systems (指标体系) per year — list, create (from the default tree or as a copy of an
// existing system, e.g. last year's), copy last year's in one click, activate / deactivate.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { FormError, Select, TextField } from "~/components/Field";
import { formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { currentShanghaiYear } from "~/components/evaluation/format";
import { createSystemSchema } from "~/components/evaluation/schemas";
import { isDomainError } from "~/domain/errors";
import {
  copyIndicatorSystem,
  copyLastYearIndicatorSystem,
  createIndicatorSystem,
  listIndicatorSystems,
  setIndicatorSystemActive,
} from "~/domain/indicators.server";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "indicators.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const systems = await listIndicatorSystems();
  const year = currentShanghaiYear();
  return { systems, year };
}

type ActionData = { result: SubmissionResult<string[]> | null; error: string | null; notice: string | null };

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "ADMIN");
  const locale = getLocale(request);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "activate" || intent === "deactivate" || intent === "copyLast") {
    try {
      if (intent === "copyLast") {
        const year = Number(formData.get("year"));
        if (!Number.isInteger(year) || year < 2000 || year > 2100) {
          return data<ActionData>({ result: null, error: tx(locale, "indicators.error.yearRange"), notice: null }, { status: 400 });
        }
        // The system the page showed (else the domain's pick of last year's); its name with the new year.
        const fromId = String(formData.get("fromSystemId") ?? "");
        const from = fromId ? (await listIndicatorSystems()).find((x) => x.id === fromId && x.year < year) : undefined;
        const { id } = from
          ? await copyIndicatorSystem(user, { fromSystemId: from.id, year, name: from.name.split(String(from.year)).join(String(year)) })
          : await copyLastYearIndicatorSystem(user, year);
        return redirect(`/admin/indicators/${id}`, { status: 303 });
      }
      const systemId = String(formData.get("systemId") ?? "");
      await setIndicatorSystemActive(user, systemId, intent === "activate");
      return data<ActionData>({ result: null, error: null, notice: intent === "activate" ? "indicators.activated" : "indicators.deactivated" });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return data<ActionData>({ result: null, error: tx(locale, e.code, e.params), notice: null }, { status: e.status });
    }
  }

  const submission = parseWithZod(formData, { schema: createSystemSchema });
  if (submission.status !== "success") {
    return data<ActionData>({ result: submission.reply(), error: null, notice: null }, { status: 400 });
  }
  const { year, name, source } = submission.value;
  try {
    const { id } =
      source === "default"
        ? await createIndicatorSystem(user, { year, name })
        : await copyIndicatorSystem(user, { fromSystemId: source, year, name });
    return redirect(`/admin/indicators/${id}`, { status: 303 });
  } catch (e) {
    const reply = replyForDomainError(submission, e, locale, { fields: ["year", "name", "source"] });
    if (!reply) throw e;
    return data<ActionData>({ result: reply.result, error: null, notice: null }, { status: reply.status });
  }
}

export default function IndicatorSystems() {
  const { systems, year } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "create") : null;
  // The year to set up next: this year, or next year once this year has a system; "last year's" is the
  // most recent system before it.
  const targetYear = systems.some((s) => s.year === year) ? year + 1 : year;
  const lastYear = systems.find((s) => s.year < targetYear) ?? null;

  const [form, fields] = useForm({
    id: "create-system",
    lastResult: actionData?.result,
    constraint: getZodConstraint(createSystemSchema),
    defaultValue: {
      year: String(targetYear),
      name: t("indicators.defaultName", { year: targetYear }),
      source: lastYear ? lastYear.id : "default",
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: createSystemSchema });
    },
  });

  return (
    <div className="space-y-8">
      <PageHeader title={t("indicators.title")} description={t("indicators.subtitle")} />
      {actionData?.error && <Alert tone="error">{actionData.error}</Alert>}
      {actionData?.notice && <Alert tone="success">{t.tx(actionData.notice)}</Alert>}

      <section aria-labelledby="systems-heading" className="space-y-3">
        <h2 id="systems-heading" className="text-lg font-semibold text-slate-900">
          {t("indicators.list")}
        </h2>
        <DataTable
          caption={t("indicators.list")}
          rows={systems}
          rowKey={(s) => s.id}
          empty={t("indicators.empty")}
          columns={[
            { key: "year", header: t("indicators.col.year"), cell: (s) => <span className="font-semibold tabular-nums">{s.year}</span> },
            {
              key: "name",
              header: t("indicators.col.name"),
              cell: (s) => (
                <Link to={`/admin/indicators/${s.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                  {s.name}
                </Link>
              ),
            },
            {
              key: "active",
              header: t("col.state"),
              cell: (s) => (s.active ? <Badge tone="green">{t("indicators.active")}</Badge> : <Badge tone="gray">{t("indicators.inactive")}</Badge>),
            },
            { key: "count", header: t("indicators.col.indicators"), align: "right", hideOnMobile: true, cell: (s) => <span className="tabular-nums">{s.indicatorCount}</span> },
            { key: "evals", header: t("indicators.col.evaluations"), align: "right", hideOnMobile: true, cell: (s) => <span className="tabular-nums">{s.evaluationCount}</span> },
            { key: "updated", header: t("indicators.col.updated"), hideOnMobile: true, cell: (s) => <span className="whitespace-nowrap">{formatDateTime(s.updatedAt, t.locale)}</span> },
            {
              key: "actions",
              header: t("common.actions"),
              cell: (s) => (
                <div className="flex flex-wrap items-center gap-2">
                  <Link to={`/admin/indicators/${s.id}`} className="text-sm font-medium text-brand-700 underline underline-offset-2">
                    {t("indicators.edit")}
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="systemId" value={s.id} />
                    <Button
                      type="submit"
                      name="intent"
                      value={s.active ? "deactivate" : "activate"}
                      variant="ghost"
                      size="sm"
                      aria-label={t(s.active ? "indicators.deactivate.label" : "indicators.activate.label", { name: `${s.year} ${s.name}` })}
                    >
                      {t(s.active ? "indicators.deactivate" : "indicators.activate")}
                    </Button>
                  </Form>
                </div>
              ),
            },
          ]}
        />
        <p className="text-sm text-slate-600">{t("indicators.applies")}</p>
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title={t("indicators.create")}>
          <Form method="post" className="space-y-5" {...getFormProps(form)}>
            <FormError id={form.errorId} errors={form.errors} />
            <div className="grid grid-cols-1 gap-5 sm:grid-cols-[8rem_1fr]">
              <TextField meta={fields.year} label={t("indicators.col.year")} type="number" inputMode="numeric" />
              <TextField meta={fields.name} label={t("indicators.col.name")} />
            </div>
            <Select
              meta={fields.source}
              label={t("indicators.source")}
              options={[
                { value: "default", label: t("indicators.source.default") },
                ...systems.map((s) => ({ value: s.id, label: t("indicators.source.copy", { year: s.year, name: s.name }) })),
              ]}
            />
            <Button type="submit" name="intent" value="create" pending={busy === "create"} pendingLabel={t("common.saving")}>
              {t("indicators.create.submit")}
            </Button>
          </Form>
        </Card>

        <Card title={t("indicators.copyLast")}>
          {lastYear ? (
            <Form method="post" className="space-y-4">
              <p className="text-sm text-slate-700">{t("indicators.copyLast.body", { from: `${lastYear.year} · ${lastYear.name}`, year: targetYear })}</p>
              <input type="hidden" name="year" value={targetYear} />
              <input type="hidden" name="fromSystemId" value={lastYear.id} />
              <Button type="submit" name="intent" value="copyLast" variant="secondary" pending={busy === "copyLast"} pendingLabel={t("common.saving")}>
                {t("indicators.copyLast.submit", { year: targetYear })}
              </Button>
            </Form>
          ) : (
            <p className="text-sm text-slate-700">{t("error.indicators.noPrevious")}</p>
          )}
        </Card>
      </div>
    </div>
  );
}
