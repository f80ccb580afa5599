import { describe, expect, it } from "vitest";
import { planQuery } from "./query";
import { highlight, matchSpans, typoBudget, typoDistance } from "./text";
import { indexTokens, queryWords, segmentForIndex, splitWord } from "./tokenizer";

describe("tokenizer", () => {
  it("emits dictionary sub-words of long words (search mode)", () => {
    expect(indexTokens("待处理")).toEqual(["处理", "待处理"]);
    expect(indexTokens("中国农业发展银行")).toEqual(expect.arrayContaining(["中国", "农业", "发展", "银行", "农业发展银行"]));
    expect(indexTokens("安装简单")).toEqual(["安装", "简单", "安装简单"]);
    expect(indexTokens("心理咨询服务中心")).toEqual(expect.arrayContaining(["心理", "咨询", "心理咨询", "服务", "中心", "服务中心"]));
  });

  it("lower-cases Latin, splits on punctuation, folds full-width characters", () => {
    expect(indexTokens("Hello, World-EAP服务 v2.0")).toEqual(["hello", "world", "eap", "服务", "v2", "0"]);
    expect(indexTokens("ＡＢＣ１２３")).toEqual(["abc123"]);
    expect(segmentForIndex("<b>法援</b>")).toBe("b 法 援 b");
  });

  it("segments queries in precise mode with offsets", () => {
    expect(queryWords("心理咨 EAP").map((w) => [w.text, w.start, w.end])).toEqual([
      ["心理", 0, 2],
      ["咨", 2, 3],
      ["eap", 4, 7],
    ]);
  });

  it("splits a word into its fewest dictionary pieces", () => {
    expect(splitWord("咨询服务")).toEqual(["咨询", "服务"]);
    expect(splitWord("心理")).toEqual(["心理"]);
  });
});

describe("query plan", () => {
  it("makes the last word a prefix unless the query ends with a separator", () => {
    expect(planQuery("心理 咨").groups.map((g) => g.word?.prefix)).toEqual([false, true]);
    expect(planQuery("心理 咨 ").groups.map((g) => g.word?.prefix)).toEqual([false, false]);
  });

  it("turns synonym phrases into one group with every member as an alternative", () => {
    const p = planQuery("eap 讲座");
    expect(p.groups).toHaveLength(2);
    expect(p.groups[0].synonym).toBe(true);
    expect(p.groups[0].alts).toEqual([
      { kind: "phrase", tokens: ["心理", "疏导"] },
      { kind: "term", text: "心理咨询", prefix: false },
      { kind: "term", text: "eap", prefix: false },
    ]);
    // Latin synonyms only on word boundaries
    expect(planQuery("leap").groups[0].synonym).toBe(false);
  });

  it("keeps at most 10 words", () => {
    expect(planQuery("a b c d e f g h i j k l").groups).toHaveLength(10);
  });
});

describe("typos", () => {
  it("allows 1 typo from 5 characters and 2 from 9", () => {
    expect(typoBudget("abcd")).toBe(0);
    expect(typoBudget("abcde")).toBe(1);
    expect(typoBudget("abcdefgh")).toBe(1);
    expect(typoBudget("abcdefghi")).toBe(2);
  });

  it("counts edits, transpositions as one, a first-letter typo as two", () => {
    expect(typoDistance("stress", "stress", 1)).toBe(0);
    expect(typoDistance("strass", "stress", 1)).toBe(1);
    expect(typoDistance("sterss", "stress", 1)).toBe(1); // transposition
    expect(typoDistance("strss", "stress", 1)).toBe(1);
    expect(typoDistance("strasss", "stress", 1)).toBeNull();
    expect(typoDistance("xtress", "stress", 1)).toBeNull(); // first letter needs a budget of 2
    expect(typoDistance("xounseling", "counseling", 2)).toBe(2);
    expect(typoDistance("xounselinq", "counseling", 2)).toBeNull();
    expect(typoDistance("mindfalnes", "mindfulness", 2)).toBe(2);
  });

  it("measures a prefix query against the closest prefix of a term", () => {
    expect(typoDistance("mindfal", "mindfulness", 1, true)).toBe(1);
    expect(typoDistance("mindful", "mindfulness", 1, true)).toBe(0);
    expect(typoDistance("mandfal", "mindfulness", 1, true)).toBeNull();
  });
});

describe("highlight", () => {
  const terms = (exact: string[], prefixes: string[] = []) => ({ exact: new Set(exact), prefixes: new Set(prefixes) });

  it("marks Han sub-strings and whole Latin words, escaping the rest", () => {
    expect(highlight("待处理 <script>", terms(["处理"]))).toBe("待<mark>处理</mark> &lt;script&gt;");
    expect(highlight("Counselling & co", terms(["counselling"]))).toBe("<mark>Counselling</mark> &amp; co");
    expect(highlight("Mindfulness", terms([], ["mindf"]))).toBe("<mark>Mindf</mark>ulness");
    expect(highlight("mindset", terms(["mind"]))).toBe("mindset");
  });

  it("maps offsets back through full-width normalization", () => {
    expect(highlight("ＥＡＰ服务", terms(["eap"]))).toBe("<mark>ＥＡＰ</mark>服务");
    expect(matchSpans("ａ处理", terms(["处理"]))).toEqual([[1, 3]]);
  });

  it("crops long text around the first match", () => {
    const text = "甲".repeat(100) + "心理咨询" + "乙".repeat(100);
    const out = highlight(text, terms(["心理"]), 30);
    expect(out.startsWith("…")).toBe(true);
    expect(out.endsWith("…")).toBe(true);
    expect(out).toContain("<mark>心理</mark>咨询");
    expect(out.replace(/<\/?mark>|…/g, "")).toHaveLength(30);
    expect(highlight("短文本", terms(["心理"]), 30)).toBe("短文本");
  });
});
