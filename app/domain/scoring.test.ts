import { describe, expect, it } from "vitest";
import {
  DEFAULT_BANDS,
  bandScoreBp,
  gradeFor,
  recencyWeightedMean,
  scoreProject,
  shanghaiDay,
  shanghaiYear,
  validateTree,
  type IndicatorNode,
  type ScoringInputs,
} from "./scoring";
import { defaultIndicatorTree } from "./indicators.server";
import { indicatorTreeSchema } from "./indicators.schema";

const inputs = (over: Partial<ScoringInputs> = {}): ScoringInputs => ({
  people: { planned: 100, actual: 100 },
  sessions: { planned: 10, actual: 10 },
  onTime: { due: "2026-05-31", delivered: "2026-05-30" },
  ratings: [{ quality: 5, timeliness: 5, professionalism: 5, workerResponse: 5 }],
  survey: { responses: 2, sums: [10, 10, 10, 10, 10] },
  broker: { "completion.plan": { score: 100, comment: "" }, "management.records": { score: 100, comment: "" }, "impact.broker": { score: 100, comment: "" } },
  penalties: { upheld: 0 },
  ...over,
});

const peopleOnly = (bands?: Array<[number, number]>): IndicatorNode[] => [
  { code: "p", nameZh: "人次", nameEn: "People", weightBp: 10000, kind: "PEOPLE_RATIO", config: bands ? { bands } : null },
];

describe("banding", () => {
  const score = (actual: number, planned: number) => scoreProject(peopleOnly(), inputs({ people: { planned, actual } })).score;

  it("scores the band edges exactly", () => {
    expect(score(100, 100)).toBe(100); // 100%
    expect(score(9999, 10000)).toBe(66.67); // 99.99% is not 100%
    expect(score(80, 100)).toBe(66.67); // 80%
    expect(score(7999, 10000)).toBe(33.33); // 79.99%
    expect(score(60, 100)).toBe(33.33); // 60%
    expect(score(5999, 10000)).toBe(0); // 59.99%
    expect(score(0, 100)).toBe(0);
  });

  it("gives over-delivery the top band, no bonus", () => {
    expect(score(250, 100)).toBe(100);
  });

  it("treats a zero plan as met", () => {
    expect(score(0, 0)).toBe(100);
    expect(score(5, 0)).toBe(100);
    expect(bandScoreBp(0, 0)).toBe(10000);
  });

  it("compares in integers (no float drift at 1/3 ratios)", () => {
    // 2/3 = 66.66…% < 80%; 0.8 = 4/5 exactly
    expect(bandScoreBp(2, 3)).toBe(3333);
    expect(bandScoreBp(4, 5)).toBe(6667);
    expect(bandScoreBp(3, 5)).toBe(3333);
  });

  it("uses custom bands", () => {
    const t = peopleOnly([[12000, 10000], [10000, 9000], [5000, 5000]]);
    expect(scoreProject(t, inputs({ people: { planned: 10, actual: 12 } })).score).toBe(100);
    expect(scoreProject(t, inputs({ people: { planned: 10, actual: 11 } })).score).toBe(90);
    expect(scoreProject(t, inputs({ people: { planned: 10, actual: 5 } })).score).toBe(50);
    expect(scoreProject(t, inputs({ people: { planned: 10, actual: 4 } })).score).toBe(0);
  });

  it("the default bands are ≥100% full, ≥80% 2/3, ≥60% 1/3", () => {
    expect(DEFAULT_BANDS).toEqual([[10000, 10000], [8000, 6667], [6000, 3333]]);
  });
});

describe("grades", () => {
  it("reads the grade from the rounded score", () => {
    expect(gradeFor(100)).toBe("EXCELLENT");
    expect(gradeFor(90)).toBe("EXCELLENT");
    expect(gradeFor(89.99)).toBe("GOOD");
    expect(gradeFor(89.995)).toBe("EXCELLENT"); // rounds to 90.00
    expect(gradeFor(80)).toBe("GOOD");
    expect(gradeFor(79.99)).toBe("PASS");
    expect(gradeFor(60)).toBe("PASS");
    expect(gradeFor(59.99)).toBe("FAIL");
    expect(gradeFor(0)).toBe("FAIL");
  });
});

