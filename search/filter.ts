// Meilisearch filter syntax: parser (→ AST), validation against an attribute whitelist, canonical
// serializer (what the Meilisearch adapter actually sends), and safe builders for code that puts user
// values into filters.
//
// Grammar (Meilisearch's, minus geo and the experimental CONTAINS / STARTS WITH):
//   filter   = expr EOF
//   expr     = and ("OR" and)*
//   and      = not ("AND" not)*
//   not      = "NOT" not | primary
//   primary  = "(" expr ")"
//            | attr ("=" | "!=" | ">" | ">=" | "<" | "<=") value
//            | attr ["NOT"] "IN" "[" [value ("," value)* [","]] "]"
//            | attr value "TO" value
//            | attr ["NOT"] "EXISTS" | attr "IS" ["NOT"] ("NULL" | "EMPTY")
//   value    = word | "double quoted" | 'single quoted'   (backslash escapes the quote and itself)
//   word     = (letter | digit | "_" | "-" | ".")+
// Keywords are upper case, as in Meilisearch.
import type { AttrType } from "./settings";
import { SearchInputError } from "./port";

export type CmpOp = "=" | "!=" | ">" | ">=" | "<" | "<=";

export type FilterNode =
  | { type: "and"; children: FilterNode[] }
  | { type: "or"; children: FilterNode[] }
  | { type: "not"; child: FilterNode }
  | { type: "cmp"; attr: string; op: CmpOp; value: string }
  | { type: "in"; attr: string; values: string[] }
  | { type: "range"; attr: string; from: string; to: string }
  | { type: "exists"; attr: string }
  | { type: "null"; attr: string }
  | { type: "empty"; attr: string };

export class FilterError extends SearchInputError {
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(position === undefined ? message : `${message} (at ${position})`, "search.invalidFilter");
    this.name = "FilterError";
  }
}

export const MAX_FILTER_LENGTH = 4096;
const MAX_DEPTH = 64;

type Tok =
  | { k: "punct"; v: "(" | ")" | "[" | "]" | ","; pos: number }
  | { k: "op"; v: CmpOp; pos: number }
  | { k: "word"; v: string; pos: number }
  | { k: "str"; v: string; pos: number };

const WORD_CHAR = /[\p{L}\p{N}\p{M}_\-.]/u;
const KEYWORDS = new Set(["AND", "OR", "NOT", "IN", "TO", "EXISTS", "IS", "NULL", "EMPTY"]);

