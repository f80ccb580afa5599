// PUBLIC invoice verification (the QR code on every PDF points here): is this a genuine invoice of the
// platform, and what is its status? Shows the number, the parties (organizations, no people), amount,
// status and the PDF's fingerprint — nothing else.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { Alert } from "~/components/Alert";
import { Card } from "~/components/Card";
import { formatDate, formatFen } from "~/components/format";
import { InvoiceStatusBadge } from "~/components/evaluation/InvoiceBadges";
import { verifyInvoice } from "~/domain/invoices.server";
import { t as translate } from "~/i18n";
import { localeFromMatches } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: `${translate(locale, "verify.title")} · ${translate(locale, "app.name")}` }, { name: "robots", content: "noindex" }];
};

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });

export async function loader({ params }: LoaderFunctionArgs) {
  const v = await verifyInvoice(params.token ?? "");
  if (!v) return data({ found: false as const, invoice: null }, { status: 404 });
  return { found: true as const, invoice: v };
}

export default function VerifyInvoice() {
  const { found, invoice } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto w-full max-w-2xl space-y-5">
      <h1 className="text-2xl font-bold text-slate-900">{t("verify.title")}</h1>
      {!found || !invoice ? (
        <Alert tone="error" title={t("verify.notFound.title")}>
          {t("verify.notFound.body")}
        </Alert>
      ) : (
        <>
          <Alert tone={invoice.status === "CREDITED" ? "warning" : "success"} title={t("verify.genuine")}>
            {invoice.status === "CREDITED" ? t("verify.credited") : t("verify.genuine.body")}
          </Alert>
          <Card>
            <dl className="divide-y divide-slate-100">
              {[
                [t("invoices.col.number"), <span key="n" className="font-mono font-semibold">{invoice.number}</span>],
                [t("invoices.col.kind"), invoice.kind === "CREDIT_NOTE" ? t("invoices.kind.CREDIT_NOTE") : t("invoices.kind.INVOICE")],
                [t("col.state"), <InvoiceStatusBadge key="s" status={invoice.status} />],
                [t("invoices.col.issuedAt"), formatDate(invoice.issuedAt, t.locale)],
                [t("invoices.col.payer"), invoice.payerName],
                [t("invoices.col.payee"), invoice.payeeName],
                [t("payments.amount"), <span key="a" className="font-semibold tabular-nums">{formatFen(invoice.amountFen)}</span>],
                [t("verify.project"), <span key="p" className="font-mono">{invoice.projectCode}</span>],
                [t("verify.sha256"), <span key="h" className="break-all font-mono text-xs">{invoice.pdfSha256 ?? "—"}</span>],
              ].map(([label, value], i) => (
                <div key={i} className="grid grid-cols-1 gap-1 py-2.5 sm:grid-cols-[9rem_1fr] sm:gap-4">
                  <dt className="text-sm text-slate-600">{label}</dt>
                  <dd className="text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <p className="text-sm text-slate-600">{t("verify.note")}</p>
        </>
      )}
    </div>
  );
}