describe("scoreProject with the default tree", () => {
  const tree = defaultIndicatorTree();

  it("is 100 / EXCELLENT with perfect inputs", () => {
    const r = scoreProject(tree, inputs());
    expect(r.score).toBe(100);
    expect(r.grade).toBe("EXCELLENT");
    expect(r.complete).toBe(true);
    expect(r.missing).toEqual([]);
    const pts = r.breakdown.filter((b) => b.level === 1).reduce((a, b) => a + b.points, 0);
    expect(Math.round(pts * 100) / 100).toBe(100);
  });

  it("computes a mixed case by hand", () => {
    const r = scoreProject(
      tree,
      inputs({
        people: { planned: 100, actual: 85 }, // 66.67
        sessions: { planned: 10, actual: 6 }, // 33.33
        onTime: { due: "2026-05-31", delivered: "2026-06-03" }, // 3 days late, 5 points/day → 85
        ratings: [{ quality: 4, timeliness: 4, professionalism: 4, workerResponse: 4 }], // 80
        survey: { responses: 4, sums: [12, 12, 12, 12, 12] }, // mean 3 → 60
        broker: { "completion.plan": { score: 90, comment: "好" }, "management.records": { score: 70, comment: "" }, "impact.broker": { score: 80, comment: "" } },
        penalties: { upheld: 1 }, // 100 − 50 = 50
      }),
    );
    // completion = 0.6·85 + 0.4·90 = 87;   output = 0.5·66.67 + 0.5·33.33 = 50
    // quality = 0.5·80 + 0.5·60 = 70;       management = 0.6·70 + 0.4·50 = 62;   impact = 80
    // total = .25·87 + .25·50 + .3·70 + .1·62 + .1·80 = 21.75 + 12.5 + 21 + 6.2 + 8 = 69.45
    expect(r.score).toBe(69.45);
    expect(r.grade).toBe("PASS");
    const byCode = Object.fromEntries(r.breakdown.map((b) => [b.code, b]));
    expect(byCode["completion"].score).toBe(87);
    expect(byCode["completion.ontime"].detail).toMatchObject({ daysLate: 3 });
    expect(byCode["output"].score).toBe(50);
    expect(byCode["quality"].score).toBe(70);
    expect(byCode["management"].score).toBe(62);
    expect(byCode["management.complaints"].score).toBe(50);
    expect(byCode["output.people"].effectiveWeightBp).toBe(1250);
  });

  it("is reproducible from the same stored inputs (JSON round trip)", () => {
    const i = inputs({ people: { planned: 30, actual: 29 }, survey: { responses: 3, sums: [13, 11, 14, 9, 12] } });
    const a = scoreProject(tree, i);
    const b = scoreProject(JSON.parse(JSON.stringify(tree)), JSON.parse(JSON.stringify(i)));
    expect(b).toEqual(a);
  });

  it("marks missing broker values incomplete and scores them 0", () => {
    const r = scoreProject(tree, inputs({ broker: {} }));
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual(["completion.plan", "management.records", "impact.broker"]);
    // completion 0.6·100 = 60 → 15; output 25; quality 30; management 0.4·100 = 40 → 4; impact 0
    expect(r.score).toBe(74);
  });

  it("penalty floors at 0", () => {
    const r = scoreProject(tree, inputs({ penalties: { upheld: 5 } }));
    expect(r.breakdown.find((b) => b.code === "management.complaints")?.score).toBe(0);
    expect(r.score).toBe(96);
  });

  it("scores a missing survey 0 by default, or re-normalises with missing=EXCLUDE", () => {
    const none = { responses: 0, sums: [0, 0, 0, 0, 0] as [number, number, number, number, number] };
    expect(scoreProject(tree, inputs({ survey: none })).score).toBe(85);
    const t2 = JSON.parse(JSON.stringify(tree)) as IndicatorNode[];
    t2[2].children![1].config = { missing: "EXCLUDE" };
    const r = scoreProject(t2, inputs({ survey: none }));
    expect(r.score).toBe(100);
    expect(r.breakdown.find((b) => b.code === "quality.workers")).toMatchObject({ excluded: true, missing: true, score: null });
    expect(r.breakdown.find((b) => b.code === "quality.enterprise")?.effectiveWeightBp).toBe(3000);
  });

  it("treats a missing delivery report as 0 for ratio and on-time leaves", () => {
    const r = scoreProject(tree, inputs({ people: null, sessions: null, onTime: null }));
    expect(r.missing).toEqual(expect.arrayContaining(["output.people", "output.sessions", "completion.ontime"]));
    expect(r.score).toBe(100 - 25 - 0.25 * 60);
  });
});

