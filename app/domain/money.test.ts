import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_BUDGET_FEN, MoneyParseError, fenToChineseCapital, fenToYuanInput, formatFen, parseYuanToFen, tryParseYuanToFen } from "./money";

describe("parseYuanToFen", () => {
  it.each([
    ["12800", 1_280_000],
    ["12,800", 1_280_000],
    ["12,800.50", 1_280_050],
    ["12800.5", 1_280_050],
    ["0.01", 1],
    ["0", 0],
    ["007", 700],
    [" ¥ 12,800.00 ", 1_280_000],
    ["￥12800", 1_280_000],
    ["１２８００元", 1_280_000],
    ["12，800。50", 1_280_050],
    ["1,234,567.89", 123_456_789],
    ["20000000", MAX_BUDGET_FEN],
    ["0.1", 10],
    ["0.29", 29], // would be 28.999999999999996 with floats
    ["19.99", 1999],
    ["1.005".slice(0, 4), 100],
  ])("%s → %i fen", (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each(["", "   ", "abc", "12.345", "1e5", "-5", "+5", "12,80", "1,2345", ",123", "12..3", "12.", ".5", "1 2 3 4x", "0x10", "Infinity", "NaN"])(
    "rejects %j",
    (input) => {
      const r = tryParseYuanToFen(input);
      expect(r.ok).toBe(false);
      expect(() => parseYuanToFen(input)).toThrow(MoneyParseError);
    },
  );

  it("names the problem with an i18n key", () => {
    expect(tryParseYuanToFen("")).toEqual({ ok: false, code: "error.required" });
    expect(tryParseYuanToFen(undefined)).toEqual({ ok: false, code: "error.required" });
    expect(tryParseYuanToFen("12.345")).toEqual({ ok: false, code: "error.money.format" });
    expect(tryParseYuanToFen("99999999999999")).toEqual({ ok: false, code: "error.money.tooLarge" });
  });

  it("round-trips every amount through formatFen and fenToYuanInput", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_00 }), (fen) => {
        expect(parseYuanToFen(formatFen(fen))).toBe(fen);
        expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen);
      }),
    );
  });
});

describe("formatFen", () => {
  it.each([
    [1_280_000, "¥12,800.00"],
    [0, "¥0.00"],
    [1, "¥0.01"],
    [10, "¥0.10"],
    [99, "¥0.99"],
    [100_000, "¥1,000.00"],
    [123_456_789, "¥1,234,567.89"],
    [MAX_BUDGET_FEN, "¥20,000,000.00"],
    [-1200, "-¥12.00"],
  ])("%i → %s", (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it("can leave the symbol out", () => {
    expect(formatFen(1_280_050, { symbol: false })).toBe("12,800.50");
  });

  it("refuses non-integers", () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
  });
});

describe("fenToChineseCapital (人民币大写)", () => {
  it.each([
    [0, "零元整"],
    [1, "壹分"],
    [10, "壹角整"],
    [50, "伍角整"],
    [55, "伍角伍分"],
    [100, "壹元整"],
    [1000, "壹拾元整"],
    [1500, "壹拾伍元整"],
    [10_000, "壹佰元整"],
    [10_100, "壹佰零壹元整"],
    [1_280_000, "壹万贰仟捌佰元整"],
    [1_000_000, "壹万元整"],
    [1_000_500, "壹万零伍元整"],
    [1_050_000, "壹万零伍佰元整"],
    [101_000, "壹仟零壹拾元整"],
    [11_000_000, "壹拾壹万元整"],
    [10_050_000, "壹拾万零伍佰元整"],
    [10_700_053, "壹拾万柒仟元零伍角叁分"], // 支付结算办法 example ¥107,000.53
    [168_032, "壹仟陆佰捌拾元零叁角贰分"], // example ¥1,680.32 (first form)
    [168_132, "壹仟陆佰捌拾壹元叁角贰分"],
    [1_000_050, "壹万元零伍角整"],
    [32_504, "叁佰贰拾伍元零肆分"], // example ¥325.04 (the 零 is required)
    [600_714, "陆仟零柒元壹角肆分"], // example ¥6,007.14
    [1_640_902, "壹万陆仟肆佰零玖元零贰分"], // example ¥16,409.02
    [10_000_000_000, "壹亿元整"],
    [10_001_000_000, "壹亿零壹万元整"],
    [10_100_000_000, "壹亿零壹佰万元整"],
    [10_000_000_100, "壹亿零壹元整"],
    [MAX_BUDGET_FEN, "贰仟万元整"],
    [123_456_789_012, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹角贰分"],
    [123_456_789_112, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾壹元壹角贰分"],
    [100_000_001, "壹佰万元零壹分"],
    [-1_280_000, "负壹万贰仟捌佰元整"],
  ])("%i → %s", (fen, text) => {
    expect(fenToChineseCapital(fen)).toBe(text);
  });

  it("never writes two 零 in a row, never ends a number with 零, uses 整 only after 元/角", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999_999 }), (fen) => {
        const s = fenToChineseCapital(fen);
        expect(s).not.toMatch(/零零/);
        expect(s).not.toMatch(/零[元万亿整]/);
        expect(s).toMatch(/(元整|角整|分)$/);
        if (fen % 10 !== 0) expect(s.endsWith("分")).toBe(true);
      }),
    );
  });

  it("refuses amounts of a trillion yuan or more, and non-integers", () => {
    expect(() => fenToChineseCapital(100_000_000_000_000)).toThrow(RangeError);
    expect(() => fenToChineseCapital(0.5)).toThrow(RangeError);
  });
});
