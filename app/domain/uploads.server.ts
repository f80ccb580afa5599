// File uploads: stored OUTSIDE the web root (UPLOAD_DIR, default ./data/uploads relative to the project
// root) under a random name; at most 10 MB; the type is decided by the file's MAGIC NUMBER (PDF, PNG,
// JPEG, WebP), never by the browser's Content-Type, and the file name's extension must agree with it.
// Used by organization documents, need attachments and delivery evidence. Framework-free.
//
// Typical use in an action:
//   const stored = await storeUpload(file, { kinds: DOCUMENT_TYPES });      // throws DomainError 4xx
//   try { await db.$transaction(...record stored.storedPath...) } catch (e) { await deleteStoredFile(stored.storedPath); throw e }
// and in a download loader:
//   const { data } = await readStoredFile(doc.storedPath);
//   return new Response(new Uint8Array(data), { headers: downloadHeaders(doc.fileName, doc.mime, data.length) });
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, extname, isAbsolute, relative, resolve, sep } from "node:path";
import { DomainError } from "./errors";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type UploadMime = "application/pdf" | "image/png" | "image/jpeg" | "image/webp";

/** The types we accept, with the extensions a file of that type may carry. */
export const UPLOAD_TYPES: Readonly<Record<UploadMime, readonly string[]>> = {
  "application/pdf": [".pdf"],
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/webp": [".webp"],
};
/** Certificates and documents: PDF or image. */
export const DOCUMENT_TYPES: readonly UploadMime[] = ["application/pdf", "image/png", "image/jpeg", "image/webp"];
export const IMAGE_TYPES: readonly UploadMime[] = ["image/png", "image/jpeg", "image/webp"];

/** The upload directory (absolute). */
export function uploadDir(): string {
  const raw = process.env.UPLOAD_DIR || "./data/uploads";
  return isAbsolute(raw) ? raw : resolve(process.env.LB_ROOT || process.cwd(), raw);
}

const startsWith = (b: Uint8Array, sig: readonly number[], offset = 0) =>
  b.length >= offset + sig.length && sig.every((x, i) => b[offset + i] === x);

/**
 * The type of a file from its first bytes, or null when it is none of the accepted types.
 *   PDF  "%PDF-" (25 50 44 46 2D)
 *   PNG  89 50 4E 47 0D 0A 1A 0A
 *   JPEG FF D8 FF
 *   WebP "RIFF" ···· "WEBP"
 */
export function sniffMime(bytes: Uint8Array): UploadMime | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

/**
 * A display-safe file name: the last path component, control characters and characters reserved on
 * common file systems removed, at most 200 characters (the extension is kept).
 */
