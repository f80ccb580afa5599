// Input hygiene shared by the broker routes: query parameters and form values are checked before
// they reach the database. PostgreSQL refuses NUL characters in text (a 500 otherwise), and codes /
// ids have a known shape, so anything else is ignored (query) or a 400 (form).
import { errorResponse } from "~/auth/guards.server";

const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** A code-like query parameter (district, category, state, id), or undefined when absent or malformed. */
export function codeParam(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name)?.trim();
  return v && CODE.test(v) ? v : undefined;
}

/** A free-text query parameter without control characters, at most `max` characters. */
export function textParam(url: URL, name: string, max = 100): string | undefined {
  const v = url.searchParams
    .get(name)
    ?.replace(/[\u0000-\u001f\u007f]/g, " ")
    .trim()
    .slice(0, max);
  return v ? v : undefined;
}

/** Every value of a repeated id parameter that looks like an id (at most `limit`). */
export function idParams(url: URL, name: string, limit = 50): string[] {
  return url.searchParams
    .getAll(name)
    .filter((x) => CODE.test(x))
    .slice(0, limit);
}

/** Route param :id, or a 404. */
export function idParamOr404(raw: string | undefined): string {
  if (!raw || !CODE.test(raw)) throw errorResponse(404, "error.notFound");
  return raw;
}

/** A form with a NUL character anywhere (or a file where text is expected) is refused with 400. */
export function assertCleanForm(formData: FormData): void {
  for (const [, v] of formData.entries()) {
    if (typeof v !== "string" || v.includes("\u0000")) throw errorResponse(400, "error.invalidInput");
  }
}
