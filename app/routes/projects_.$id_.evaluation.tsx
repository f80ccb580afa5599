// BROKER: performance evaluation of an ACCEPTED project. Open it (the computed indicators are filled in
// from the delivery report, enterprise ratings, worker survey and upheld disputes), enter the broker
// assessments (0–100 + comment) while the score and grade update live, refresh the computed inputs, and
// close it: the project becomes EVALUATED and the organization's performance score is recomputed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/components/parse-form";
import { fieldList } from "~/components/field-list";
import { useMemo } from "react";

import { requireUser } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { Field, FormError, controlClasses } from "~/components/Field";
import { cx } from "~/components/cx";
import { formatDate, formatDateTime, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { requireProjectParty } from "~/components/evaluation/access.server";
import { formatBp, localName } from "~/components/evaluation/format";
import { ScoreBreakdown, ScoreSummary } from "~/components/evaluation/ScoreBreakdown";
import { assessmentSchema } from "~/components/evaluation/schemas";
import { isDomainError } from "~/domain/errors";
import { closeEvaluation, getEvaluation, openEvaluation, refreshEvaluation, saveBrokerAssessment } from "~/domain/evaluation.server";
import { scoreProject, type IndicatorNode, type ScoringInputs } from "~/domain/scoring";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation.title");

/** A submitted field value as text ("" unless it is one string: a rejected post can carry arrays and objects). */
const textOf = (v: unknown): string => (typeof v === "string" ? v : "");

function findNode(tree: IndicatorNode[], code: string): IndicatorNode | null {
  for (const n of tree) {
    if (n.code === code) return n;
    const c = findNode(n.children ?? [], code);
    if (c) return c;
  }
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProjectParty(user, params.id ?? "", ["BROKER"]);
  const ev = await getEvaluation(project.id);
  return {
    project: {
      id: project.id,
      code: project.code,
      title: project.title,
      state: project.state,
      isBundle: project.isBundle,
      enterpriseName: project.enterpriseName,
      organization: project.organization,
      awardFen: project.awardFen,
      serviceEnd: project.serviceEnd,
    },
    evaluation: ev
      ? {
          state: ev.state,
          score: ev.score,
          grade: ev.grade,
          system: ev.inputs.system,
          tree: ev.inputs.tree,
          facts: ev.inputs.facts,
          collectedAt: ev.inputs.collectedAt,
          openedAt: ev.openedAt,
          closedAt: ev.closedAt,
          brokerCodes: ev.brokerCodes,
          breakdown: ev.result.breakdown,
          complete: ev.result.complete,
        }
      : null,
  };
}

type ActionData = {
  result: SubmissionResult<string[]> | null;
  notice: "saved" | "refreshed" | null;
  error: string | null;
  closed: { performanceScore: number | null; flaggedForReview: boolean; organizationId: string } | null;
};

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  const project = await requireProjectParty(user, params.id ?? "", ["BROKER"]);
  const locale = getLocale(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const message = (e: { code: string; params?: Record<string, string | number> }) => tx(locale, e.code, e.params);

  if (intent === "open" || intent === "refresh") {
    try {
      if (intent === "open") await openEvaluation(user, project.id);
      else await refreshEvaluation(user, project.id);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return data<ActionData>({ result: null, notice: null, error: message(e), closed: null }, { status: e.status });
    }
    if (intent === "open") return redirect(`/projects/${project.id}/evaluation`, { status: 303 });
    return data<ActionData>({ result: null, notice: "refreshed", error: null, closed: null });
  }

  const submission = parseWithZod(formData, { schema: assessmentSchema });
  if (submission.status !== "success") {
    return data<ActionData>({ result: submission.reply(), notice: null, error: null, closed: null }, { status: 400 });
  }
  const items = submission.value.items;
  const values: Record<string, { score: number; comment: string }> = {};
  for (const it of items) if (it.score !== undefined) values[it.code] = { score: it.score, comment: it.comment ?? "" };
  try {
    if (Object.keys(values).length > 0) await saveBrokerAssessment(user, project.id, values);
    if (submission.value.intent === "close") {
      const r = await closeEvaluation(user, project.id);
      return data<ActionData>({
        result: submission.reply(),
        notice: null,
        error: null,
        closed: { performanceScore: r.performanceScore, flaggedForReview: r.flaggedForReview, organizationId: r.organizationId },
      });
    }
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const index = e.field ? items.findIndex((it) => it.code === e.field) : -1;
    const result =
      index >= 0
        ? submission.reply({ fieldErrors: { [`items[${index}].score`]: [message(e)] } })
        : submission.reply({ formErrors: [message(e)] });
    return data<ActionData>({ result, notice: null, error: null, closed: null }, { status: e.status });
  }
  return data<ActionData>({ result: submission.reply(), notice: "saved", error: null, closed: null });
}

function LiveForm({
  projectId,
  tree,
  facts,
  brokerCodes,
  lastResult,
  readOnly,
}: {
  projectId: string;
  tree: IndicatorNode[];
  facts: ScoringInputs;
  brokerCodes: string[];
  lastResult: SubmissionResult<string[]> | null | undefined;
  readOnly: boolean;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useForm({
    id: `assessment-${projectId}`,
    lastResult,
    defaultValue: {
      items: brokerCodes.map((code) => ({
        code,
        score: facts.broker[code] ? String(facts.broker[code].score) : "",
        comment: facts.broker[code]?.comment ?? "",
      })),
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: assessmentSchema });
    },
  });
  const itemFields = fieldList(fields.items);

  // Live score: the stored facts with the broker values as typed (invalid entries count as missing).
  const typed = itemFields.map((f) => {
    const s = f.getFieldset();
    return { code: textOf(s.code.value), score: textOf(s.score.value), comment: textOf(s.comment.value) };
  });
  const typedKey = JSON.stringify(typed);
  const live = useMemo(() => {
    const broker: ScoringInputs["broker"] = {};
    const changed = new Set<string>();
    for (const x of JSON.parse(typedKey) as typeof typed) {
      const n = x.score === "" ? NaN : Number(x.score);
      if (Number.isFinite(n) && n >= 0 && n <= 100) broker[x.code] = { score: n, comment: x.comment };
      const stored = facts.broker[x.code];
      if ((stored ? String(stored.score) : "") !== x.score || (stored?.comment ?? "") !== x.comment) changed.add(x.code);
    }
    return { result: scoreProject(tree, { ...facts, broker }), changed };
  }, [typedKey, tree, facts]);

  return (
    <>
      <Card title={t("evaluation.score")}>
        <ScoreSummary score={live.result.score} grade={live.result.grade} complete={live.result.complete}>
          {live.changed.size > 0 && !readOnly && <p className="text-sm text-amber-900">{t("evaluation.liveHint")}</p>}
        </ScoreSummary>
        <div className="mt-5">
          <ScoreBreakdown rows={live.result.breakdown} caption={t("evaluation.breakdown")} liveCodes={readOnly ? undefined : live.changed} />
        </div>
      </Card>

      {!readOnly && (
        <Card title={t("evaluation.assess")}>
          <p className="mb-4 text-sm text-slate-700">{t("evaluation.assess.hint")}</p>
          <Form method="post" className="space-y-5" {...getFormProps(form)}>
            <FormError id={form.errorId} errors={form.errors} />
            <ol className="space-y-5">
              {itemFields.map((f) => {
                const s = f.getFieldset();
                const code = textOf(s.code.initialValue);
                const node = findNode(tree, code);
                const { key: codeKey, ...codeProps } = getInputProps(s.code, { type: "hidden" });
                const { key: scoreKey, ...scoreProps } = getInputProps(s.score, { type: "number" });
                const { key: commentKey, ...commentProps } = getTextareaProps(s.comment);
                const invalid = !!s.score.errors?.length;
                return (
                  <li key={f.key} className="rounded-lg border border-slate-200 p-4">
                    <input key={codeKey} {...codeProps} />
                    <p className="font-semibold text-slate-900">
                      {node ? localName(node, t.locale) : code}
                      {node && <span className="ml-2 text-sm font-normal text-slate-600">{t("evaluation.assess.weight", { weight: formatBp(node.weightBp, t.locale) })}</span>}
                    </p>
                    <div className="mt-3 grid grid-cols-1 gap-4 sm:grid-cols-[10rem_1fr]">
                      <Field id={s.score.id} label={t("evaluation.assess.score")} errors={s.score.errors} errorId={s.score.errorId} required>
                        <input
                          key={scoreKey}
                          {...scoreProps}
                          min={0}
                          max={100}
                          step={0.01}
                          inputMode="decimal"
                          className={cx(controlClasses, "tabular-nums", invalid ? "border-red-600 bg-red-50/40" : "border-slate-400")}
                        />
                      </Field>
                      <Field id={s.comment.id} label={t("evaluation.assess.comment")} errors={s.comment.errors} errorId={s.comment.errorId}>
                        <textarea key={commentKey} {...commentProps} rows={2} className={cx(controlClasses, "border-slate-400")} />
                      </Field>
                    </div>
                  </li>
                );
              })}
            </ol>
            <div className="flex flex-col gap-3 border-t border-slate-200 pt-4 sm:flex-row sm:items-center sm:justify-between">
              <Button type="submit" name="intent" value="save" variant="secondary" pending={busyIntent === "save"} pendingLabel={t("common.saving")}>
                {t("evaluation.save")}
              </Button>
              <Button
                type="submit"
                name="intent"
                value="close"
                pending={busyIntent === "close"}
                pendingLabel={t("evaluation.closing")}
                onClick={(e) => {
                  if (!window.confirm(t("evaluation.close.confirm"))) e.preventDefault();
                }}
              >
                {t("evaluation.close")}
              </Button>
            </div>
            <p className="text-sm text-slate-600">{t("evaluation.close.hint")}</p>
          </Form>
        </Card>
      )}
    </>
  );
}