export function sanitizeFileName(name: string): string {
  const base = String(name ?? "").normalize("NFC").split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  let s = base.replace(/[\u0000-\u001f\u007f"<>:|?*]/g, "").replace(/^\.+/, "").trim();
  if (s.length > 200) {
    const ext = extname(s).slice(0, 10);
    s = s.slice(0, 200 - ext.length) + ext;
  }
  return s || "file";
}

export interface StoredFile {
  /** Original (sanitized) file name, for display and Content-Disposition. */
  fileName: string;
  /** Path relative to the upload dir, e.g. "2026/11/3f9c…e1.pdf". */
  storedPath: string;
  mime: UploadMime;
  size: number;
  sha256: string;
}

export interface StoreOptions {
  /** Accepted types (default: PDF and images). */
  kinds?: readonly UploadMime[];
  /** Size limit in bytes (default and maximum 10 MB). */
  maxBytes?: number;
  /** A sub-folder under the upload dir, e.g. "org-docs". Letters, digits, - and _ only. */
  folder?: string;
}

/** What a route hands over: a web `File` (from `request.formData()`), or the bytes and a name. */
export type UploadInput = File | Blob | { data: Uint8Array; fileName: string };

function isBlob(x: unknown): x is Blob {
  return typeof Blob !== "undefined" && x instanceof Blob;
}

/**
 * Validates and stores one uploaded file. Errors (DomainError, field "file"):
 *   400 error.upload.empty     — no file or zero bytes
 *   413 error.upload.tooLarge  — over the limit (params.maxMb)
 *   415 error.upload.type      — the content is not an accepted type, or the extension does not
 *                                match the content (a ".pdf" that is really a PNG or an executable)
 */
export async function storeUpload(input: UploadInput | null | undefined, options: StoreOptions = {}): Promise<StoredFile> {
  const maxBytes = Math.min(options.maxBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES);
  const kinds = options.kinds ?? DOCUMENT_TYPES;
  if (!input) throw new DomainError(400, "error.upload.empty", { field: "file" });

  let fileName: string;
  let data: Uint8Array;
  if (isBlob(input)) {
    // Check the declared size before reading anything into memory.
    if (input.size === 0) throw new DomainError(400, "error.upload.empty", { field: "file" });
    if (input.size > maxBytes) throw tooLarge(maxBytes);
    fileName = (input as File).name ?? "";
    data = new Uint8Array(await input.arrayBuffer());
  } else {
    fileName = input.fileName;
    data = input.data;
  }
  if (data.length === 0) throw new DomainError(400, "error.upload.empty", { field: "file" });
  if (data.length > maxBytes) throw tooLarge(maxBytes);

  const mime = sniffMime(data);
  if (!mime || !kinds.includes(mime)) throw new DomainError(415, "error.upload.type", { field: "file" });
  const safeName = sanitizeFileName(fileName);
  const ext = extname(safeName).toLowerCase();
  if (!UPLOAD_TYPES[mime].includes(ext)) throw new DomainError(415, "error.upload.type", { field: "file" });

  const sha256 = createHash("sha256").update(data).digest("hex");
  const now = new Date();
  const folder = options.folder && /^[A-Za-z0-9_-]{1,40}$/.test(options.folder) ? options.folder : "files";
  const storedPath = [
    folder,
    String(now.getUTCFullYear()),
    String(now.getUTCMonth() + 1).padStart(2, "0"),
    `${randomBytes(16).toString("hex")}${UPLOAD_TYPES[mime][0]}`,
  ].join("/");
  const abs = resolveStoredPath(storedPath);
  await mkdir(dirname(abs), { recursive: true, mode: 0o750 });
  await writeFile(abs, data, { flag: "wx", mode: 0o640 });
  return { fileName: safeName, storedPath, mime, size: data.length, sha256 };
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError(413, "error.upload.tooLarge", { field: "file", params: { maxMb: Math.floor(maxBytes / (1024 * 1024)) } });
}

/** Absolute path of a stored file; refuses anything that would leave the upload dir. */
export function resolveStoredPath(storedPath: string): string {
  const root = uploadDir();
  if (typeof storedPath !== "string" || storedPath === "" || isAbsolute(storedPath) || storedPath.includes("\0")) {
    throw new DomainError(404, "error.notFound");
  }
  const abs = resolve(root, storedPath);
  const rel = relative(root, abs);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes("..")) {
    throw new DomainError(404, "error.notFound");
  }
  return abs;
}

/** Reads a stored file for a download route (after the route has checked who may see it). 404 if missing. */
export async function readStoredFile(storedPath: string): Promise<{ data: Buffer; size: number; mime: UploadMime | null }> {
  const abs = resolveStoredPath(storedPath);
  try {
    const info = await stat(abs);
    if (!info.isFile()) throw new Error("not a file");
    const data = await readFile(abs);
    return { data, size: data.length, mime: sniffMime(data) };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError(404, "error.notFound");
  }
}

/** Removes a stored file (used to clean up when the database write that records it fails). */
export async function deleteStoredFile(storedPath: string): Promise<void> {
  try {
    await rm(resolveStoredPath(storedPath), { force: true });
  } catch {
    /* best effort */
  }
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987), so
 * Chinese file names survive and the browser never renders the file inline.
 */
export function contentDispositionAttachment(fileName: string): string {
  const name = sanitizeFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Headers for serving a stored file as a download. */
export function downloadHeaders(fileName: string, mime: string, size: number): Record<string, string> {
  return {
    "Content-Type": mime || "application/octet-stream",
    "Content-Length": String(size),
    "Content-Disposition": contentDispositionAttachment(fileName),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
}

