// Reading a form that may carry files (need attachments, delivery evidence). Multipart bodies are parsed
// with Remix's memory upload handler, each file part capped at the upload limit and the whole body at
// MAX_FILES_PER_REQUEST files; a urlencoded body is read as usual. Failures are DomainErrors on "files".
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { MAX_UPLOAD_BYTES } from "~/domain/uploads.server";

/** Files accepted in one submission. */
export const MAX_FILES_PER_REQUEST = 5;
const ENVELOPE_BYTES = 256 * 1024;

function tooLarge(): DomainError {
  return new DomainError(413, "error.upload.tooLarge", { field: "files", params: { maxMb: Math.floor(MAX_UPLOAD_BYTES / (1024 * 1024)) } });
}

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
}

/** The request's form data, files (≤ 10 MB each) as in-memory `File`s. */
export async function readFormWithFiles(request: Request): Promise<FormData> {
  if (!isMultipart(request)) return request.formData();
  const length = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(length) && length > MAX_FILES_PER_REQUEST * MAX_UPLOAD_BYTES + ENVELOPE_BYTES) throw tooLarge();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) throw tooLarge();
    throw e;
  }
}

/** The chosen files of a file input (an empty input sends one 0-byte part: ignored). */
export function filesOf(formData: FormData, name = "files"): File[] {
  const files = formData.getAll(name).filter((v): v is File => typeof v !== "string" && v.size > 0);
  if (files.length > MAX_FILES_PER_REQUEST) {
    throw new DomainError(400, "error.upload.tooMany", { field: name, params: { max: MAX_FILES_PER_REQUEST } });
  }
  return files;
}
