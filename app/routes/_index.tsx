// Landing page (signed out) or a role-aware welcome page with a link to the role's dashboard.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/session.server";
import { db } from "~/db.server";
import { Alert } from "~/components/Alert";
import { Badge, RoleBadge, VettingBadge, type VettingStatusName } from "~/components/Badge";
import { LinkButton } from "~/components/Button";
import { Card } from "~/components/Card";
import { homePathFor } from "~/components/nav";
import { isMessageKey, type MessageKey } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const url = new URL(request.url);
  const categories = await db.category.findMany({
    select: { code: true, nameZh: true, nameEn: true },
    orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
  });
  return {
    signedUp: url.searchParams.get("welcome") === "1" && !!user,
    categories,
    user: user
      ? { displayName: user.displayName, role: user.role, orgVettingStatus: user.orgVettingStatus }
      : null,
  };
}

const STEPS: MessageKey[] = [
  "home.how.step1",
  "home.how.step2",
  "home.how.step3",
  "home.how.step4",
  "home.how.step5",
  "home.how.step6",
];

const ROLE_BLURB = {
  ENTERPRISE: "home.welcome.enterprise",
  ORG: "home.welcome.org",
  BROKER: "home.welcome.broker",
  ADMIN: "home.welcome.admin",
} as const satisfies Record<string, MessageKey>;

export default function Index() {
  const { user, categories, signedUp } = useLoaderData<typeof loader>();
  const t = useT();

  if (user) {
    return (
      <div className="space-y-6">
        {signedUp && (
          <Alert tone="success" title={t("home.signedUp.title")}>
            {t("home.signedUp.body")}
          </Alert>
        )}
        <Card>
          <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">
            {t("home.welcome.title", { name: user.displayName })}
          </h1>
          <p className="mt-3 flex flex-wrap items-center gap-2 text-slate-700">
            <span>{t("home.welcome.roleLabel")}</span>
            <RoleBadge role={user.role} />
            {user.role === "ORG" && user.orgVettingStatus && (
              <VettingBadge status={user.orgVettingStatus as VettingStatusName} />
            )}
          </p>
          <p className="mt-4 max-w-2xl text-slate-700">{t(ROLE_BLURB[user.role])}</p>
          <div className="mt-6">
            <LinkButton to={homePathFor(user.role)} size="lg">
              {t("home.welcome.goDashboard")}
            </LinkButton>
          </div>
        </Card>
      </div>
    );
  }

  return (
    <div className="space-y-10">
      <section className="overflow-hidden rounded-2xl bg-gradient-to-br from-brand-700 to-brand-900 px-6 py-10 text-white shadow-lg sm:px-10 sm:py-14">
        <p className="text-sm font-semibold tracking-widest text-red-100">{t("app.name")} · LaborBridge</p>
        <h1 className="mt-3 max-w-3xl text-3xl font-bold leading-snug sm:text-4xl">{t("home.hero.title")}</h1>
        <p className="mt-4 max-w-3xl text-base leading-relaxed text-red-50 sm:text-lg">{t("home.hero.body")}</p>
        <div className="mt-8 flex flex-col gap-3 sm:flex-row sm:flex-wrap">
          <Link
            to="/signup/enterprise"
            className="inline-flex items-center justify-center rounded-md bg-white px-5 py-3 font-semibold text-brand-800 shadow hover:bg-red-50"
          >
            {t("home.cta.enterprise")}
          </Link>
          <Link
            to="/signup/org"
            className="inline-flex items-center justify-center rounded-md border border-white px-5 py-3 font-semibold text-white hover:bg-white/10"
          >
            {t("home.cta.org")}
          </Link>
          <Link
            to="/login"
            className="inline-flex items-center justify-center px-2 py-3 font-medium text-white underline underline-offset-4 hover:text-red-100"
          >
            {t("home.cta.login")}
          </Link>
        </div>
      </section>

      <section aria-labelledby="home-categories">
        <h2 id="home-categories" className="text-xl font-bold text-slate-900">
          {t("home.categories.title")}
        </h2>
        <ul className="mt-4 flex flex-wrap gap-2">
          {categories.map((c) => {
            const key = `category.${c.code}`;
            return (
              <li key={c.code}>
                <Badge tone="brand" className="px-3 py-1 text-sm">
                  {isMessageKey(key) ? t(key) : t.locale === "en" ? c.nameEn : c.nameZh}
                </Badge>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="home-how">
        <h2 id="home-how" className="text-xl font-bold text-slate-900">
          {t("home.how.title")}
        </h2>
        <ol className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {STEPS.map((key, i) => (
            <li key={key} className="flex items-center gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <span
                aria-hidden="true"
                className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-700 font-bold text-white"
              >
                {i + 1}
              </span>
              <span className="font-medium text-slate-800">{t(key)}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
