import type { MetaFunction } from "@remix-run/node";
import { LifecycleHelp } from "~/components/broker/LifecycleHelp";
import { Card } from "~/components/Card";
import { PageHeader } from "~/components/PageHeader";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "help.title");

// Placeholder: the user guide comes later.
export default function Help() {
  const t = useT();
  const faq = [
    { q: t("help.faq.q1"), a: t("help.faq.a1") },
    { q: t("help.faq.q2"), a: t("help.faq.a2") },
  ];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("help.title")} description={t("help.body")} />
      <Card title={t("help.faq.title")}>
        <dl className="space-y-5">
          {faq.map((item) => (
            <div key={item.q}>
              <dt className="font-semibold text-slate-900">{item.q}</dt>
              <dd className="mt-1 text-slate-700">{item.a}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <LifecycleHelp />
    </div>
  );
}
