// "Recommended organizations" for a need, with the reasons; for a broker, checkboxes and an
// "invite to bid" form (POST to the same page).
import { Form, Link, useNavigation } from "@remix-run/react";
import { Alert } from "~/components/Alert";
import { Badge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { EmptyState } from "~/components/EmptyState";
import { useT } from "~/i18n/react";
import { ReasonList, type Reason } from "./Reasons";

export interface PanelItem {
  orgId: string;
  name: string;
  score: number;
  reasons: Reason[];
  invited: boolean;
  hasBid: boolean;
}

export interface RecommendationsPanelProps {
  project: { id: string; code: string; title: string; state: string };
  keywords: string[];
  items: PanelItem[];
  /** Broker view: checkboxes + invite form. */
  canInvite: boolean;
  orgHref: (orgId: string) => string;
  error?: string | null;
  errorParams?: Record<string, string | number>;
}

export function RecommendationsPanel({
  project,
  keywords,
  items,
  canInvite,
  orgHref,
  error,
  errorParams,
}: RecommendationsPanelProps) {
  const t = useT();
  const nav = useNavigation();
  const open = project.state === "PUBLISHED";
  const invite = canInvite && open;
  const list = (
    <ol className="divide-y divide-slate-200">
      {items.map((it, i) => (
        <li key={it.orgId} className="flex gap-3 py-3 first:pt-0 last:pb-0">
          {invite && (
            <input
              type="checkbox"
              name="orgId"
              value={it.orgId}
              id={`org-${it.orgId}`}
              disabled={it.invited}
              aria-label={t("match.select", { name: it.name })}
              className="mt-1 h-4 w-4 shrink-0 rounded border-slate-400"
            />
          )}
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span className="font-medium">
                <span className="mr-1 tabular-nums text-slate-500">
                  {i + 1}.
                </span>
                <Link
                  to={orgHref(it.orgId)}
                  className="text-brand-800 underline-offset-2 hover:underline"
                >
                  {it.name}
                </Link>
              </span>
              <span className="flex flex-wrap items-center gap-1.5">
                {it.invited && <Badge tone="green">{t("match.invited")}</Badge>}
                {it.hasBid && <Badge tone="blue">{t("match.hasBid")}</Badge>}
                <span className="text-sm font-semibold tabular-nums text-slate-900">
                  {t("search.score", { score: it.score })}
                </span>
              </span>
            </div>
            <div className="mt-1.5">
              <ReasonList reasons={it.reasons} compact />
            </div>
          </div>
        </li>
      ))}
    </ol>
  );

  return (
    <Card>
      <p className="mb-2 text-sm text-slate-700">
        {t("match.subtitle", { title: project.title })}
      </p>
      {keywords.length > 0 && (
        <p className="mb-4 text-xs text-slate-600">
          {t("match.keywords", { words: keywords.join("、") })}
        </p>
      )}
      {error && (
        <Alert tone="error" className="mb-4">
          {t.tx(error, errorParams)}
        </Alert>
      )}
      {canInvite && !open && (
        <Alert className="mb-4">{t("match.invite.notOpenHint")}</Alert>
      )}
      {items.length === 0 ? (
        <EmptyState title={t("match.empty")} />
      ) : invite ? (
        <Form method="post">
          {list}
          <div className="mt-4 flex flex-col gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-slate-600">{t("match.invite.hint")}</p>
            <Button
              type="submit"
              name="intent"
              value="invite"
              pending={nav.state === "submitting"}
            >
              {t("match.invite")}
            </Button>
          </div>
        </Form>
      ) : (
        list
      )}
    </Card>
  );
}
