// Money is integer fen (分) everywhere. Never floats: user input is parsed as a string.
// Pure functions, safe in the browser.

/** Largest budget a project may carry: ¥20,000,000.00. */
export const MAX_BUDGET_FEN = 20_000_000_00;

export type ParseYuanResult = { ok: true; fen: number } | { ok: false; code: "error.required" | "error.money.format" | "error.money.tooLarge" };

// digits with optional thousands groups (ASCII or full-width comma), optional 1–2 decimals.
const PLAIN = /^(\d+)(?:\.(\d{1,2}))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

function normalizeInput(raw: string): string {
  return (
    raw
      .normalize("NFKC") // full-width digits, comma, full stop, ￥ → ASCII / ¥
      .replace(/[\s\u00a0]/g, "")
      .replace(/^(?:¥|RMB|CNY|人民币)/i, "")
      .replace(/元$/, "")
      .replace(/。/g, ".")
  );
}

/**
 * Parses an amount in yuan as typed by a user ("12800", "12,800.50", "¥12,800", "１２８００元") to
 * integer fen. Thousands separators must sit on 3-digit groups; at most 2 decimals; no sign, no
 * exponent. Amounts above 10^13 yuan are refused (far beyond any budget).
 */
export function tryParseYuanToFen(raw: string | null | undefined): ParseYuanResult {
  if (raw === null || raw === undefined) return { ok: false, code: "error.required" };
  const s = normalizeInput(String(raw));
  if (s === "") return { ok: false, code: "error.required" };
  const m = PLAIN.exec(s) ?? GROUPED.exec(s);
  if (!m) return { ok: false, code: "error.money.format" };
  const intDigits = m[1].replace(/,/g, "").replace(/^0+(?=\d)/, "");
  if (intDigits.length > 13) return { ok: false, code: "error.money.tooLarge" };
  const dec = (m[2] ?? "").padEnd(2, "0");
  const fen = Number(intDigits) * 100 + Number(dec);
  if (!Number.isSafeInteger(fen)) return { ok: false, code: "error.money.tooLarge" };
  return { ok: true, fen };
}

export class MoneyParseError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.name = "MoneyParseError";
    this.code = code;
  }
}

/** Like tryParseYuanToFen, but throws a MoneyParseError (message = i18n key) on bad input. */
export function parseYuanToFen(raw: string): number {
  const r = tryParseYuanToFen(raw);
  if (!r.ok) throw new MoneyParseError(r.code);
  return r.fen;
}

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 1280000 → "¥12,800.00"; negative amounts → "-¥12.00". */
export function formatFen(fen: number, options: { symbol?: boolean } = {}): string {
  assertFen(fen);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const symbol = options.symbol === false ? "" : "¥";
  return `${sign}${symbol}${groupThousands(String(yuan))}.${String(cents).padStart(2, "0")}`;
}

/** Fen → the plain yuan string a form input shows back ("12800.5" → "12800.50"). */
export function fenToYuanInput(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const CN_DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const CN_UNITS = ["", "拾", "佰", "仟"];
const CN_GROUPS = ["", "万", "亿"];

/** Integer yuan (< 10^12) → 大写 without the 元 suffix, following the 支付结算办法 zero rules. */
function integerToCapital(n: number): string {
  const digits = String(n);
  const len = digits.length;
  let out = "";
  let zero = false;
  for (let i = 0; i < len; i++) {
    const pos = len - 1 - i; // position from the right, 0 = 元 digit
    const d = digits.charCodeAt(i) - 48;
    const unit = pos % 4;
    const group = Math.floor(pos / 4);
    if (d === 0) {
      if (out !== "") zero = true;
    } else {
      if (zero) out += "零";
      zero = false;
      out += CN_DIGITS[d] + CN_UNITS[unit];
    }
    if (unit === 0 && group > 0) {
      // The group label is written when the group (4 digits) has any non-zero digit.
      const groupDigits = digits.slice(Math.max(0, i - 3), i + 1);
      if (/[1-9]/.test(groupDigits)) {
        out += CN_GROUPS[group];
        // 万位 is 0 but 千位 is not: one 零 may be written or left out; we leave it out
        // (¥107,000 → 壹拾万柒仟). Zeros inside the next group still produce a 零.
        zero = false;
      }
    }
  }
  return out;
}

/**
 * 人民币大写 (Chinese financial capital numerals) for an amount in fen.
 * 1280000 → "壹万贰仟捌佰元整"; 32504 → "叁佰贰拾伍元零肆分"; 50 → "伍角整"; 0 → "零元整".
 * Rules (中国人民银行《支付结算办法》附件): 整 after 元 or 角, none after 分; a zero 元位 or 角位
 * before non-zero decimals is written as one 零; runs of zeros inside the number become one 零.
 */
export function fenToChineseCapital(fen: number): string {
  assertFen(fen);
  if (fen < 0) return `负${fenToChineseCapital(-fen)}`;
  const yuan = Math.floor(fen / 100);
  if (yuan >= 1e12) throw new RangeError("amount too large for 大写 conversion");
  const jiao = Math.floor(fen / 10) % 10;
  const fenDigit = fen % 10;
  if (fen === 0) return "零元整";
  let out = yuan > 0 ? `${integerToCapital(yuan)}元` : "";
  if (jiao === 0 && fenDigit === 0) return `${out}整`;
  // 元位 is 0 (or 角 is 0) between a non-zero amount and the decimals: write one 零, as the
  // standard's first form does (¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分, ¥325.04 → 叁佰贰拾伍元零肆分).
  if (yuan > 0 && (jiao === 0 || yuan % 10 === 0)) out += "零";
  if (jiao > 0) out += `${CN_DIGITS[jiao]}角`;
  if (fenDigit > 0) out += `${CN_DIGITS[fenDigit]}分`;
  else out += "整";
  return out;
}
