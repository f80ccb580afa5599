// Field groups the sign-up pages (/signup/enterprise, /signup/org) and the own-profile pages
// (/enterprise/profile, /org/profile) share: the 统一社会信用代码 field, the district select, the contact
// section, the account section (e-mail + password) and the form footers. Bound to Conform field metadata.
import type { ReactNode } from "react";
import type { FieldMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import { Button } from "~/components/Button";
import { Select, TextField, type SelectOption } from "~/components/Field";
import { formatDateTime } from "~/components/format";
import { FormSection } from "~/components/FormSection";
import { PageHeader } from "~/components/PageHeader";
import { useT } from "~/i18n/react";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

/** The page header of a sign-up page, with the way back to the choice of account kind. */
export function SignupHeader({ title, description }: { title: ReactNode; description: ReactNode }) {
  const t = useT();
  return (
    <PageHeader
      eyebrow={
        <Link to="/signup" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("signup.title")}
        </Link>
      }
      title={title}
      description={description}
    />
  );
}

/** 统一社会信用代码 (18 characters, monospaced, upper case). */
export function UsccField({ meta, className }: { meta: AnyField; className?: string }) {
  const t = useT();
  return (
    <TextField
      meta={meta}
      label={t("signup.field.uscc")}
      hint={t("signup.field.uscc.hint")}
      autoComplete="off"
      spellCheck={false}
      className={className}
      inputClassName="font-mono uppercase tracking-wider"
    />
  );
}

/** The district (区县) select with a "please select" placeholder. */
export function DistrictSelect({ meta, options, label }: { meta: AnyField; options: SelectOption[]; label?: ReactNode }) {
  const t = useT();
  return <Select meta={meta} label={label ?? t("signup.field.district")} options={options} placeholder={t("common.pleaseSelect")} />;
}

/** 联系方式: contact name and phone, and the address where the form has one. */
export function ContactSection({ name, phone, address }: { name: AnyField; phone: AnyField; address?: AnyField }) {
  const t = useT();
  return (
    <FormSection legend={t("signup.section.contact")}>
      <TextField meta={name} label={t("signup.field.contactName")} autoComplete="name" />
      <TextField meta={phone} label={t("signup.field.phone")} type="tel" autoComplete="tel" inputMode="tel" />
      {address && <TextField meta={address} label={t("registry.field.address")} className="sm:col-span-2" autoComplete="street-address" />}
    </FormSection>
  );
}

/** 账号信息 of a sign-up: e-mail (the login name), password and its confirmation. */
export function SignupAccountSection({ email, password, confirm }: { email: AnyField; password: AnyField; confirm: AnyField }) {
  const t = useT();
  return (
    <FormSection legend={t("signup.section.account")}>
      <TextField
        meta={email}
        label={t("signup.field.email")}
        hint={t("signup.field.email.hint")}
        type="email"
        autoComplete="email"
        className="sm:col-span-2"
      />
      <TextField
        meta={password}
        label={t("signup.field.password")}
        hint={t("signup.field.password.hint")}
        type="password"
        autoComplete="new-password"
      />
      <TextField meta={confirm} label={t("signup.field.confirmPassword")} type="password" autoComplete="new-password" />
    </FormSection>
  );
}

/** The foot of a sign-up form: the way to the login page and the submit button. */
export function SignupFooter({ submitting }: { submitting: boolean }) {
  const t = useT();
  return (
    <div className="flex flex-col-reverse gap-3 border-t border-slate-200 pt-6 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-700">
        {t("signup.haveAccount")}{" "}
        <Link to="/login" className="font-medium text-brand-700 underline underline-offset-2">
          {t("signup.loginLink")}
        </Link>
      </p>
      <Button type="submit" size="lg" pending={submitting} pendingLabel={t("signup.submitting")}>
        {t("signup.submit")}
      </Button>
    </div>
  );
}

/** The foot of an own-profile form: when it was last changed and the save button. */
export function ProfileFooter({ updatedAt, submitting }: { updatedAt: string | Date; submitting: boolean }) {
  const t = useT();
  return (
    <div className="flex flex-col gap-3 border-t border-slate-200 pt-6 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-600">{t("registry.profile.updatedAt", { date: formatDateTime(updatedAt, t.locale) })}</p>
      <Button type="submit" size="lg" pending={submitting} pendingLabel={t("signup.submitting")}>
        {t("registry.profile.save")}
      </Button>
    </div>
  );
}
