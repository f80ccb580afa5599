// Worker satisfaction survey: one-time tokens, anonymous answers.
//
// A token is 128 random bits, base64url (22 characters); only its sha256 is stored, and the plaintext
// is returned once, when generated (as links `/s/<token>` and QR codes for a printable sheet).
// Submitting consumes the token atomically (`UPDATE … WHERE tokenHash = ? AND usedAt IS NULL` must hit
// exactly one row), so a token answers once even under concurrent submits. An unknown or malformed
// token gets "error.survey.invalid" after the same work (hash + one indexed lookup) as a real one, so
// the response does not tell a guess apart from a typo; guessing 128 bits is hopeless anyway.
// Responses keep no link to who answered; results are shown aggregated per project.
import { createHash, randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { db } from "~/db.server";
import type { ProjectState } from "~/generated/sqlite/enums";
import { writeAudit } from "./audit.server";
import { DomainError, badRequest, conflict, notFound, tooManyRequests } from "./errors";
import { MINUTE, hit, isKnownIp, isLimited } from "./ratelimit.server";
import { type ActorRef } from "./indicators.server";
import { appUrl } from "./invoices.server";

export const SURVEY_STATES: readonly ProjectState[] = ["IN_DELIVERY", "DELIVERED", "ACCEPTED"];
export const MAX_TOKENS_PER_BATCH = 500;
export const MAX_COMMENT = 500;
export const SURVEY_QUESTIONS = 5;
/** i18n keys of the five questions (1–5 stars each). */
export const SURVEY_QUESTION_KEYS = ["survey.q1", "survey.q2", "survey.q3", "survey.q4", "survey.q5"] as const;

const TOKEN_RE = /^[A-Za-z0-9_-]{22}$/;

/** Invalid-token attempts per client IP (guessing): at most 30 per 15 minutes, then 429. */
export const SURVEY_GUESS_LIMIT = { bucket: "survey:ip", max: 30, windowMs: 15 * MINUTE } as const;

export interface SurveyRequestMeta {
  /** From clientIp(request, context); per-IP limiting is skipped when unknown. */
  ip?: string;
}

async function checkGuessLimit(meta: SurveyRequestMeta | undefined): Promise<void> {
  if (meta && isKnownIp(meta.ip) && (await isLimited(SURVEY_GUESS_LIMIT.bucket, meta.ip, SURVEY_GUESS_LIMIT.max, SURVEY_GUESS_LIMIT.windowMs))) {
    throw tooManyRequests();
  }
}

async function invalidToken(meta: SurveyRequestMeta | undefined): Promise<never> {
  if (meta && isKnownIp(meta.ip)) await hit(SURVEY_GUESS_LIMIT.bucket, meta.ip);
  throw new DomainError(404, "error.survey.invalid");
}

export function hashSurveyToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function surveyPath(token: string): string {
  return `/s/${token}`;
}

export interface GeneratedToken {
  token: string;
  url: string;
}

/**
 * The awarded ORG or a BROKER generates `count` one-time tokens for a project in delivery
 * (IN_DELIVERY / DELIVERED / ACCEPTED). The plaintext tokens are returned ONCE.
 */
export async function generateSurveyTokens(actor: ActorRef, projectId: string, count: number): Promise<GeneratedToken[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_TOKENS_PER_BATCH) {
    throw badRequest("error.survey.count", "count", { max: MAX_TOKENS_PER_BATCH });
  }
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { id: true, code: true, state: true, award: { select: { organizationId: true } }, bundle: { select: { award: { select: { organizationId: true } } } } },
  });
  if (!project) throw notFound();
  const awardedOrg = project.award?.organizationId ?? project.bundle?.award?.organizationId ?? null;
  const allowed = actor.role === "BROKER" || (actor.role === "ORG" && !!actor.organizationId && actor.organizationId === awardedOrg);
  if (!allowed) throw notFound();
  if (!SURVEY_STATES.includes(project.state)) throw conflict("error.survey.notInDelivery", undefined, { state: project.state });

  const tokens = Array.from({ length: count }, () => randomBytes(16).toString("base64url"));
  await db.$transaction(async (tx) => {
    await tx.surveyToken.createMany({ data: tokens.map((t) => ({ projectId, tokenHash: hashSurveyToken(t), createdById: actor.id })) });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "survey.tokens.generate",
      entityType: "Project",
      entityId: projectId,
      after: { count },
    });
  });
  const base = appUrl();
  return tokens.map((token) => ({ token, url: `${base}${surveyPath(token)}` }));
}

/** QR code of a survey link as an SVG string (for the printable sheet). */
export async function surveyQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

/** QR code of a survey link as a PNG data URL. */
export async function surveyQrPngDataUrl(url: string, width = 240): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width });
}