export default function ProjectEvaluation() {
  const { project, evaluation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const closed = evaluation?.state === "CLOSED";

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link to="/broker/evaluations" className="text-brand-700 underline underline-offset-2">
              {t("evaluation.list.title")}
            </Link>
            <span aria-hidden="true">/</span>
            <Link to={`/broker/projects/${project.id}`} className="font-mono text-brand-700 underline-offset-2 hover:underline">
              {project.code}
            </Link>
            <ProjectStateBadge state={project.state as ProjectStateName} />
          </span>
        }
        title={t("evaluation.title")}
        description={project.title}
      />

      <Card>
        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-slate-600">{t("col.organization")}</dt>
            <dd className="font-medium">
              {project.organization ? (
                <Link to={`/orgs/${project.organization.id}/performance`} className="text-brand-700 underline-offset-2 hover:underline">
                  {project.organization.name}
                </Link>
              ) : (
                "—"
              )}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("col.enterprise")}</dt>
            <dd className="font-medium">{project.enterpriseName ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("evaluation.award")}</dt>
            <dd className="font-medium tabular-nums">{project.awardFen !== null ? formatFen(project.awardFen) : "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("evaluation.system")}</dt>
            <dd className="font-medium">
              {evaluation ? (evaluation.system.name.includes(String(evaluation.system.year)) ? evaluation.system.name : `${evaluation.system.year} · ${evaluation.system.name}`) : "—"}
            </dd>
          </div>
        </dl>
      </Card>

      {actionData?.error && <Alert tone="error">{actionData.error}</Alert>}
      {actionData?.notice === "saved" && <Alert tone="success">{t("evaluation.saved")}</Alert>}
      {actionData?.notice === "refreshed" && <Alert tone="success">{t("evaluation.refreshed")}</Alert>}
      {actionData?.closed && (
        <Alert tone="success" title={t("evaluation.closed.title")}>
          <p>
            {t("evaluation.closed.body", {
              score: actionData.closed.performanceScore !== null ? actionData.closed.performanceScore.toFixed(2) : "—",
            })}
          </p>
          {actionData.closed.flaggedForReview && (
            <p className="mt-1 font-semibold">
              {t("evaluation.closed.flagged")}{" "}
              <Link to="/broker/reviews" className="underline underline-offset-2">
                {t("reviews.title")}
              </Link>
            </p>
          )}
        </Alert>
      )}

      {!evaluation ? (
        <Card title={t("evaluation.open.title")}>
          {project.state === "ACCEPTED" && !project.isBundle ? (
            <Form method="post" className="space-y-4">
              <p className="text-slate-700">{t("evaluation.open.body")}</p>
              <input type="hidden" name="intent" value="open" />
              <Button type="submit" pending={busyIntent === "open"} pendingLabel={t("evaluation.opening")}>
                {t("evaluation.open")}
              </Button>
            </Form>
          ) : (
            <Alert tone="info">{t("error.evaluation.notAccepted", { state: t(`projectState.${project.state as ProjectStateName}`) })}</Alert>
          )}
        </Card>
      ) : (
        <>
          <div className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700 sm:flex-row sm:items-center sm:justify-between">
            <p>
              {closed
                ? t("evaluation.closedAt", { at: evaluation.closedAt ? formatDateTime(evaluation.closedAt, t.locale) : "—" })
                : t("evaluation.collectedAt", { at: formatDateTime(evaluation.collectedAt, t.locale) })}
              {project.serviceEnd && <span className="ml-3">{t("evaluation.serviceEnd", { date: formatDate(project.serviceEnd, t.locale) })}</span>}
            </p>
            {!closed && (
              <Form method="post">
                <input type="hidden" name="intent" value="refresh" />
                <Button type="submit" variant="secondary" size="sm" pending={busyIntent === "refresh"} pendingLabel={t("evaluation.refreshing")}>
                  {t("evaluation.refresh")}
                </Button>
              </Form>
            )}
          </div>
          <LiveForm
            key={`${evaluation.collectedAt}-${evaluation.state}`}
            projectId={project.id}
            tree={evaluation.tree}
            facts={evaluation.facts}
            brokerCodes={evaluation.brokerCodes}
            lastResult={actionData?.result}
            readOnly={closed}
          />
        </>
      )}
    </div>
  );
}
