import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { db } from "~/db.server";
import {
  generateSurveyTokens,
  hashSurveyToken,
  submitSurvey,
  surveyInfo,
  surveyQrPngDataUrl,
  surveySheet,
  surveySummary,
} from "./surveys.server";
import { makeAwardedProject, makeOrg, makeUser } from "../../tests/fixtures/evaluation";

describe("worker survey tokens", () => {
  it("generates one-time tokens: 128-bit base64url, only hashes stored, links and QR codes", async () => {
    const f = await makeAwardedProject({ state: "IN_DELIVERY" });
    const tokens = await generateSurveyTokens(f.orgUser, f.project.id, 5);
    expect(tokens).toHaveLength(5);
    for (const t of tokens) {
      expect(t.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(t.token, "base64url")).toHaveLength(16);
      expect(t.url.endsWith(`/s/${t.token}`)).toBe(true);
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(5);
    const stored = await db.surveyToken.findMany({ where: { projectId: f.project.id } });
    expect(stored).toHaveLength(5);
    const plain = new Set(tokens.map((t) => t.token));
    for (const s of stored) {
      expect(plain.has(s.tokenHash)).toBe(false);
      expect(s.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(stored.map((s) => s.tokenHash))).toEqual(new Set(tokens.map((t) => hashSurveyToken(t.token))));

    const sheet = await surveySheet(tokens.slice(0, 2));
    expect(sheet[0].qrSvg).toContain("<svg");
    expect(await surveyQrPngDataUrl(tokens[0].url)).toMatch(/^data:image\/png;base64,/);

    const broker = await makeUser("BROKER");
    expect(await generateSurveyTokens(broker, f.project.id, 1)).toHaveLength(1);
  });

  it("only the awarded org or a broker, only in delivery, 1–500 at a time", async () => {
    const f = await makeAwardedProject({ state: "IN_DELIVERY" });
    const other = await makeOrg();
    const otherUser = await makeUser("ORG", { organizationId: other.id });
    await expect(generateSurveyTokens(otherUser, f.project.id, 1)).rejects.toMatchObject({ status: 404 });
    await expect(generateSurveyTokens(f.entUser, f.project.id, 1)).rejects.toMatchObject({ status: 404 });
    await expect(generateSurveyTokens(f.orgUser, f.project.id, 0)).rejects.toMatchObject({ status: 400, code: "error.survey.count" });
    await expect(generateSurveyTokens(f.orgUser, f.project.id, 501)).rejects.toMatchObject({ status: 400 });
    const g = await makeAwardedProject({ state: "AWARDED" });
    await expect(generateSurveyTokens(g.orgUser, g.project.id, 1)).rejects.toMatchObject({ status: 409, code: "error.survey.notInDelivery" });
  });

  it("answers once per token, even with concurrent submits", async () => {
    const f = await makeAwardedProject({ state: "DELIVERED" });
    const [a, b] = await generateSurveyTokens(f.orgUser, f.project.id, 2);
    expect(await surveyInfo(a.token)).toMatchObject({ projectTitle: f.project.title, organizationName: f.org.name });
    await submitSurvey(a.token, { answers: [5, 4, 5, 4, 5], comment: "讲得很好" });
    await expect(submitSurvey(a.token, { answers: [1, 1, 1, 1, 1] })).rejects.toMatchObject({ status: 409, code: "error.survey.used" });
    await expect(surveyInfo(a.token)).rejects.toMatchObject({ code: "error.survey.used" });

    const results = await Promise.allSettled(Array.from({ length: 8 }, () => submitSurvey(b.token, { answers: [3, 3, 3, 3, 3] })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "error.survey.used" });
    expect(await db.surveyResponse.count({ where: { projectId: f.project.id } })).toBe(2);
  });

  it("rejects unknown, guessed and malformed tokens the same way", async () => {
    const f = await makeAwardedProject({ state: "IN_DELIVERY" });
    const [real] = await generateSurveyTokens(f.orgUser, f.project.id, 1);
    const guesses = [
      randomBytes(16).toString("base64url"), // well-formed, unknown
      real.token.slice(0, 21) + (real.token[21] === "A" ? "B" : "A"), // one character off
      "short",
      "",
      "../../etc/passwd",
      hashSurveyToken(real.token), // the stored hash is not a token
    ];
    for (const g of guesses) {
      await expect(submitSurvey(g, { answers: [5, 5, 5, 5, 5] })).rejects.toMatchObject({ status: 404, code: "error.survey.invalid" });
      await expect(surveyInfo(g)).rejects.toMatchObject({ status: 404, code: "error.survey.invalid" });
    }
    expect(await db.surveyResponse.count()).toBeGreaterThanOrEqual(0);
    expect(await db.surveyToken.count({ where: { projectId: f.project.id, usedAt: { not: null } } })).toBe(0);
  });

  it("limits guessing per client IP", async () => {
    const f = await makeAwardedProject({ state: "IN_DELIVERY" });
    const [real] = await generateSurveyTokens(f.orgUser, f.project.id, 1);
    const meta = { ip: "203.0.113.7" };
    for (let i = 0; i < 30; i++) {
      await expect(surveyInfo(randomBytes(16).toString("base64url"), meta)).rejects.toMatchObject({ code: "error.survey.invalid" });
    }
    await expect(submitSurvey(real.token, { answers: [5, 5, 5, 5, 5] }, meta)).rejects.toMatchObject({ status: 429 });
    // another address is not affected
    await submitSurvey(real.token, { answers: [5, 5, 5, 5, 5] }, { ip: "198.51.100.2" });
  });

  it("validates answers and comment length", async () => {
    const f = await makeAwardedProject({ state: "IN_DELIVERY" });
    const [t] = await generateSurveyTokens(f.orgUser, f.project.id, 1);
    await expect(submitSurvey(t.token, { answers: [5, 5, 5, 5] })).rejects.toMatchObject({ status: 400, code: "error.survey.answers" });
    await expect(submitSurvey(t.token, { answers: [5, 5, 5, 5, 6] })).rejects.toMatchObject({ status: 400 });
    await expect(submitSurvey(t.token, { answers: [0, 5, 5, 5, 5] })).rejects.toMatchObject({ status: 400 });
    await expect(submitSurvey(t.token, { answers: [5, 5, 5, 5, 5], comment: "好".repeat(501) })).rejects.toMatchObject({ status: 400, code: "error.tooLong" });
    // a failed validation does not consume the token
    await submitSurvey(t.token, { answers: [5, 5, 5, 5, 5], comment: "好".repeat(500) });
  });

  it("refuses answers once the project left delivery", async () => {
    const f = await makeAwardedProject({ state: "ACCEPTED" });
    const [t] = await generateSurveyTokens(f.orgUser, f.project.id, 1);
    await db.project.update({ where: { id: f.project.id }, data: { state: "EVALUATED" } });
    await expect(submitSurvey(t.token, { answers: [5, 5, 5, 5, 5] })).rejects.toMatchObject({ status: 409, code: "error.survey.closed" });
  });

  it("aggregates anonymously per project", async () => {
    const f = await makeAwardedProject({ state: "IN_DELIVERY" });
    const ts = await generateSurveyTokens(f.orgUser, f.project.id, 4);
    await submitSurvey(ts[0].token, { answers: [5, 5, 5, 5, 5], comment: "很好" });
    await submitSurvey(ts[1].token, { answers: [3, 4, 3, 4, 3] });
    await submitSurvey(ts[2].token, { answers: [4, 3, 4, 3, 4], comment: "  " });
    const s = await surveySummary(f.project.id);
    expect(s).toMatchObject({ tokensIssued: 4, responses: 3, questionMeans: [4, 4, 4, 4, 4], overallMean: 4, score: 80, comments: ["很好"] });
    expect(s.distribution).toEqual([0, 0, 5, 5, 5]);
    for (const t of ts) expect(JSON.stringify(s)).not.toContain(t.token);
  });
});