function lex(input: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i];
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === "[" || c === "]" || c === ",") {
      toks.push({ k: "punct", v: c, pos: i });
      i++;
      continue;
    }
    if (c === "=") {
      toks.push({ k: "op", v: "=", pos: i });
      i++;
      continue;
    }
    if (c === "!") {
      if (input[i + 1] !== "=") throw new FilterError("expected '!='", i);
      toks.push({ k: "op", v: "!=", pos: i });
      i += 2;
      continue;
    }
    if (c === ">" || c === "<") {
      const eq = input[i + 1] === "=";
      toks.push({ k: "op", v: (eq ? `${c}=` : c) as CmpOp, pos: i });
      i += eq ? 2 : 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let v = "";
      i++;
      for (;;) {
        if (i >= n) throw new FilterError("unterminated string", start);
        const d = input[i];
        if (d === "\\" && i + 1 < n && (input[i + 1] === c || input[i + 1] === "\\")) {
          v += input[i + 1];
          i += 2;
          continue;
        }
        if (d === c) {
          i++;
          break;
        }
        v += d;
        i++;
      }
      toks.push({ k: "str", v, pos: start });
      continue;
    }
    if (WORD_CHAR.test(c)) {
      const start = i;
      while (i < n && WORD_CHAR.test(input[i])) i++;
      toks.push({ k: "word", v: input.slice(start, i), pos: start });
      continue;
    }
    throw new FilterError(`unexpected character '${c}'`, i);
  }
  return toks;
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly inputLength: number,
  ) {}

  private peek(offset = 0): Tok | undefined {
    return this.toks[this.i + offset];
  }
  private pos(): number {
    return this.peek()?.pos ?? this.inputLength;
  }
  private isKw(t: Tok | undefined, kw: string): boolean {
    return !!t && t.k === "word" && t.v === kw;
  }
  private expectPunct(p: string): void {
    const t = this.peek();
    if (!t || t.k !== "punct" || t.v !== p) throw new FilterError(`expected '${p}'`, this.pos());
    this.i++;
  }

  parse(): FilterNode {
    const node = this.expr(0);
    if (this.i < this.toks.length) throw new FilterError("unexpected input", this.pos());
    return node;
  }

  private expr(depth: number): FilterNode {
    if (depth > MAX_DEPTH) throw new FilterError("filter nested too deeply", this.pos());
    const children = [this.and(depth + 1)];
    while (this.isKw(this.peek(), "OR")) {
      this.i++;
      children.push(this.and(depth + 1));
    }
    return children.length === 1 ? children[0] : { type: "or", children };
  }

  private and(depth: number): FilterNode {
    const children = [this.not(depth + 1)];
    while (this.isKw(this.peek(), "AND")) {
      this.i++;
      children.push(this.not(depth + 1));
    }
    return children.length === 1 ? children[0] : { type: "and", children };
  }

  private not(depth: number): FilterNode {
    if (depth > MAX_DEPTH) throw new FilterError("filter nested too deeply", this.pos());
    if (this.isKw(this.peek(), "NOT")) {
      this.i++;
      const child = this.not(depth + 1);
      return child.type === "not" ? child.child : { type: "not", child };
    }
    return this.primary(depth + 1);
  }

  private value(): string {
    const t = this.peek();
    if (!t) throw new FilterError("expected a value", this.pos());
    if (t.k === "str") {
      this.i++;
      return t.v;
    }
    if (t.k === "word" && !KEYWORDS.has(t.v)) {
      this.i++;
      return t.v;
    }
    throw new FilterError("expected a value", t.pos);
  }

  private primary(depth: number): FilterNode {
    const t = this.peek();
    if (!t) throw new FilterError("expected a condition", this.pos());
    if (t.k === "punct" && t.v === "(") {
      this.i++;
      const node = this.expr(depth + 1);
      this.expectPunct(")");
      return node;
    }
    const attr = this.value();
    const next = this.peek();
    if (!next) throw new FilterError("expected an operator", this.pos());
    if (next.k === "op") {
      this.i++;
      return { type: "cmp", attr, op: next.v, value: this.value() };
    }
    if (this.isKw(next, "IN")) {
      this.i++;
      return { type: "in", attr, values: this.list() };
    }
    if (this.isKw(next, "NOT")) {
      const after = this.peek(1);
      if (this.isKw(after, "IN")) {
        this.i += 2;
        return { type: "not", child: { type: "in", attr, values: this.list() } };
      }
      if (this.isKw(after, "EXISTS")) {
        this.i += 2;
        return { type: "not", child: { type: "exists", attr } };
      }
      throw new FilterError("expected 'IN' or 'EXISTS' after 'NOT'", after?.pos ?? this.inputLength);
    }
    if (this.isKw(next, "EXISTS")) {
      this.i++;
      return { type: "exists", attr };
    }
    if (this.isKw(next, "IS")) {
      this.i++;
      let negate = false;
      if (this.isKw(this.peek(), "NOT")) {
        this.i++;
        negate = true;
      }
      const what = this.peek();
      let node: FilterNode;
      if (this.isKw(what, "NULL")) node = { type: "null", attr };
      else if (this.isKw(what, "EMPTY")) node = { type: "empty", attr };
      else throw new FilterError("expected 'NULL' or 'EMPTY'", what?.pos ?? this.inputLength);
      this.i++;
      return negate ? { type: "not", child: node } : node;
    }
    // attr from TO to
    const from = this.value();
    if (!this.isKw(this.peek(), "TO")) throw new FilterError("expected an operator", this.pos());
    this.i++;
    return { type: "range", attr, from, to: this.value() };
  }

  private list(): string[] {
    this.expectPunct("[");
    const values: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t && t.k === "punct" && t.v === "]") {
        this.i++;
        return values;
      }
      values.push(this.value());
      const sep = this.peek();
      if (sep && sep.k === "punct" && sep.v === ",") {
        this.i++;
        continue;
      }
      this.expectPunct("]");
      return values;
    }
  }
}

/** The attributes a filter refers to. */
export function filterAttributes(node: FilterNode, out = new Set<string>()): Set<string> {
  switch (node.type) {
    case "and":
    case "or":
      node.children.forEach((c) => filterAttributes(c, out));
      break;
    case "not":
      filterAttributes(node.child, out);
      break;
    default:
      out.add(node.attr);
  }
  return out;
}

function isNumeric(v: string): boolean {
  return v.trim() !== "" && Number.isFinite(Number(v));
}

/** Rejects unknown attributes and operators that make no sense for an attribute's type. */
export function validateFilter(node: FilterNode, allowed: Readonly<Record<string, AttrType>>): void {
  const walk = (n: FilterNode): void => {
    switch (n.type) {
      case "and":
      case "or":
        n.children.forEach(walk);
        return;
      case "not":
        walk(n.child);
        return;
    }
    const type = Object.prototype.hasOwnProperty.call(allowed, n.attr) ? allowed[n.attr] : undefined;
    if (!type) throw new FilterError(`attribute '${n.attr}' is not filterable`);
    if (n.type === "cmp" && n.op !== "=" && n.op !== "!=") {
      if (type !== "number") throw new FilterError(`'${n.op}' needs a numeric attribute, '${n.attr}' is not`);
      if (!isNumeric(n.value)) throw new FilterError(`'${n.op}' needs a number, got '${n.value}'`);
    }
    if (n.type === "range") {
      if (type !== "number") throw new FilterError(`'TO' needs a numeric attribute, '${n.attr}' is not`);
      if (!isNumeric(n.from) || !isNumeric(n.to)) throw new FilterError("'TO' needs numbers");
    }
  };
  walk(node);
}