/** The printable sheet: each generated token with its link and QR code (SVG). */
export async function surveySheet(tokens: GeneratedToken[]): Promise<Array<GeneratedToken & { qrSvg: string }>> {
  return Promise.all(tokens.map(async (t) => ({ ...t, qrSvg: await surveyQrSvg(t.url) })));
}

async function lookup(token: string) {
  // Always hash and query, whatever the token looks like (no early return → same timing class).
  const wellFormed = typeof token === "string" && TOKEN_RE.test(token);
  const hash = hashSurveyToken(typeof token === "string" ? token : "");
  const row = await db.surveyToken.findUnique({
    where: { tokenHash: hash },
    select: { id: true, usedAt: true, projectId: true, project: { select: { title: true, state: true, award: { select: { organization: { select: { name: true } } } } } } },
  });
  return wellFormed ? row : null;
}

/** For the survey page: what the token is for, before answering. */
export async function surveyInfo(token: string, meta?: SurveyRequestMeta): Promise<{ projectTitle: string; organizationName: string | null }> {
  await checkGuessLimit(meta);
  const row = await lookup(token);
  if (!row) return invalidToken(meta);
  if (row.usedAt) throw new DomainError(409, "error.survey.used");
  if (!SURVEY_STATES.includes(row.project.state)) throw new DomainError(409, "error.survey.closed");
  return { projectTitle: row.project.title, organizationName: row.project.award?.organization.name ?? null };
}

export interface SurveyAnswers {
  answers: number[]; // 5 × 1–5
  comment?: string;
}

/** Worker (no account): answers once per token. */
export async function submitSurvey(token: string, input: SurveyAnswers, meta?: SurveyRequestMeta): Promise<void> {
  await checkGuessLimit(meta);
  const answers = input.answers;
  if (!Array.isArray(answers) || answers.length !== SURVEY_QUESTIONS || answers.some((a) => !Number.isInteger(a) || a < 1 || a > 5)) {
    throw badRequest("error.survey.answers", "answers");
  }
  const comment = (input.comment ?? "").trim();
  if (comment.length > MAX_COMMENT) throw badRequest("error.tooLong", "comment", { max: MAX_COMMENT });
  const row = await lookup(token);
  if (!row) return invalidToken(meta);
  if (!SURVEY_STATES.includes(row.project.state)) throw new DomainError(409, "error.survey.closed");
  const hash = hashSurveyToken(token);
  await db.$transaction(async (tx) => {
    const used = await tx.surveyToken.updateMany({ where: { tokenHash: hash, usedAt: null }, data: { usedAt: new Date() } });
    if (used.count !== 1) throw new DomainError(409, "error.survey.used");
    await tx.surveyResponse.create({
      data: { projectId: row.projectId, tokenId: row.id, q1: answers[0], q2: answers[1], q3: answers[2], q4: answers[3], q5: answers[4], comment },
    });
  });
}

export interface SurveySummary {
  tokensIssued: number;
  responses: number;
  /** Mean per question (1–5, 2 decimals), null without responses. */
  questionMeans: Array<number | null>;
  /** Mean of all answers (1–5, 2 decimals). */
  overallMean: number | null;
  /** overallMean / 5 × 100, as the SURVEY indicator scores it. */
  score: number | null;
  /** Distribution of all answers: count of 1s … 5s. */
  distribution: [number, number, number, number, number];
  /** Non-empty comments, newest first, without any link to a token. */
  comments: string[];
}

/** Anonymous aggregate of a project's survey (the route checks who may see the project). */
export async function surveySummary(projectId: string): Promise<SurveySummary> {
  const [tokensIssued, rows] = await Promise.all([
    db.surveyToken.count({ where: { projectId } }),
    db.surveyResponse.findMany({ where: { projectId }, select: { q1: true, q2: true, q3: true, q4: true, q5: true, comment: true }, orderBy: { createdAt: "desc" } }),
  ]);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  const sums = [0, 0, 0, 0, 0];
  for (const r of rows) {
    [r.q1, r.q2, r.q3, r.q4, r.q5].forEach((v, i) => {
      sums[i] += v;
      if (v >= 1 && v <= 5) distribution[v - 1]++;
    });
  }
  const n = rows.length;
  const total = sums.reduce((a, b) => a + b, 0);
  return {
    tokensIssued,
    responses: n,
    questionMeans: sums.map((s) => (n ? r2(s / n) : null)),
    overallMean: n ? r2(total / (n * 5)) : null,
    score: n ? r2((total / (n * 5) / 5) * 100) : null,
    distribution,
    comments: rows.map((r) => r.comment).filter((c) => c.length > 0),
  };
}
