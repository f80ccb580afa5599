// In-app notifications (+ email). `notify` runs INSIDE the caller's transaction: it creates the
// Notification rows there and queues one email per recipient on the transaction; `transaction()`
// (use it instead of db.$transaction for any write that notifies) sends the queued emails after
// the commit. Notification rows carry a kind and params; the text is rendered in the reader's
// language from the i18n keys `notification.<kind>.title` and `notification.<kind>.body`.
import { db, type Tx } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { DEFAULT_LOCALE, isLocale, tx as translate } from "~/i18n";
import { flushMail, queueMail, takeQueuedMail } from "./mail.server";

/** Who is notified. Disabled users are skipped. */
export type Recipients =
  | string[] // user ids
  | { userIds: string[] }
  | { enterpriseId: string }
  | { organizationId: string }
  | { role: "BROKER" | "ADMIN" };

export type NotificationParams = Record<string, string | number>;

export interface NotifyOptions {
  /** Users not to notify (e.g. the actor, who knows what they just did). */
  exclude?: readonly string[];
  /** Set false to skip the email (in-app only). Default true. */
  email?: boolean;
}

/** Absolute link for emails: APP_URL + path (path alone when APP_URL is unset). */
export function absoluteLink(path: string | null): string | null {
  if (!path) return null;
  const base = (process.env.APP_URL || "").replace(/\/+$/, "");
  return base ? `${base}${path}` : path;
}

function recipientWhere(r: Recipients): Prisma.UserWhereInput {
  if (Array.isArray(r)) return { id: { in: r } };
  if ("userIds" in r) return { id: { in: r.userIds } };
  if ("enterpriseId" in r) return { enterpriseId: r.enterpriseId, role: "ENTERPRISE" };
  if ("organizationId" in r) return { organizationId: r.organizationId, role: "ORG" };
  return { role: r.role };
}

export function renderNotification(locale: string, kind: string, params: NotificationParams | null | undefined): { title: string; body: string } {
  const l = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const p = params ?? {};
  return { title: translate(l, `notification.${kind}.title`, p), body: translate(l, `notification.${kind}.body`, p) };
}

/**
 * Creates one Notification per recipient user (deduplicated across `recipients`) and queues an
 * email to each. Returns the ids of the users notified.
 */
export async function notify(
  tx: Tx,
  recipients: Recipients | readonly Recipients[],
  kind: string,
  params: NotificationParams = {},
  link: string | null = null,
  options: NotifyOptions = {},
): Promise<string[]> {
  const list = (Array.isArray(recipients) && recipients.every((r) => typeof r !== "string") ? recipients : [recipients]) as Recipients[];
  const where: Prisma.UserWhereInput = { disabled: false, OR: list.map(recipientWhere) };
  if (options.exclude?.length) where.id = { notIn: [...options.exclude] };
  const users = await tx.user.findMany({ where, select: { id: true, email: true, locale: true }, orderBy: { id: "asc" } });
  if (users.length === 0) return [];
  await tx.notification.createMany({
    data: users.map((u) => ({ userId: u.id, kind, params, link })),
  });
  if (options.email !== false) {
    const url = absoluteLink(link);
    for (const u of users) {
      const { title, body } = renderNotification(u.locale, kind, params);
      queueMail(tx, { to: u.email, subject: `【工联桥】${title}`, text: url ? `${body}\n\n${url}` : body });
    }
  }
  return users.map((u) => u.id);
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/**
 * db.$transaction, then (only after a successful commit) the emails `notify` queued inside it.
 * The waits are generous because SQLite runs one write transaction at a time.
 */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  let txRef: Tx | null = null;
  let result: T;
  try {
    result = await db.$transaction(
      (tx) => {
        txRef = tx;
        return fn(tx);
      },
      { maxWait: options.maxWait ?? 10_000, timeout: options.timeout ?? 20_000 },
    );
  } catch (e) {
    if (txRef) takeQueuedMail(txRef); // rolled back: drop the queue
    throw e;
  }
  if (txRef) await flushMail(takeQueuedMail(txRef));
  return result;
}

// ---------- reading ----------

export async function unreadCount(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export interface NotificationView {
  id: string;
  kind: string;
  params: NotificationParams;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export async function listNotifications(
  userId: string,
  page: { page: number; pageSize: number } = { page: 1, pageSize: 20 },
  filter: { unreadOnly?: boolean } = {},
): Promise<Page<NotificationView> & { unread: number }> {
  const pageSize = Math.min(Math.max(1, Math.floor(page.pageSize) || 20), 100);
  const p = Math.max(1, Math.floor(page.page) || 1);
  const where: Prisma.NotificationWhereInput = { userId, ...(filter.unreadOnly ? { readAt: null } : {}) };
  const [rows, total, unread] = await Promise.all([
    db.notification.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (p - 1) * pageSize, take: pageSize }),
    db.notification.count({ where }),
    unreadCount(userId),
  ]);
  return {
    items: rows.map((n) => ({ id: n.id, kind: n.kind, params: (n.params ?? {}) as NotificationParams, link: n.link, readAt: n.readAt, createdAt: n.createdAt })),
    total,
    unread,
    page: p,
    pageSize,
  };
}

/** Marks the user's notifications read (only the user's own; others' ids are ignored). Returns how many changed. */
export async function markRead(userId: string, ids: readonly string[] | "all"): Promise<number> {
  const where: Prisma.NotificationWhereInput = { userId, readAt: null };
  if (ids !== "all") where.id = { in: [...ids] };
  const r = await db.notification.updateMany({ where, data: { readAt: new Date() } });
  return r.count;
}
