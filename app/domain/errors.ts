// Rule violations raised by domain code. Carries an HTTP status (4xx) and an i18n message key, so a
// route can turn it into a field error or an error page in the user's language. Framework-free.

export type ErrorParams = Record<string, string | number>;

export interface DomainErrorOptions {
  params?: ErrorParams;
  /** The form field the error belongs to (e.g. "email"), when it is a field-level error. */
  field?: string;
}

export class DomainError extends Error {
  readonly status: number;
  /** i18n key, e.g. "error.auth.invalid". */
  readonly code: string;
  readonly params?: ErrorParams;
  readonly field?: string;

  constructor(status: number, code: string, options: DomainErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 499) {
      throw new RangeError(`DomainError status must be 4xx, got ${status}`);
    }
    super(code);
    this.name = "DomainError";
    this.status = status;
    this.code = code;
    if (options.params) this.params = options.params;
    if (options.field) this.field = options.field;
  }

  /** Plain JSON shape for responses: `{ code, params?, field? }`. */
  toJSON(): { code: string; params?: ErrorParams; field?: string } {
    return {
      code: this.code,
      ...(this.params ? { params: this.params } : {}),
      ...(this.field ? { field: this.field } : {}),
    };
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

export function notFound(code = "error.notFound"): DomainError {
  return new DomainError(404, code);
}

export function forbidden(code = "error.forbidden"): DomainError {
  return new DomainError(403, code);
}

export function unauthorized(code = "error.unauthorized"): DomainError {
  return new DomainError(401, code);
}

export function conflict(code: string, field?: string, params?: ErrorParams): DomainError {
  return new DomainError(409, code, { field, params });
}

export function badRequest(code: string, field?: string, params?: ErrorParams): DomainError {
  return new DomainError(400, code, { field, params });
}

export function tooManyRequests(code = "error.rateLimited", params?: ErrorParams): DomainError {
  return new DomainError(429, code, { params });
}
