// Outgoing email. With SMTP_URL set, messages go through nodemailer; otherwise each message is
// appended as one JSON line to a local outbox file (MAIL_OUTBOX_FILE, default var/mail-outbox.jsonl
// under the project root), so the default set-up needs no mail server.
//
// Emails must never leave before the database change they announce has committed: code inside a
// transaction QUEUES mail on the transaction (queueMail), and whoever opened the transaction flushes
// the queue after commit (see `transaction` in notifications.server.ts). A rolled-back transaction's
// queue is simply dropped.
import { appendFile, mkdir } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import nodemailer, { type Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export function outboxFile(): string {
  const f = process.env.MAIL_OUTBOX_FILE || "var/mail-outbox.jsonl";
  return isAbsolute(f) ? f : resolve(process.env.LB_ROOT || process.cwd(), f);
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "工联桥 LaborBridge <no-reply@laborbridge.local>";
}

let transport: { url: string; t: Transporter } | null = null;

function smtpTransport(url: string): Transporter {
  if (!transport || transport.url !== url) transport = { url, t: nodemailer.createTransport(url) };
  return transport.t;
}

/** Sends one message now (SMTP or the outbox file). Throws on failure. */
export async function sendMail(msg: MailMessage): Promise<void> {
  const smtp = process.env.SMTP_URL;
  if (smtp) {
    await smtpTransport(smtp).sendMail({ from: mailFrom(), to: msg.to, subject: msg.subject, text: msg.text });
    return;
  }
  const file = outboxFile();
  await mkdir(dirname(file), { recursive: true });
  const line = JSON.stringify({ at: new Date().toISOString(), from: mailFrom(), to: msg.to, subject: msg.subject, text: msg.text });
  await appendFile(file, `${line}\n`, "utf8");
}

// ---------- per-transaction queue ----------

const queues = new WeakMap<object, MailMessage[]>();

/** Queues a message on a transaction client; it is sent only if and after the transaction commits. */
export function queueMail(tx: object, msg: MailMessage): void {
  const q = queues.get(tx);
  if (q) q.push(msg);
  else queues.set(tx, [msg]);
}

/** Removes and returns what was queued on `tx`. */
export function takeQueuedMail(tx: object): MailMessage[] {
  const q = queues.get(tx) ?? [];
  queues.delete(tx);
  return q;
}

/**
 * Sends messages one by one. A failure is logged, not thrown: the change the mail announces has
 * already committed, and the in-app notification row exists.
 */
export async function flushMail(messages: readonly MailMessage[]): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const m of messages) {
    try {
      await sendMail(m);
      sent++;
    } catch (e) {
      failed++;
      console.error(`[mail] sending to ${m.to} failed:`, e instanceof Error ? e.message : e);
    }
  }
  return { sent, failed };
}
