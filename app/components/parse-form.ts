// Conform's parseWithZod, hardened against a forged form control. Conform reads its reserved fields
// `__intent__` (list add / remove / move buttons, validate, reset) and `__state__` as JSON and applies
// them to the payload; a value that is not JSON, names an unknown intent or points a list intent at a
// non-list makes it THROW, which an action turns into a 500. A browser never sends such a value, so
// here the form is parsed without its control fields and the submission is always an "error": the
// field errors (or, when the fields are valid, the form error "error.invalidInput") with the user's
// input kept. Nothing is saved, and actions answer 400 as for any invalid form.
// Used on both the server (actions) and the client (onValidate): import it instead of @conform-to/zod's.
//
// Huge list indexes are refused the same way. Conform builds a REAL array up to the index a field name
// (`rows[99999999].code`) or a list intent (`{"type":"update","payload":{"name":"rows","index":4294967294}}`)
// names, and zod then walks every slot: one such field took the server minutes and gigabytes (a hang,
// then a 500 / reset). A field name with an index above MAX_LIST_INDEX is dropped and the submission is
// an "error" like a forged control; so is a list intent whose name or index/from/to is out of range.
import { parseWithZod as conformParseWithZod } from "@conform-to/zod";

const INTENT = "__intent__";
const STATE = "__state__";

/** The largest list index a form may name (every list form of the app has at most a few hundred rows). */
export const MAX_LIST_INDEX = 999;

const INDEX_RE = /\[(\d+)\]/g;

/** Whether a field name (`rows[12].code`) names a list index above MAX_LIST_INDEX. */
export function hasHugeListIndex(name: string): boolean {
  for (const m of name.matchAll(INDEX_RE)) if (m[1].length > 6 || Number(m[1]) > MAX_LIST_INDEX) return true;
  return false;
}

const okIndex = (v: unknown) => v === undefined || (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_LIST_INDEX);

/** Whether a Conform intent (JSON) is one a browser could send: known type, sane name and indexes. */
function intentOk(raw: FormDataEntryValue | null): boolean {
  if (raw === null) return true;
  if (typeof raw !== "string") return false;
  let control: unknown;
  try {
    control = JSON.parse(raw);
  } catch {
    return false;
  }
  if (!control || typeof control !== "object") return false;
  const { type, payload } = control as { type?: unknown; payload?: unknown };
  if (typeof type !== "string" || !payload || typeof payload !== "object") return false;
  const p = payload as Record<string, unknown>;
  if (p.name !== undefined && (typeof p.name !== "string" || hasHugeListIndex(p.name))) return false;
  return okIndex(p.index) && okIndex(p.from) && okIndex(p.to);
}

function withoutControls(payload: FormData | URLSearchParams): FormData | URLSearchParams {
  const clean = payload instanceof URLSearchParams ? new URLSearchParams() : new FormData();
  for (const [name, value] of payload.entries()) {
    if (name === INTENT || name === STATE || hasHugeListIndex(name)) continue;
    clean.append(name, value as string);
  }
  return clean;
}

/** A payload Conform must not see as is: a huge list index in a field name or a forged list intent. */
function refused(payload: FormData | URLSearchParams): boolean {
  if (payload.getAll(INTENT).length > 1 || !intentOk(payload.get(INTENT))) return true;
  for (const name of payload.keys()) if (hasHugeListIndex(name)) return true;
  return false;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function asError(submission: any) {
  if (submission.status === "error") return submission;
  return {
    status: "error" as const,
    payload: submission.payload,
    error: { "": ["error.invalidInput"] },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    reply: (options: any = {}) => submission.reply({ ...options, formErrors: ["error.invalidInput", ...(options.formErrors ?? [])] }),
  };
}

export const parseWithZod: typeof conformParseWithZod = ((
  payload: FormData | URLSearchParams,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  options: any,
) => {
  if (refused(payload)) {
    const submission = conformParseWithZod(withoutControls(payload), options);
    if (submission instanceof Promise) return submission.then(asError);
    return asError(submission);
  }
  try {
    return conformParseWithZod(payload, options);
  } catch (e) {
    if (!payload.has(INTENT) && !payload.has(STATE)) throw e;
    const submission = conformParseWithZod(withoutControls(payload), options);
    // (async schemas: the control fields are read before validation, so a bad one threw synchronously)
    if (submission instanceof Promise) return submission.then(asError);
    return asError(submission);
  }
}) as typeof conformParseWithZod;
