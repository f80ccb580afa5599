// Turning a DomainError into a Conform reply, so a rule violation shows up on the right field (or at
// the top of the form) in the user's language, with the user's other input kept.
import type { Submission, SubmissionResult } from "@conform-to/react";
import { isDomainError } from "~/domain/errors";
import { tx, type Locale } from "~/i18n";

/**
 * The reply for a DomainError, or null when `error` is not one (then rethrow it). Messages without
 * params stay i18n keys (translated by the form); messages with params are translated here.
 * `fields` are the form's field names: a DomainError naming another field becomes a form error.
 */
export function replyForDomainError(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  submission: Submission<any, string[], any>,
  error: unknown,
  locale: Locale,
  options: { hideFields?: string[]; fields?: readonly string[] } = {},
): { result: SubmissionResult<string[]>; status: number } | null {
  if (!isDomainError(error)) return null;
  const message = error.params ? tx(locale, error.code, error.params) : error.code;
  const onField = error.field && (!options.fields || options.fields.includes(error.field));
  const result = submission.reply(
    onField
      ? { fieldErrors: { [error.field as string]: [message] }, hideFields: options.hideFields }
      : { formErrors: [message], hideFields: options.hideFields },
  );
  return { result, status: error.status };
}