/**
 * Parses a Meilisearch filter string. Returns null for an empty filter. With `allowed`, attributes
 * are checked against the whitelist. Throws FilterError (a SearchInputError, status 400).
 */
export function parseFilter(input: string | null | undefined, allowed?: Readonly<Record<string, AttrType>>): FilterNode | null {
  if (input == null || input.trim() === "") return null;
  if (input.length > MAX_FILTER_LENGTH) throw new FilterError(`filter longer than ${MAX_FILTER_LENGTH} characters`);
  const node = new Parser(lex(input), input.length).parse();
  if (allowed) validateFilter(node, allowed);
  return node;
}

// ---------- serializing and building ----------

const ATTR_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function assertAttr(attr: string): string {
  if (!ATTR_RE.test(attr)) throw new FilterError(`invalid attribute name '${attr}'`);
  return attr;
}

/** Escapes a string for use between double quotes in a Meilisearch filter (`\` and `"`). */
export function escapeFilterString(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`);
}

/** A filter value literal: numbers/booleans bare, strings double-quoted and escaped. */
export function quoteFilterValue(value: string | number | boolean): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new FilterError("filter numbers must be finite");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  return `"${escapeFilterString(String(value))}"`;
}

const attrLit = (attr: string) => (ATTR_RE.test(attr) ? attr : quoteFilterValue(attr));
const valueLit = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : quoteFilterValue(v));

/** Canonical text of an AST: every value quoted, every compound parenthesized. */
export function serializeFilter(node: FilterNode): string {
  switch (node.type) {
    case "and":
    case "or":
      return node.children.map((c) => `(${serializeFilter(c)})`).join(node.type === "and" ? " AND " : " OR ");
    case "not":
      return `NOT (${serializeFilter(node.child)})`;
    case "cmp":
      return `${attrLit(node.attr)} ${node.op} ${valueLit(node.value)}`;
    case "in":
      return `${attrLit(node.attr)} IN [${node.values.map(valueLit).join(", ")}]`;
    case "range":
      return `${attrLit(node.attr)} ${valueLit(node.from)} TO ${valueLit(node.to)}`;
    case "exists":
      return `${attrLit(node.attr)} EXISTS`;
    case "null":
      return `${attrLit(node.attr)} IS NULL`;
    case "empty":
      return `${attrLit(node.attr)} IS EMPTY`;
  }
}

type Scalar = string | number | boolean;

/** `attr = "value"` with the value escaped. */
export function filterEq(attr: string, value: Scalar): string {
  return `${assertAttr(attr)} = ${quoteFilterValue(value)}`;
}

/** `attr != "value"` with the value escaped. */
export function filterNe(attr: string, value: Scalar): string {
  return `${assertAttr(attr)} != ${quoteFilterValue(value)}`;
}

/** `attr IN ["a", "b"]` with every value escaped; an empty list matches nothing. */
export function filterIn(attr: string, values: readonly Scalar[]): string {
  return `${assertAttr(attr)} IN [${values.map(quoteFilterValue).join(", ")}]`;
}

/** `attr >= 10` etc.; numbers only. */
export function filterCmp(attr: string, op: CmpOp, value: number): string {
  if (!["=", "!=", ">", ">=", "<", "<="].includes(op)) throw new FilterError(`invalid operator '${op}'`);
  return `${assertAttr(attr)} ${op} ${quoteFilterValue(value)}`;
}

/** `attr from TO to` (inclusive); numbers only. */
export function filterRange(attr: string, from: number, to: number): string {
  return `${assertAttr(attr)} ${quoteFilterValue(from)} TO ${quoteFilterValue(to)}`;
}

type Part = string | null | undefined | false;

function combine(type: "and" | "or", parts: Part[]): string {
  // Each part must be a complete filter on its own: text such as `x = "1") OR (y = "2"` would
  // otherwise balance the parentheses around it and escape the conjunction.
  const nodes = parts.filter((p): p is string => !!p && p.trim() !== "").map((p) => parseFilter(p) as FilterNode);
  if (nodes.length === 0) return "";
  if (nodes.length === 1) return serializeFilter(nodes[0]);
  return serializeFilter({ type, children: nodes });
}

/**
 * Joins filters with AND. Each part is parsed on its own (a malformed part throws FilterError) and
 * the result is re-serialized, so no part can break out of its parentheses.
 */
export function filterAnd(...parts: Part[]): string {
  return combine("and", parts);
}

/** Joins filters with OR; each part is parsed on its own, as for filterAnd. */
export function filterOr(...parts: Part[]): string {
  return combine("or", parts);
}

export function filterNot(part: string): string {
  return serializeFilter({ type: "not", child: parseFilter(part) as FilterNode });
}
