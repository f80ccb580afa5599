// One survey question: a fieldset (the question is its legend) of five radio buttons drawn as stars.
// The radios stay real, focusable inputs (visually hidden) with a label each, so the question works with
// a keyboard, a screen reader and without JavaScript; evaluation.css lights the stars up to the choice.
import { Fragment } from "react";
import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors } from "~/components/Field";
import { cx } from "~/components/cx";
import { useT } from "~/i18n/react";

const VALUES = ["1", "2", "3", "4", "5"] as const;
const SCALE = ["survey.scale.1", "survey.scale.2", "survey.scale.3", "survey.scale.4", "survey.scale.5"] as const;

export function StarQuestion({
  meta,
  number,
  question,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  meta: FieldMetadata<any, any, string[]>;
  number: number;
  question: string;
}) {
  const t = useT();
  const invalid = !!meta.errors?.length;
  const radios = getCollectionProps(meta, { type: "radio", options: [...VALUES], ariaAttributes: false });
  return (
    <fieldset
      className={cx("lb-stars min-w-0 rounded-xl border bg-white p-4", invalid ? "border-red-500 bg-red-50/40" : "border-slate-200")}
      aria-describedby={invalid ? meta.errorId : undefined}
    >
      <legend className="float-left mb-3 w-full text-base font-semibold text-slate-900">
        <span className="mr-1 text-brand-700">{number}.</span>
        {question}
        <span aria-hidden="true" className="ml-0.5 text-red-700">
          *
        </span>
      </legend>
      <div className="clear-both flex gap-1.5 sm:gap-2">
        {radios.map(({ key, ...props }, i) => (
          <Fragment key={key}>
            <input {...props} required className="sr-only" aria-invalid={invalid || undefined} />
            <label
              htmlFor={props.id}
              className="flex min-h-16 min-w-0 flex-1 cursor-pointer select-none flex-col items-center justify-center rounded-lg border-2 border-slate-200 bg-white px-1 py-1.5 hover:border-amber-400"
            >
              <span aria-hidden="true" className="lb-star text-3xl leading-none sm:text-4xl">
                ★
              </span>
              <span aria-hidden="true" className="mt-1 text-xs font-medium text-slate-700">
                {VALUES[i]}
              </span>
              <span className="sr-only">{t("survey.starLabel", { n: i + 1, label: t(SCALE[i]) })}</span>
            </label>
          </Fragment>
        ))}
      </div>
      <div aria-hidden="true" className="mt-1.5 flex justify-between text-xs text-slate-600">
        <span>{t(SCALE[0])}</span>
        <span>{t(SCALE[4])}</span>
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}
