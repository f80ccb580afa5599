// /signup: choose an enterprise or an organization account. Also the parent of /signup/enterprise and
// /signup/org (renders them through the outlet) and keeps signed-in users out of all three.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useOutlet } from "@remix-run/react";
import type { ReactNode } from "react";
import { getOptionalUser } from "~/auth/session.server";
import { BuildingIcon, PeopleIcon } from "~/components/icons";
import { homePathFor } from "~/components/nav";
import { PageHeader } from "~/components/PageHeader";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signup.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homePathFor(user.role));
  return null;
}

function ChoiceCard({ to, title, body, icon }: { to: string; title: string; body: string; icon: ReactNode }) {
  const t = useT();
  return (
    <Link
      to={to}
      className="group flex h-full flex-col rounded-xl border-2 border-slate-200 bg-white p-6 shadow-sm transition hover:border-brand-700 hover:shadow-md"
    >
      <span aria-hidden="true" className="flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">
        {icon}
      </span>
      <span className="mt-4 text-xl font-bold text-slate-900">{title}</span>
      <span className="mt-2 flex-1 text-slate-700">{body}</span>
      <span className="mt-5 inline-flex items-center gap-1 font-semibold text-brand-700 group-hover:underline">
        {t("signup.choose")}
        <span aria-hidden="true">→</span>
      </span>
    </Link>
  );
}

export default function Signup() {
  const outlet = useOutlet();
  const t = useT();
  if (outlet) return outlet;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("signup.title")} description={t("signup.subtitle")} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <ChoiceCard
          to="/signup/enterprise"
          icon={<BuildingIcon />}
          title={t("signup.enterprise.card.title")}
          body={t("signup.enterprise.card.body")}
        />
        <ChoiceCard to="/signup/org" icon={<PeopleIcon />} title={t("signup.org.card.title")} body={t("signup.org.card.body")} />
      </div>
      <p className="mt-8 text-center text-sm text-slate-700">
        {t("signup.haveAccount")}{" "}
        <Link to="/login" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
          {t("signup.loginLink")}
        </Link>
      </p>
    </div>
  );
}
