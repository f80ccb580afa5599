// /broker/projects/:id/recommendations — BROKER: recommended organizations for a need, with the reasons,
// and "invite to bid" (ProjectInvitation + notification to each selected org). The reasons stored with
// an invitation are recomputed here on the server, never taken from the form.
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { z } from "zod";

import { requireRole, rethrowAsResponse } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { PageHeader } from "~/components/PageHeader";
import { RecommendationsPanel } from "~/components/search/RecommendationsPanel";
import { isDomainError } from "~/domain/errors";
import {
  inviteToBid,
  MAX_LIMIT,
  recommendOrganizations,
} from "~/domain/matching.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(matches, "match.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER");
  try {
    return await recommendOrganizations(user, params.id ?? "", { limit: 20 });
  } catch (e) {
    rethrowAsResponse(e);
  }
}

const inviteSchema = z.object({
  orgId: z.array(z.string().min(1).max(64)).max(MAX_LIMIT),
});

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireRole(request, "BROKER");
  const projectId = params.id ?? "";
  const form = await request.formData();
  const parsed = inviteSchema.safeParse({
    orgId: form
      .getAll("orgId")
      .filter((v): v is string => typeof v === "string"),
  });
  if (!parsed.success)
    return data(
      { error: "match.invite.tooMany", params: { max: MAX_LIMIT } },
      { status: 422 }
    );
  try {
    const recs = await recommendOrganizations(user, projectId, {
      limit: MAX_LIMIT,
    });
    const reasons = Object.fromEntries(
      recs.items.map((i) => [i.orgId, i.reasons])
    );
    const r = await inviteToBid(user, projectId, parsed.data.orgId, reasons);
    return redirect(
      `/broker/projects/${encodeURIComponent(
        projectId
      )}/recommendations?invited=${r.invited.length}&already=${
        r.alreadyInvited.length
      }`,
      303
    );
  } catch (e) {
    if (isDomainError(e) && e.status !== 404)
      return data(
        { error: e.code, params: e.params ?? {} },
        { status: e.status }
      );
    rethrowAsResponse(e);
  }
}

export default function BrokerRecommendations() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const [sp] = useSearchParams();
  const t = useT();
  const invited = Number(sp.get("invited") ?? "NaN");
  return (
    <div>
      <PageHeader
        eyebrow={
          <Link
            to={`/broker/projects/${d.project.id}`}
            className="text-brand-800 underline underline-offset-2"
          >
            ‹ {t("match.back")} · {d.project.code}
          </Link>
        }
        title={t("match.title")}
      />
      {Number.isFinite(invited) && (
        <Alert tone="success" className="mb-4">
          {invited > 0
            ? t("match.invite.done", { count: invited })
            : t("match.invite.none")}
        </Alert>
      )}
      <RecommendationsPanel
        project={d.project}
        keywords={d.keywords}
        items={d.items}
        canInvite
        orgHref={(id) => `/broker/orgs/${id}`}
        error={a && "error" in a ? a.error : null}
        errorParams={
          a && "params" in a
            ? (a.params as Record<string, string | number>)
            : undefined
        }
      />
    </div>
  );
}
