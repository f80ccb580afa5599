// /projects/:id/recommendations — ENTERPRISE (the need's owner; brokers are sent to their own page):
// organizations recommended for the need, with the reasons. Anyone else gets 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import {
  notFoundResponse,
  requireUser,
  rethrowAsResponse,
} from "~/auth/guards.server";
import { PageHeader } from "~/components/PageHeader";
import { RecommendationsPanel } from "~/components/search/RecommendationsPanel";
import { recommendOrganizations } from "~/domain/matching.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(matches, "match.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  if (user.role === "BROKER")
    throw redirect(
      `/broker/projects/${encodeURIComponent(id)}/recommendations`
    );
  if (user.role !== "ENTERPRISE") throw notFoundResponse();
  try {
    return await recommendOrganizations(user, id, { limit: 20 });
  } catch (e) {
    rethrowAsResponse(e);
  }
}

export default function EnterpriseRecommendations() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <PageHeader
        eyebrow={
          <Link
            to={`/projects/${d.project.id}`}
            className="text-brand-800 underline underline-offset-2"
          >
            ‹ {t("match.back")} · {d.project.code}
          </Link>
        }
        title={t("match.title")}
      />
      <RecommendationsPanel
        project={d.project}
        keywords={d.keywords}
        items={d.items}
        canInvite={false}
        orgHref={(id) => `/orgs/${id}/performance`}
      />
    </div>
  );
}
