// /notifications — the signed-in user's notifications (own only), newest first, paginated; mark one or
// all read; opening one marks it read and follows its link. Texts are rendered in the reader's language.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { listNotifications, markRead, renderNotification } from "~/domain/notifications.server";
import { Button } from "~/components/Button";
import { EmptyState } from "~/components/EmptyState";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { formatDateTime } from "~/components/format";
import { cx } from "~/components/cx";
import { safeLocalPath } from "~/components/marketplace/labels";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = getLocale(request);
  const url = new URL(request.url);
  const { page, pageSize } = parsePageParams(url);
  const unreadOnly = url.searchParams.get("unread") === "1";
  const list = await listNotifications(user.id, { page, pageSize }, { unreadOnly });
  return {
    unreadOnly,
    unread: list.unread,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    items: list.items.map((n) => ({ id: n.id, ...renderNotification(locale, n.kind, n.params), link: safeLocalPath(n.link), read: !!n.readAt, createdAt: n.createdAt })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = new URL(request.url);
  const backTo = `/notifications${back.search}`;
  if (intent === "readAll") {
    await markRead(user.id, "all");
    return redirect(backTo, { status: 303 });
  }
  const id = form.get("id");
  if (typeof id !== "string" || !id || id.length > 64) return redirect(backTo, { status: 303 });
  // Only the user's own notification is touched (markRead ignores anyone else's id).
  await markRead(user.id, [id]);
  if (intent === "open") {
    const link = safeLocalPath(String(form.get("link") ?? ""));
    if (link) return redirect(link, { status: 303 });
  }
  return redirect(backTo, { status: 303 });
}

export default function Notifications() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const navigation = useNavigation();
  const busyAll = navigation.state !== "idle" && navigation.formData?.get("intent") === "readAll";
  const busyId = navigation.state !== "idle" ? navigation.formData?.get("id") : null;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title={t("notifications.title")}
        description={t("notifications.unreadCount", { n: d.unread })}
        actions={
          d.unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <Button type="submit" variant="secondary" pending={busyAll} disabled={busyAll}>
                {t("notifications.readAll")}
              </Button>
            </Form>
          ) : undefined
        }
      />
      <nav aria-label={t("notifications.filter")} className="flex gap-2">
        <Link
          to="/notifications"
          aria-current={!d.unreadOnly ? "page" : undefined}
          className={cx("rounded-md px-3 py-1.5 text-sm font-medium", !d.unreadOnly ? "bg-brand-700 text-white" : "border border-slate-300 bg-white text-slate-800")}
        >
          {t("notifications.all")}
        </Link>
        <Link
          to="/notifications?unread=1"
          aria-current={d.unreadOnly ? "page" : undefined}
          className={cx("rounded-md px-3 py-1.5 text-sm font-medium", d.unreadOnly ? "bg-brand-700 text-white" : "border border-slate-300 bg-white text-slate-800")}
        >
          {t("notifications.unreadOnly")}
        </Link>
      </nav>

      {d.items.length === 0 ? (
        <EmptyState title={d.unreadOnly ? t("notifications.emptyUnread") : t("notifications.empty")} />
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white">
          {d.items.map((n) => (
            <li key={n.id} className={cx("flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start", !n.read && "bg-brand-50/60")}>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2">
                  {!n.read && (
                    <span className="inline-block size-2 rounded-full bg-brand-700" aria-hidden="true" />
                  )}
                  <span className={cx("text-slate-900", !n.read && "font-semibold")}>{n.title}</span>
                  {!n.read && <span className="sr-only">{t("notifications.unread")}</span>}
                </p>
                <p className="mt-0.5 text-sm text-slate-700">{n.body}</p>
                <p className="mt-1 text-xs text-slate-600">{formatDateTime(n.createdAt, t.locale)}</p>
              </div>
              <div className="flex shrink-0 gap-2">
                {n.link && (
                  <Form method="post">
                    <input type="hidden" name="intent" value="open" />
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="link" value={n.link} />
                    <Button type="submit" size="sm" variant="secondary">
                      {t("notifications.open")}
                    </Button>
                  </Form>
                )}
                {!n.read && (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <Button type="submit" size="sm" variant="ghost" pending={busyId === n.id} disabled={busyId === n.id}>
                      {t("notifications.markRead")}
                    </Button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={d.page} pageSize={d.pageSize} total={d.total} />
    </div>
  );
}
