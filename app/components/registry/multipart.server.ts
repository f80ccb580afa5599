// Reading a multipart upload in an action without ever holding more than the upload limit in memory:
// the Content-Length is checked first, and Remix's memory upload handler stops at the part limit.
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { MAX_UPLOAD_BYTES } from "~/domain/uploads.server";

/** Room for the other form fields and the multipart boundaries. */
const ENVELOPE_BYTES = 64 * 1024;

function tooLarge(): DomainError {
  return new DomainError(413, "error.upload.tooLarge", { field: "file", params: { maxMb: Math.floor(MAX_UPLOAD_BYTES / (1024 * 1024)) } });
}

/**
 * The form data of a multipart request with file parts as `File`s (in memory, ≤ 10 MB each). Throws a
 * DomainError 413 (field "file") when the request or a part is larger than the limit, 400 when the
 * body is not multipart.
 */
export async function readMultipart(request: Request, maxBytes = MAX_UPLOAD_BYTES): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) throw new DomainError(400, "error.upload.empty", { field: "file" });
  const length = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(length) && length > maxBytes + ENVELOPE_BYTES) throw tooLarge();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) throw tooLarge();
    throw e;
  }
}

/** The uploaded file of a form field, or null when none was chosen (an empty file input sends a 0-byte part). */
export function fileField(formData: FormData, name = "file"): File | null {
  const v = formData.get(name);
  if (!v || typeof v === "string") return null;
  return v.size > 0 ? v : null;
}
