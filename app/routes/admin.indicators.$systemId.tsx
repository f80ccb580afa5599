// ADMIN: edit one indicator system's tree (levels 1–3). Each row is an indicator naming its parent group;
// weights are percentages that must add up to 100% among siblings. The same rules are checked in the
// browser (live, next to the fields) and on the server (validateTree). A system used by a closed
// evaluation cannot change: copy it to a new year instead. Works without JavaScript (the add / remove /
// move buttons are form submissions).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { InputHTMLAttributes } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";
import { fieldList } from "~/components/field-list";

import { requireRole, rethrowAsResponse } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { Field, FieldErrors, FormError, TextField, controlClasses } from "~/components/Field";
import { cx } from "~/components/cx";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { KIND_LABEL } from "~/components/evaluation/ScoreBreakdown";
import { currentShanghaiYear, formatNumber } from "~/components/evaluation/format";
import {
  KIND_FIELDS,
  MAX_INDICATOR_ROWS,
  MISSING_POLICIES,
  copySystemSchema,
  indicatorEditorSchema,
  rowsToTree,
  treeToRows,
  type IndicatorRowField,
} from "~/components/evaluation/schemas";
import { isDomainError } from "~/domain/errors";
import { copyIndicatorSystem, getIndicatorSystem, setIndicatorSystemActive, updateIndicatorTree } from "~/domain/indicators.server";
import { INDICATOR_KINDS, MAX_LEVEL, type IndicatorKindName } from "~/domain/scoring";
import { tx } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "indicators.editor.title");

async function loadSystem(id: string | undefined) {
  if (!id || id.length > 64) throw new Response(JSON.stringify({ code: "error.notFound" }), { status: 404 });
  try {
    return await getIndicatorSystem(id);
  } catch (e) {
    rethrowAsResponse(e);
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const s = await loadSystem(params.systemId);
  return { system: { id: s.id, year: s.year, name: s.name, active: s.active, closedEvaluations: s.closedEvaluations }, rows: treeToRows(s.tree), year: currentShanghaiYear() };
}

type ActionData = { form: "save" | "copy" | "toggle"; result: SubmissionResult<string[]> | null; error: string | null; saved: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "ADMIN");
  const s = await loadSystem(params.systemId);
  const locale = getLocale(request);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "activate" || intent === "deactivate") {
    try {
      await setIndicatorSystemActive(user, s.id, intent === "activate");
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return data<ActionData>({ form: "toggle", result: null, error: tx(locale, e.code, e.params), saved: false }, { status: e.status });
    }
    return data<ActionData>({ form: "toggle", result: null, error: null, saved: false });
  }

  if (intent === "copy") {
    const submission = parseWithZod(formData, { schema: copySystemSchema });
    if (submission.status !== "success") return data<ActionData>({ form: "copy", result: submission.reply(), error: null, saved: false }, { status: 400 });
    try {
      const { id } = await copyIndicatorSystem(user, { fromSystemId: s.id, year: submission.value.year, name: submission.value.name });
      return redirect(`/admin/indicators/${id}`, { status: 303 });
    } catch (e) {
      const reply = replyForDomainError(submission, e, locale, { fields: ["year", "name"] });
      if (!reply) throw e;
      return data<ActionData>({ form: "copy", result: reply.result, error: null, saved: false }, { status: reply.status });
    }
  }

  const submission = parseWithZod(formData, { schema: indicatorEditorSchema(locale) });
  if (submission.status !== "success") {
    // Also the add / remove / move buttons (Conform intents) without JavaScript: the reply carries the list.
    // Rows the editor cannot show are not sent back, with a form error instead: a forged `rows=abc` (not a
    // list: Conform's getFieldList throws) or far more rows than the editor takes (every row lists every
    // group as a parent option: re-rendering 1,000 rows was a million <option>s, half a minute, a 500).
    const payloadRows = (submission.payload as { rows?: unknown }).rows;
    const unlistable = payloadRows !== undefined && (!Array.isArray(payloadRows) || payloadRows.length > MAX_INDICATOR_ROWS + 1);
    const result = unlistable ? submission.reply({ hideFields: ["rows"], formErrors: ["error.invalidInput"] }) : submission.reply();
    return data<ActionData>({ form: "save", result, error: null, saved: false }, { status: submission.status === "error" ? 400 : 200 });
  }
  const { tree } = rowsToTree(submission.value.rows, locale);
  try {
    await updateIndicatorTree(user, s.id, tree, submission.value.name);
  } catch (e) {
    const reply = replyForDomainError(submission, e, locale, { fields: ["name"] });
    if (!reply) throw e;
    return data<ActionData>({ form: "save", result: reply.result, error: null, saved: false }, { status: reply.status });
  }
  return data<ActionData>({ form: "save", result: submission.reply(), error: null, saved: true });
}

