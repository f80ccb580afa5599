// Form fields bound to Conform field metadata. Labels are bound to inputs, hints and errors are linked by
// aria-describedby, invalid inputs carry aria-invalid, and error messages (i18n keys) are translated.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import {
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
} from "@conform-to/react";
import { useT } from "~/i18n/react";
import { cx } from "./cx";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

export const controlClasses =
  "block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm " +
  "placeholder:text-slate-500 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-blue-600 " +
  "disabled:bg-slate-100 disabled:text-slate-600";

function controlState(invalid: boolean) {
  return invalid ? "border-red-600 bg-red-50/40" : "border-slate-400";
}

function uniq(errors: string[] | undefined): string[] {
  return errors ? Array.from(new Set(errors)) : [];
}

export interface FieldErrorsProps {
  id: string;
  errors?: string[];
}

/** Error messages under a field. Always rendered (empty) so aria-describedby never points nowhere. */
export function FieldErrors({ id, errors }: FieldErrorsProps) {
  const t = useT();
  const list = uniq(errors);
  return (
    <div id={id} className={list.length ? "mt-1.5 text-sm font-medium text-red-700" : undefined} aria-live="polite">
      {list.map((e) => (
        <p key={e}>
          <span aria-hidden="true">⚠ </span>
          {t.tx(e)}
        </p>
      ))}
    </div>
  );
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  hintId?: string;
  errors?: string[];
  errorId?: string;
  required?: boolean;
  className?: string;
  children: ReactNode;
}

/** Label + control + hint + errors. Use directly for custom controls. */
export function Field({ id, label, hint, hintId, errors, errorId, required, className, children }: FieldProps) {
  return (
    <div className={cx("min-w-0", className)}>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-slate-800">
        {label}
        {required && (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        )}
      </label>
      {children}
      {hint && (
        <p id={hintId ?? `${id}-hint`} className="mt-1.5 text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldErrors id={errorId ?? `${id}-error`} errors={errors} />
    </div>
  );
}

type InputType = "text" | "email" | "password" | "tel" | "number" | "date" | "datetime-local" | "url" | "search";

export interface TextFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue" | "form"> {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  type?: InputType;
  /** Don't echo the value back (passwords). */
  noDefaultValue?: boolean;
  /** Extra classes for the <input> itself (className goes to the wrapper). */
  inputClassName?: string;
}

export function TextField({ meta, label, hint, type = "text", noDefaultValue, className, inputClassName, ...rest }: TextFieldProps) {
  const invalid = !!meta.errors?.length;
  const { key, ...props } = getInputProps(meta, {
    type,
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
    value: !noDefaultValue && type !== "password",
  });
  return (
    <Field
      id={meta.id}
      label={label}
      hint={hint}
      hintId={meta.descriptionId}
      errors={meta.errors}
      errorId={meta.errorId}
      required={meta.required}
      className={className}
    >
      <input key={key} {...props} {...rest} className={cx(controlClasses, controlState(invalid), inputClassName)} />
    </Field>
  );
}

export interface TextareaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "defaultValue" | "form"> {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
}

export function Textarea({ meta, label, hint, className, rows = 4, ...rest }: TextareaProps) {
  const invalid = !!meta.errors?.length;
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Field
      id={meta.id}
      label={label}
      hint={hint}
      hintId={meta.descriptionId}
      errors={meta.errors}
      errorId={meta.errorId}
      required={meta.required}
      className={className}
    >
      <textarea key={key} rows={rows} {...props} {...rest} className={cx(controlClasses, controlState(invalid))} />
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id" | "defaultValue" | "form"> {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  options: SelectOption[];
  /** Text of an empty first option ("" value); omit for none. */
  placeholder?: string;
}

export function Select({ meta, label, hint, options, placeholder, className, ...rest }: SelectProps) {
  const invalid = !!meta.errors?.length;
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Field
      id={meta.id}
      label={label}
      hint={hint}
      hintId={meta.descriptionId}
      errors={meta.errors}
      errorId={meta.errorId}
      required={meta.required}
      className={className}
    >
      <select key={key} {...props} {...rest} className={cx(controlClasses, "pr-8", controlState(invalid))}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

const checkboxClasses =
  "mt-1 size-5 shrink-0 rounded border-slate-400 accent-brand-700 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

export interface CheckboxProps {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
}

/** A single boolean checkbox (value "on"). */
export function Checkbox({ meta, label, hint, className }: CheckboxProps) {
  const { key, ...props } = getInputProps(meta, {
    type: "checkbox",
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  });
  return (
    <div className={cx("min-w-0", className)}>
      <div className="flex items-start gap-3">
        <input key={key} {...props} className={checkboxClasses} />
        <label htmlFor={meta.id} className="text-base text-slate-800">
          {label}
        </label>
      </div>
      {hint && (
        <p id={meta.descriptionId} className="mt-1 pl-8 text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export interface CheckboxGroupProps {
  meta: AnyField;
  legend: ReactNode;
  hint?: ReactNode;
  options: SelectOption[];
  className?: string;
  required?: boolean;
}

/** Several checkboxes submitting the same name (an array field). */
export function CheckboxGroup({ meta, legend, hint, options, className, required }: CheckboxGroupProps) {
  const invalid = !!meta.errors?.length;
  const describedBy = [hint ? meta.descriptionId : null, invalid ? meta.errorId : null].filter(Boolean).join(" ");
  const labelFor = new Map(options.map((o) => [o.value, o.label]));
  const items = getCollectionProps(meta, {
    type: "checkbox",
    options: options.map((o) => o.value),
    ariaAttributes: false,
  });
  return (
    <fieldset className={cx("min-w-0", className)} aria-describedby={describedBy || undefined}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">
        {legend}
        {(required ?? meta.required) && (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        )}
      </legend>
      <div
        className={cx(
          "grid grid-cols-1 gap-2 rounded-md border p-3 sm:grid-cols-2",
          invalid ? "border-red-600 bg-red-50/40" : "border-slate-300 bg-white",
        )}
      >
        {items.map(({ key, ...props }) => (
          <div key={key} className="flex items-start gap-3">
            <input {...props} required={false} className={checkboxClasses} />
            <label htmlFor={props.id} className="text-base text-slate-800">
              {labelFor.get(props.value)}
            </label>
          </div>
        ))}
      </div>
      {hint && (
        <p id={meta.descriptionId} className="mt-1.5 text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

export interface FormErrorProps {
  /** Form-level errors (i18n keys or already translated text). */
  errors?: string[];
  id?: string;
}

/** Form-level error summary (role=alert). Give it the form's errorId so the form's aria-describedby resolves. */
export function FormError({ errors, id }: FormErrorProps) {
  const t = useT();
  const list = uniq(errors);
  if (!list.length) return <div id={id} hidden />;
  return (
    <div id={id} role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-950">
      {list.map((e) => (
        <p key={e} className="flex gap-2 font-medium">
          <span aria-hidden="true">✕</span>
          <span>{t.tx(e)}</span>
        </p>
      ))}
    </div>
  );
}