describe("tree validation", () => {
  it("accepts the default tree", () => {
    expect(validateTree(defaultIndicatorTree())).toEqual([]);
    expect(indicatorTreeSchema.safeParse(defaultIndicatorTree()).success).toBe(true);
  });

  it("enforces sibling weights summing to 10000 at every level", () => {
    const t = defaultIndicatorTree();
    t[0].weightBp = 2400;
    expect(validateTree(t)).toContainEqual({ path: "", code: "error.indicators.weightSum", params: { parent: "—", sum: 99 } });
    const t2 = defaultIndicatorTree();
    t2[1].children![0].weightBp = 5001;
    expect(validateTree(t2)).toContainEqual({ path: "output", code: "error.indicators.weightSum", params: { parent: "output", sum: 100.01 } });
  });

  it("rejects depth > 3, empty groups, leaves with children, duplicate codes, bad configs", () => {
    const deep: IndicatorNode[] = [
      { code: "a", nameZh: "甲", nameEn: "A", weightBp: 10000, kind: "GROUP", children: [
        { code: "b", nameZh: "乙", nameEn: "B", weightBp: 10000, kind: "GROUP", children: [
          { code: "c", nameZh: "丙", nameEn: "C", weightBp: 10000, kind: "GROUP", children: [
            { code: "d", nameZh: "丁", nameEn: "D", weightBp: 10000, kind: "SURVEY" },
          ] },
        ] },
      ] },
    ];
    expect(validateTree(deep).map((i) => i.code)).toContain("error.indicators.depth");
    const threeLevels = JSON.parse(JSON.stringify(deep)) as IndicatorNode[];
    threeLevels[0].children![0].children![0] = { code: "c", nameZh: "丙", nameEn: "C", weightBp: 10000, kind: "SURVEY" };
    expect(validateTree(threeLevels)).toEqual([]);

    const codes = (t: IndicatorNode[]) => validateTree(t).map((i) => i.code);
    expect(codes([{ code: "g", nameZh: "组", nameEn: "G", weightBp: 10000, kind: "GROUP", children: [] }])).toContain("error.indicators.groupEmpty");
    expect(codes([{ code: "l", nameZh: "叶", nameEn: "L", weightBp: 10000, kind: "SURVEY", children: [{ code: "x", nameZh: "x", nameEn: "x", weightBp: 10000, kind: "SURVEY" }] }])).toContain("error.indicators.leafChildren");
    expect(codes([
      { code: "x", nameZh: "x", nameEn: "x", weightBp: 5000, kind: "SURVEY" },
      { code: "x", nameZh: "y", nameEn: "y", weightBp: 5000, kind: "SURVEY" },
    ])).toContain("error.indicators.codeDuplicate");
    expect(codes(peopleOnly([[8000, 6667], [10000, 10000]]))).toContain("error.indicators.bands");
    expect(codes([{ code: "p", nameZh: "扣分", nameEn: "P", weightBp: 10000, kind: "PENALTY", config: { pointsPerItem: 0 } }])).toContain("error.indicators.penalty");
    expect(codes([{ code: "p", nameZh: "x", nameEn: "P", weightBp: 0, kind: "SURVEY" }])).toContain("error.indicators.weightRange");
    expect(codes([])).toEqual(["error.indicators.empty"]);
  });

  it("zod schema reports the tree issues as i18n keys with paths", () => {
    const t = defaultIndicatorTree();
    t[1].children![0].weightBp = 4000;
    const r = indicatorTreeSchema.safeParse(t);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues[0]).toMatchObject({ message: "error.indicators.weightSum", path: ["output"] });
    }
  });
});

describe("organization performance (recency-weighted mean)", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it("weights a one-year-old score half", () => {
    // (1·90 + 0.5·60) / 1.5 = 80
    expect(recencyWeightedMean([{ score: 90, at: now }, { score: 60, at: daysAgo(365) }], now)).toBe(80);
  });

  it("is the plain score with one evaluation, null with none", () => {
    expect(recencyWeightedMean([{ score: 72.5, at: daysAgo(800) }], now)).toBe(72.5);
    expect(recencyWeightedMean([], now)).toBeNull();
  });
});

describe("calendar helpers", () => {
  it("uses Asia/Shanghai days and years", () => {
    expect(shanghaiDay(new Date("2026-05-31T16:30:00Z"))).toBe("2026-06-01");
    expect(shanghaiYear(new Date("2025-12-31T16:00:00Z"))).toBe(2026);
    expect(shanghaiYear(new Date("2025-12-31T15:59:59Z"))).toBe(2025);
  });
});
