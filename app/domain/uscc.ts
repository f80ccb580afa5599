// 统一社会信用代码 (Unified Social Credit Code) per GB 32100-2015.
//
//   pos 1      registration-authority code (登记管理部门代码): 1 机构编制, 5 民政, 9 市场监管(工商), Y 其他, …
//   pos 2      organisation-type code (机构类别代码), meaning depends on pos 1 (e.g. 9→1 企业, 5→1 社会团体)
//   pos 3–8    administrative-division code of the registering authority (GB/T 2260), six digits
//   pos 9–17   subject identifier = the GB 11714 organization code (8 body chars + its own check char)
//   pos 18     check character over pos 1–17: weights 3^i mod 31, value = 31 − (Σ mod 31), 31 → 0
//
// The alphabet is the 31 characters 0-9 A-H J-N P-R T-U W-Y (no I, O, Z, S, V); a character's value is
// its index in that alphabet (A=10 … Y=30).
//
// What we enforce: length, alphabet, pos 3–8 are digits, and the pos-18 check character. We do NOT
// reject on pos 1/2 being an unknown authority/type (new authority codes have been added since 2015)
// nor on the GB 11714 check at pos 17: real, registered codes exist whose embedded organization code
// does not satisfy GB 11714, so practical validators (python-stdnum, etc.) skip it. `parseUscc` reports
// both as information.

export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export type UsccErrorCode = "error.uscc.length" | "error.uscc.charset" | "error.uscc.checksum";
export type UsccResult = { ok: true; value: string } | { ok: false; code: UsccErrorCode };

/** Registration-authority codes (pos 1), GB 32100-2015 Table 1 and later additions. */
export const USCC_AUTHORITIES: Readonly<Record<string, string>> = {
  "1": "机构编制",
  "2": "外交",
  "3": "司法行政",
  "4": "文化",
  "5": "民政",
  "6": "旅游",
  "7": "宗教",
  "8": "工会",
  "9": "市场监督管理(工商)",
  A: "中央军委改革和编制办公室",
  N: "农业",
  Y: "其他",
};

/** Organisation-type codes (pos 2) for the authorities this app meets most. */
export const USCC_ORG_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "1": { "1": "机关", "2": "事业单位", "3": "群众团体", "9": "其他" },
  "5": { "1": "社会团体", "2": "民办非企业单位(社会服务机构)", "3": "基金会", "9": "其他" },
  "8": { "1": "工会法人", "9": "其他" },
  "9": { "1": "企业", "2": "个体工商户", "3": "农民专业合作社" },
  Y: { "1": "其他" },
};

/** Trim, drop inner spaces/hyphens, full-width → half-width (NFKC), upper-case. */
export function normalizeUscc(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\s\u3000\-‐‑–—_]/g, "")
    .toUpperCase();
}

function checkCharFor(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(body17[i]);
    if (v < 0) throw new RangeError(`invalid USCC character "${body17[i]}"`);
    sum += v * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Appends the pos-18 check character to a 17-character body (normalised first). */
export function makeUscc(body17: string): string {
  const body = normalizeUscc(body17);
  if (body.length !== 17) throw new RangeError(`USCC body must be 17 characters, got ${body.length}`);
  return body + checkCharFor(body);
}

export function validateUscc(input: string): UsccResult {
  const value = normalizeUscc(String(input ?? ""));
  if (value.length !== 18) return { ok: false, code: "error.uscc.length" };
  for (const ch of value) {
    if (!USCC_ALPHABET.includes(ch)) return { ok: false, code: "error.uscc.charset" };
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { ok: false, code: "error.uscc.charset" };
  if (checkCharFor(value.slice(0, 17)) !== value[17]) return { ok: false, code: "error.uscc.checksum" };
  return { ok: true, value };
}

export function isValidUscc(input: string): boolean {
  return validateUscc(input).ok;
}

/** GB 11714 check character of an 8-character organization-code body (values: digits, A=10 … Z=35). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i];
    const v = /[0-9]/.test(ch) ? Number(ch) : /[A-Z]/.test(ch) ? ch.charCodeAt(0) - 55 : NaN;
    if (Number.isNaN(v)) throw new RangeError(`invalid organization-code character "${ch}"`);
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

export interface UsccParts {
  value: string;
  authority: string;
  authorityName: string | null;
  orgType: string;
  orgTypeName: string | null;
  divisionCode: string;
  orgCode: string;
  /** Whether pos 9–17 pass the GB 11714 check (informational only). */
  orgCodeCheckOk: boolean;
}

/** Splits a valid code into its parts (null when invalid). */
export function parseUscc(input: string): UsccParts | null {
  const r = validateUscc(input);
  if (!r.ok) return null;
  const v = r.value;
  const authority = v[0];
  const orgType = v[1];
  const orgCode = v.slice(8, 17);
  return {
    value: v,
    authority,
    authorityName: USCC_AUTHORITIES[authority] ?? null,
    orgType,
    orgTypeName: USCC_ORG_TYPES[authority]?.[orgType] ?? null,
    divisionCode: v.slice(2, 8),
    orgCode,
    orgCodeCheckOk: orgCodeCheckChar(orgCode.slice(0, 8)) === orgCode[8],
  };
}
