// Conform's parseWithZod, hardened against a forged form control. Conform reads its reserved fields
// `__intent__` (list add / remove / move buttons, validate, reset) and `__state__` as JSON and applies
// them to the payload; a value that is not JSON, names an unknown intent or points a list intent at a
// non-list makes it THROW, which an action turns into a 500. A browser never sends such a value, so
// here the form is parsed without its control fields and the submission is always an "error": the
// field errors (or, when the fields are valid, the form error "error.invalidInput") with the user's
// input kept. Nothing is saved, and actions answer 400 as for any invalid form.
// Used on both the server (actions) and the client (onValidate): import it instead of @conform-to/zod's.
import { parseWithZod as conformParseWithZod } from "@conform-to/zod";

const INTENT = "__intent__";
const STATE = "__state__";

function withoutControls(payload: FormData | URLSearchParams): FormData | URLSearchParams {
  const clean = payload instanceof URLSearchParams ? new URLSearchParams() : new FormData();
  for (const [name, value] of payload.entries()) {
    if (name === INTENT || name === STATE) continue;
    clean.append(name, value as string);
  }
  return clean;
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
