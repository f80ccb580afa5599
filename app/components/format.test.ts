import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatFen } from "./format";

describe("formatFen", () => {
  it("formats integer fen as yuan with grouping", () => {
    expect(formatFen(1280000)).toBe("¥12,800.00");
    expect(formatFen(0)).toBe("¥0.00");
    expect(formatFen(5)).toBe("¥0.05");
    expect(formatFen(99)).toBe("¥0.99");
    expect(formatFen(100)).toBe("¥1.00");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
    expect(formatFen(100000000000)).toBe("¥1,000,000,000.00");
  });

  it("handles negatives", () => {
    expect(formatFen(-5)).toBe("-¥0.05");
    expect(formatFen(-1280000)).toBe("-¥12,800.00");
  });

  it("is exact for large safe integers (no float rounding)", () => {
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe("¥90,071,992,547,409.91");
  });

  it("rejects non-integers", () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
  });
});

describe("formatDateTime / formatDate (Asia/Shanghai)", () => {
  it("shows Shanghai wall time whatever the process time zone", () => {
    const d = new Date("2026-03-05T16:30:00Z"); // 00:30 next day in Shanghai
    expect(formatDateTime(d, "zh-CN")).toBe("2026/03/06 00:30");
    expect(formatDateTime(d, "en")).toBe("06 Mar 2026, 00:30");
    expect(formatDate(d, "zh-CN")).toBe("2026/03/06");
    expect(formatDate(d, "en")).toBe("06 Mar 2026");
  });

  it("accepts ISO strings and timestamps; empty for invalid", () => {
    expect(formatDateTime("2026-01-01T00:00:00Z", "zh-CN")).toBe("2026/01/01 08:00");
    expect(formatDateTime(Date.UTC(2026, 0, 1, 4, 5), "zh-CN")).toBe("2026/01/01 12:05");
    expect(formatDateTime("not a date", "en")).toBe("");
  });
});
