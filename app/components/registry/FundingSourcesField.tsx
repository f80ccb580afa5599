// Funding sources with shares: up to five rows (one per kind), each a kind and a percentage. Rows left
// blank are ignored; the shares must add up to 100%. Plain inputs named fundingSources[i].source /
// fundingSources[i].sharePercent, so it works without JavaScript; the errors of the whole group are listed
// under it (row positions shift when blank rows are dropped, so they are not pinned to a row).
import { ORG_FUNDING_KINDS } from "~/domain/organizations.schema";
import { useT } from "~/i18n/react";
import { controlClasses, FieldErrors } from "~/components/Field";
import { cx } from "~/components/cx";

export interface FundingRow {
  source: string;
  sharePercent: string;
}

export const FUNDING_ROWS = ORG_FUNDING_KINDS.length;

/** Pads rows to the fixed row count. */
export function padFundingRows(rows: FundingRow[]): FundingRow[] {
  const out = rows.slice(0, FUNDING_ROWS);
  while (out.length < FUNDING_ROWS) out.push({ source: "", sharePercent: "" });
  return out;
}

/** The rows as submitted (to show them again after an error). */
export function fundingRowsFromForm(formData: FormData): FundingRow[] {
  const rows: FundingRow[] = [];
  for (let i = 0; i < FUNDING_ROWS; i++) {
    const source = formData.get(`fundingSources[${i}].source`);
    const share = formData.get(`fundingSources[${i}].sharePercent`);
    rows.push({ source: typeof source === "string" ? source : "", sharePercent: typeof share === "string" ? share : "" });
  }
  return rows;
}

export function FundingSourcesField({
  rows,
  errors,
  errorId,
  resetKey,
}: {
  rows: FundingRow[];
  errors: string[];
  errorId: string;
  /** Changes whenever the rows must be re-read from `rows` (after a submission). */
  resetKey: string;
}) {
  const t = useT();
  const invalid = errors.length > 0;
  const padded = padFundingRows(rows);
  return (
    <fieldset className="min-w-0 sm:col-span-2" aria-describedby={`funding-hint ${invalid ? errorId : ""}`.trim()}>
      <legend className="sr-only">{t("registry.field.fundingSources")}</legend>
      <p id="funding-hint" className="mb-2 text-sm text-slate-600">
        {t("registry.field.fundingSources.hint")}
      </p>
      <div className={cx("space-y-2 rounded-md border p-3", invalid ? "border-red-600 bg-red-50/40" : "border-slate-300 bg-white")}>
        {padded.map((row, i) => (
          <div key={`${resetKey}-${i}`} className="grid grid-cols-[1fr_7rem] gap-2 sm:grid-cols-[16rem_8rem]">
            <div>
              <label htmlFor={`funding-${i}-source`} className="sr-only">
                {t("registry.field.fundingSource.row", { n: i + 1 })}
              </label>
              <select
                id={`funding-${i}-source`}
                name={`fundingSources[${i}].source`}
                defaultValue={row.source}
                className={cx(controlClasses, "border-slate-400 pr-8")}
              >
                <option value="">{t("registry.field.fundingSource.none")}</option>
                {ORG_FUNDING_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`orgFunding.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="flex items-center gap-1.5">
              <label htmlFor={`funding-${i}-share`} className="sr-only">
                {t("registry.field.fundingShare.row", { n: i + 1 })}
              </label>
              <input
                id={`funding-${i}-share`}
                name={`fundingSources[${i}].sharePercent`}
                defaultValue={row.sharePercent}
                inputMode="decimal"
                autoComplete="off"
                className={cx(controlClasses, "border-slate-400 text-right tabular-nums")}
              />
              <span aria-hidden="true" className="text-slate-700">
                %
              </span>
            </div>
          </div>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}