/** A submitted field value as text ("" unless it is one string). */
const textOf = (v: unknown): string => (typeof v === "string" ? v : "");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

type SmallInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue" | "form"> & {
  meta: AnyField;
  label: string;
  type?: "text" | "number";
};

function SmallInput({ meta, label, type = "text", className, ...rest }: SmallInputProps) {
  const invalid = !!meta.errors?.length;
  const { key, ...props } = getInputProps(meta, { type });
  return (
    <Field id={meta.id} label={label} errors={meta.errors} errorId={meta.errorId} className={className}>
      <input key={key} {...props} {...rest} className={cx(controlClasses, "py-1.5 text-sm", invalid ? "border-red-600 bg-red-50/40" : "border-slate-400")} />
    </Field>
  );
}

function SmallSelect({ meta, label, options, className }: { meta: AnyField; label: string; options: Array<{ value: string; label: string }>; className?: string }) {
  const invalid = !!meta.errors?.length;
  const { key, ...props } = getSelectProps(meta);
  return (
    <Field id={meta.id} label={label} errors={meta.errors} errorId={meta.errorId} className={className}>
      <select key={key} {...props} className={cx(controlClasses, "py-1.5 pr-8 text-sm", invalid ? "border-red-600 bg-red-50/40" : "border-slate-400")}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

const CONFIG_LABEL: Partial<Record<IndicatorRowField, "indicators.field.bands" | "indicators.field.graceDays" | "indicators.field.pointsPerDayLate" | "indicators.field.pointsPerItem" | "indicators.field.minResponses" | "indicators.field.missing">> = {
  bands: "indicators.field.bands",
  graceDays: "indicators.field.graceDays",
  pointsPerDayLate: "indicators.field.pointsPerDayLate",
  pointsPerItem: "indicators.field.pointsPerItem",
  minResponses: "indicators.field.minResponses",
  missing: "indicators.field.missing",
};

export default function IndicatorEditor() {
  const { system, rows, year } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && !navigation.formData?.get("intent") && !navigation.formData?.get("__intent__");
  const readOnly = system.closedEvaluations > 0;
  const schema = indicatorEditorSchema(t.locale);

  const [form, fields] = useForm({
    id: `indicator-editor-${system.id}`,
    lastResult: actionData?.form === "save" ? actionData.result : undefined,
    defaultValue: { name: system.name, rows },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  const [copyForm, copyFields] = useForm({
    id: `indicator-copy-${system.id}`,
    lastResult: actionData?.form === "copy" ? actionData.result : undefined,
    constraint: getZodConstraint(copySystemSchema),
    defaultValue: { year: String(Math.max(year, system.year + 1)), name: system.name },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: copySystemSchema });
    },
  });

  const list = fieldList(fields.rows);
  // The values as submitted: after a rejected post they can be anything a client sent (a field given twice
  // is an array, a forged `rows[0].code.x` an object), so only strings count, else the render would throw.
  const current = list.map((f) => {
    const s = f.getFieldset();
    // A missing kind is a new group (as the add buttons make it); an unknown one ("constructor"!) a leaf
    // without settings, never a key looked up in KIND_FIELDS.
    const kindText = textOf(s.kind.value) || "GROUP";
    const kind: IndicatorKindName = (INDICATOR_KINDS as readonly string[]).includes(kindText) ? (kindText as IndicatorKindName) : "BROKER_ASSESSMENT";
    return {
      code: textOf(s.code.value).trim(),
      parent: textOf(s.parent.value),
      kind,
      weight: Number(textOf(s.weight.value) || Number.NaN),
    };
  });
  const indexOf = new Map(current.map((r, i) => [r.code, i] as const));
  const levelOf = (i: number): number => {
    let level = 1;
    let p = current[i].parent;
    const seen = new Set<string>();
    while (p && indexOf.has(p) && !seen.has(p) && level <= MAX_LEVEL + 1) {
      seen.add(p);
      level++;
      p = current[indexOf.get(p)!].parent;
    }
    return level;
  };
  const groups = current.filter((r) => r.kind === "GROUP" && r.code);
  const sums = [{ code: "", label: t("indicators.editor.topLevel") }, ...groups.map((g) => ({ code: g.code, label: g.code }))].map((g) => {
    const kids = current.filter((r) => (r.parent || "") === g.code);
    const sum = Math.round(kids.reduce((a, r) => a + (Number.isFinite(r.weight) ? Math.round(r.weight * 100) : 0), 0)) / 100;
    return { ...g, count: kids.length, sum };
  });
  /** Index after the last descendant of row i (where a new child goes). */
  const afterSubtree = (i: number): number => {
    const codes = new Set([current[i].code]);
    let end = i + 1;
    for (let j = i + 1; j < current.length; j++) {
      if (codes.has(current[j].parent)) {
        codes.add(current[j].code);
        end = j + 1;
      }
    }
    return end;
  };
  const kindOptions = INDICATOR_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }));
  const missingOptions = MISSING_POLICIES.map((m) => ({ value: m, label: t(`indicators.missing.${m}`) }));

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link to="/admin/indicators" className="text-brand-700 underline underline-offset-2">
              {t("indicators.title")}
            </Link>
            <span aria-hidden="true">/</span>
            <span className="tabular-nums">{system.year}</span>
            {system.active ? <Badge tone="green">{t("indicators.active")}</Badge> : <Badge tone="gray">{t("indicators.inactive")}</Badge>}
          </span>
        }
        title={system.name}
        description={t("indicators.editor.subtitle")}
        actions={
          <Form method="post">
            <Button type="submit" name="intent" value={system.active ? "deactivate" : "activate"} variant="secondary">
              {t(system.active ? "indicators.deactivate" : "indicators.activate")}
            </Button>
          </Form>
        }
      />
      {actionData?.error && <Alert tone="error">{actionData.error}</Alert>}
      {actionData?.saved && <Alert tone="success">{t("indicators.editor.saved")}</Alert>}
      {readOnly && (
        <Alert tone="warning" title={t("indicators.editor.locked.title")}>
          {t("error.indicators.inUse", { count: system.closedEvaluations })}
        </Alert>
      )}

      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <fieldset disabled={readOnly} className="min-w-0 space-y-5">
          <legend className="sr-only">{t("indicators.editor.title")}</legend>
          <FormError id={form.errorId} errors={form.errors} />
          <Card>
            <TextField meta={fields.name} label={t("indicators.col.name")} className="max-w-xl" />
          </Card>

          <section aria-labelledby="sums-heading" className="rounded-lg border border-slate-200 bg-white px-4 py-3">
            <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
              <h2 id="sums-heading" className="font-semibold text-slate-900">
                {t("indicators.editor.sums")}
              </h2>
              <p className="text-xs text-slate-600">{t("indicators.editor.sums.hint")}</p>
            </div>
            <ul className="mt-2 flex flex-wrap gap-2 text-sm" aria-live="polite">
              {sums.map((g) => {
                const ok = g.count > 0 && Math.abs(g.sum - 100) < 1e-9;
                return (
                  <li
                    key={g.code || "__top"}
                    className={cx("inline-flex items-center gap-2 rounded-md px-2 py-1 ring-1 ring-inset", ok ? "bg-green-50 text-green-900 ring-green-200" : "bg-red-50 text-red-900 ring-red-200")}
                  >
                    <span className="font-mono text-xs">{g.label}</span>
                    <span className="text-xs font-semibold tabular-nums">
                      <span aria-hidden="true">{ok ? "✓ " : "✕ "}</span>
                      {formatNumber(g.sum, t.locale)}%<span className="sr-only">{ok ? t("indicators.editor.sumOk") : t("indicators.editor.sumBad")}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>

            <div className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="text-lg font-semibold text-slate-900">{t("indicators.editor.rows", { count: list.length })}</h2>
                <Button
                  variant="secondary"
                  size="sm"
                  {...form.insert.getButtonProps({ name: fields.rows.name, defaultValue: { parent: "", kind: "GROUP", weight: "", missing: "ZERO" } })}
                >
                  {t("indicators.editor.addTop")}
                </Button>
              </div>
              <div id={fields.rows.errorId} role={fields.rows.errors?.length ? "alert" : undefined}>
                {fields.rows.errors?.map((e) => (
                  <p key={e} className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
                    {t.tx(e)}
                  </p>
                ))}
              </div>
              <ol className="space-y-3">
                {list.map((row, i) => {
                  const f = row.getFieldset();
                  const level = levelOf(i);
                  const kind = current[i].kind;
                  const config = KIND_FIELDS[kind] ?? [];
                  const parentOptions = [
                    { value: "", label: t("indicators.editor.noParent") },
                    ...groups.filter((g) => g.code !== current[i].code).map((g) => ({ value: g.code, label: g.code })),
                  ];
                  const title = current[i].code || t("indicators.editor.newRow", { n: i + 1 });
                  return (
                    <li
                      key={row.key}
                      className={cx("rounded-lg border bg-white p-3 shadow-sm", kind === "GROUP" ? "border-slate-300" : "border-slate-200", level > 1 && "border-l-4 border-l-brand-100")}
                      style={{ marginLeft: `${Math.min(level - 1, 2) * 1.5}rem` }}
                    >
                      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                        <p className="text-sm font-semibold text-slate-800">
                          <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t("indicators.editor.level", { level })}</span>
                          <span className="font-mono">{title}</span>
                        </p>
                        <div className="flex flex-wrap gap-1">
                          {kind === "GROUP" && level < MAX_LEVEL && current[i].code && (
                            <Button
                              variant="ghost"
                              size="sm"
                              {...form.insert.getButtonProps({
                                name: fields.rows.name,
                                index: afterSubtree(i),
                                defaultValue: { parent: current[i].code, kind: "BROKER_ASSESSMENT", weight: "", missing: "ZERO" },
                              })}
                            >
                              {t("indicators.editor.addChild")}
                            </Button>
                          )}
                          <Button variant="ghost" size="sm" aria-label={t("indicators.editor.moveUp.label", { code: title })} disabled={i === 0} {...form.reorder.getButtonProps({ name: fields.rows.name, from: i, to: Math.max(0, i - 1) })}>
                            ↑
                          </Button>
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={t("indicators.editor.moveDown.label", { code: title })}
                            disabled={i === list.length - 1}
                            {...form.reorder.getButtonProps({ name: fields.rows.name, from: i, to: Math.min(list.length - 1, i + 1) })}
                          >
                            ↓
                          </Button>
                          <Button variant="ghost" size="sm" className="text-red-700" {...form.remove.getButtonProps({ name: fields.rows.name, index: i })}>
                            {t("indicators.editor.remove")}
                            <span className="sr-only"> {title}</span>
                          </Button>
                        </div>
                      </div>
                      {/* Errors of the row as a whole (a row that arrived without any field). */}
                      {!!row.errors?.length && <FieldErrors id={row.errorId} errors={row.errors} />}
                      <div className="grid grid-cols-2 gap-3 lg:grid-cols-[9rem_9rem_minmax(0,1fr)_minmax(0,1fr)_6.5rem_12rem]">
                        <SmallInput meta={f.code} label={t("indicators.field.code")} className="col-span-1" autoComplete="off" spellCheck={false} />
                        <SmallSelect meta={f.parent} label={t("indicators.field.parent")} options={parentOptions} className="col-span-1" />
                        <SmallInput meta={f.nameZh} label={t("indicators.field.nameZh")} className="col-span-2 lg:col-span-1" />
                        <SmallInput meta={f.nameEn} label={t("indicators.field.nameEn")} className="col-span-2 lg:col-span-1" />
                        <SmallInput meta={f.weight} label={t("indicators.field.weight")} type="number" step={0.01} min={0.01} max={100} inputMode="decimal" className="col-span-1" />
                        <SmallSelect meta={f.kind} label={t("indicators.field.kind")} options={kindOptions} className="col-span-1" />
                      </div>
                      {config.length > 0 && (
                        <div className="mt-3 grid grid-cols-2 gap-3 rounded-md bg-slate-50 p-2 lg:grid-cols-4">
                          {config.map((c) =>
                            c === "missing" ? (
                              <SmallSelect key={c} meta={f.missing} label={t(CONFIG_LABEL.missing!)} options={missingOptions} />
                            ) : c === "bands" ? (
                              <SmallInput key={c} meta={f.bands} label={t(CONFIG_LABEL.bands!)} placeholder="100:100, 80:66.67, 60:33.33" className="col-span-2" spellCheck={false} />
                            ) : (
                              <SmallInput key={c} meta={f[c]} label={t(CONFIG_LABEL[c]!)} type="number" step={c === "graceDays" || c === "minResponses" ? 1 : 0.01} min={0} inputMode="decimal" />
                            ),
                          )}
                        </div>
                      )}
                    </li>
                  );
                })}
              </ol>
            </div>

          <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
            <Button type="submit" pending={saving} pendingLabel={t("common.saving")}>
              {t("indicators.editor.save")}
            </Button>
            <Link to="/admin/indicators" className="text-sm text-slate-700 underline underline-offset-2">
              {t("common.back")}
            </Link>
          </div>
        </fieldset>
      </Form>

      <Card title={t("indicators.editor.copy")}>
        <Form method="post" className="space-y-4" {...getFormProps(copyForm)}>
          <FormError id={copyForm.errorId} errors={copyForm.errors} />
          <p className="text-sm text-slate-700">{t("indicators.editor.copy.hint")}</p>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-[8rem_1fr]">
            <TextField meta={copyFields.year} label={t("indicators.col.year")} type="number" inputMode="numeric" />
            <TextField meta={copyFields.name} label={t("indicators.col.name")} />
          </div>
          <Button type="submit" name="intent" value="copy" variant="secondary">
            {t("indicators.editor.copy.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
