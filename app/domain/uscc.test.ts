import { describe, expect, it } from "vitest";
import {
  USCC_ALPHABET,
  isValidUscc,
  makeUscc,
  normalizeUscc,
  orgCodeCheckChar,
  parseUscc,
  validateUscc,
} from "./uscc";

// Real-format codes, each checked against the algorithm (pos-18 check character).
const VALID = [
  "91350100M000100Y43", // example in GB 32100 documentation
  "91110000600037341L", // python-stdnum's doctest example
  "91110108551385082Q",
  "914403001922038216",
  "91440300708461136T",
  "91110000802100433B",
];

describe("validateUscc", () => {
  it.each(VALID)("accepts %s", (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
  });

  it("rejects codes with a wrong check character", () => {
    // 91110000100000000X looks plausible but its check character should be R.
    expect(validateUscc("91110000100000000X")).toEqual({ ok: false, code: "error.uscc.checksum" });
    expect(validateUscc("91110000100000000R").ok).toBe(true);
    // Every other final character of a valid body is a checksum error.
    const body = "91350100M000100Y4";
    for (const ch of USCC_ALPHABET) {
      const r = validateUscc(body + ch);
      if (ch === "3") expect(r.ok).toBe(true);
      else expect(r).toEqual({ ok: false, code: "error.uscc.checksum" });
    }
  });

  it("detects single-character substitutions and adjacent transpositions", () => {
    const code = "91350100M000100Y43";
    for (let i = 0; i < 17; i++) {
      for (const ch of USCC_ALPHABET) {
        if (ch === code[i]) continue;
        if (i >= 2 && i < 8 && !/\d/.test(ch)) continue; // charset error, covered below
        const mutated = code.slice(0, i) + ch + code.slice(i + 1);
        expect(validateUscc(mutated).ok, mutated).toBe(false);
      }
    }
    for (let i = 0; i < 16; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(validateUscc(swapped).ok, swapped).toBe(false);
    }
  });

  it("reports length errors", () => {
    expect(validateUscc("")).toEqual({ ok: false, code: "error.uscc.length" });
    expect(validateUscc("12345")).toEqual({ ok: false, code: "error.uscc.length" });
    expect(validateUscc("91350100M000100Y4")).toEqual({ ok: false, code: "error.uscc.length" });
    expect(validateUscc("91350100M000100Y433")).toEqual({ ok: false, code: "error.uscc.length" });
  });

  it.each(["I", "O", "Z", "S", "V", "*", "中"])("reports the excluded character %s as a charset error", (ch) => {
    expect(validateUscc(`91350100M000100Y4${ch}`)).toEqual({ ok: false, code: "error.uscc.charset" });
    expect(validateUscc(`9135010${ch}M000100Y43`)).toEqual({ ok: false, code: "error.uscc.charset" });
  });

  it("requires digits for the administrative-division code (pos 3–8)", () => {
    const code = makeUscc("913501A0M000100Y4");
    expect(validateUscc(code)).toEqual({ ok: false, code: "error.uscc.charset" });
  });

  it("accepts letters in pos 1–2 (authorities A, N, Y)", () => {
    for (const body of ["Y1430100MA4L00001", "N2430102MF0000000", "A1110000MB0000000"]) {
      expect(validateUscc(makeUscc(body)).ok).toBe(true);
    }
  });

  it("normalises whitespace, case, hyphens and full-width characters", () => {
    expect(validateUscc("  91350100m000100y43 ")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(validateUscc("9135 0100 M000 100Y 43")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(validateUscc("913501-00M000100Y43")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(validateUscc("９１３５０１００Ｍ０００１００Ｙ４３")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(normalizeUscc("\u3000ｍ０\u3000")).toBe("M0");
    expect(isValidUscc("９１３５０１００ｍ０００１００ｙ４３")).toBe(true);
  });
});

describe("makeUscc", () => {
  it("computes the check character that validateUscc expects", () => {
    expect(makeUscc("91350100M000100Y4")).toBe("91350100M000100Y43");
    expect(makeUscc("91110000600037341")).toBe("91110000600037341L");
    expect(makeUscc("91110000100000000")).toBe("91110000100000000R");
  });

  it("produces valid codes for many bodies (including the 31 → 0 case)", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      const body = `5243010${n % 10}MJ${String(n).padStart(7, "0")}`;
      const code = makeUscc(body);
      expect(validateUscc(code)).toEqual({ ok: true, value: code });
      seen.add(code[17]);
    }
    expect(seen.size).toBe(31); // every check character, "0" included, occurs
  });

  it("rejects bodies of the wrong length or with invalid characters", () => {
    expect(() => makeUscc("9135")).toThrow(RangeError);
    expect(() => makeUscc("91350100M000100I4")).toThrow(RangeError);
  });
});

describe("parseUscc", () => {
  it("splits a code into its parts", () => {
    expect(parseUscc("91350100M000100Y43")).toEqual({
      value: "91350100M000100Y43",
      authority: "9",
      authorityName: "市场监督管理(工商)",
      orgType: "1",
      orgTypeName: "企业",
      divisionCode: "350100",
      orgCode: "M000100Y4",
      orgCodeCheckOk: true,
    });
    expect(parseUscc("5243010")).toBeNull();
    expect(parseUscc("91110000100000000X")).toBeNull();
  });

  it("reports the GB 11714 organization-code check as information only", () => {
    expect(orgCodeCheckChar("60003734")).toBe("1");
    expect(orgCodeCheckChar("M000100Y")).toBe("4");
    const good = orgCodeCheckChar("MJJ00000");
    const bad = good === "1" ? "2" : "1";
    const code = makeUscc(`52430100MJJ00000${bad}`); // valid USCC, wrong GB 11714 check at pos 17
    expect(validateUscc(code).ok).toBe(true);
    const parts = parseUscc(code);
    expect(parts?.authorityName).toBe("民政");
    expect(parts?.orgTypeName).toBe("民办非企业单位(社会服务机构)");
    expect(parts?.orgCodeCheckOk).toBe(false);
    expect(parseUscc(makeUscc(`52430100MJJ00000${good}`))?.orgCodeCheckOk).toBe(true);
  });
});
