import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXE_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES, TEXT_BYTES, WEBP_BYTES } from "../../tests/fixtures/registry";
import { isDomainError } from "./errors";
import {
  contentDispositionAttachment,
  deleteStoredFile,
  MAX_UPLOAD_BYTES,
  readStoredFile,
  resolveStoredPath,
  sanitizeFileName,
  sniffMime,
  storeUpload,
  uploadDir,
} from "./uploads.server";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lb-uploads-"));
  process.env.UPLOAD_DIR = dir;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejects(p: Promise<unknown>, status: number, code: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isDomainError(e), `expected DomainError ${code}, got ${String(e)}`).toBe(true);
  expect(e).toMatchObject({ status, code, field: "file" });
}

describe("sniffMime", () => {
  it("recognises the four accepted types by their magic numbers", () => {
    expect(sniffMime(PDF_BYTES)).toBe("application/pdf");
    expect(sniffMime(PNG_BYTES)).toBe("image/png");
    expect(sniffMime(JPEG_BYTES)).toBe("image/jpeg");
    expect(sniffMime(WEBP_BYTES)).toBe("image/webp");
    expect(sniffMime(EXE_BYTES)).toBeNull();
    expect(sniffMime(TEXT_BYTES)).toBeNull();
    expect(sniffMime(new Uint8Array([0x25, 0x50]))).toBeNull();
  });
});

describe("storeUpload", () => {
  it("stores a PDF outside the web root under a random name, with its sha256", async () => {
    const f = new File([PDF_BYTES], "登记证书.pdf", { type: "application/pdf" });
    const s = await storeUpload(f, { folder: "org-docs" });
    expect(s.mime).toBe("application/pdf");
    expect(s.fileName).toBe("登记证书.pdf");
    expect(s.size).toBe(PDF_BYTES.length);
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.storedPath).toMatch(/^org-docs\/\d{4}\/\d{2}\/[0-9a-f]{32}\.pdf$/);
    expect(s.storedPath).not.toContain("登记证书");
    expect(uploadDir()).toBe(dir);
    expect(new Uint8Array(readFileSync(join(dir, s.storedPath)))).toEqual(PDF_BYTES);
    const back = await readStoredFile(s.storedPath);
    expect(back.size).toBe(PDF_BYTES.length);
    expect(back.mime).toBe("application/pdf");
    await deleteStoredFile(s.storedPath);
    await rejects(readStoredFile(s.storedPath).catch((e) => Promise.reject(Object.assign(e, { field: "file" }))), 404, "error.notFound");
  });

  it("accepts PNG, JPEG (.jpg and .jpeg) and WebP with matching extensions", async () => {
    for (const [bytes, name, mime] of [
      [PNG_BYTES, "a.png", "image/png"],
      [JPEG_BYTES, "b.JPG", "image/jpeg"],
      [JPEG_BYTES, "c.jpeg", "image/jpeg"],
      [WEBP_BYTES, "d.webp", "image/webp"],
    ] as const) {
      const s = await storeUpload({ data: bytes, fileName: name });
      expect(s.mime).toBe(mime);
    }
  });

  it("rejects a .pdf that is really a PNG, an executable, or text (415, by content not by name or declared type)", async () => {
    await rejects(storeUpload(new File([PNG_BYTES], "certificate.pdf", { type: "application/pdf" })), 415, "error.upload.type");
    await rejects(storeUpload(new File([EXE_BYTES], "certificate.pdf", { type: "application/pdf" })), 415, "error.upload.type");
    await rejects(storeUpload(new File([TEXT_BYTES], "certificate.pdf", { type: "application/pdf" })), 415, "error.upload.type");
    await rejects(storeUpload({ data: PDF_BYTES, fileName: "noextension" }), 415, "error.upload.type");
    // An image where only PDFs are accepted.
    await rejects(storeUpload({ data: PNG_BYTES, fileName: "x.png" }, { kinds: ["application/pdf"] }), 415, "error.upload.type");
  });

  it("rejects empty and over-10-MB files", async () => {
    await rejects(storeUpload(null), 400, "error.upload.empty");
    await rejects(storeUpload(new File([], "a.pdf")), 400, "error.upload.empty");
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(PDF_BYTES);
    await rejects(storeUpload(new File([big], "big.pdf")), 413, "error.upload.tooLarge");
    await rejects(storeUpload({ data: big, fileName: "big.pdf" }), 413, "error.upload.tooLarge");
    const exact = new Uint8Array(MAX_UPLOAD_BYTES);
    exact.set(PDF_BYTES);
    expect((await storeUpload({ data: exact, fileName: "exact.pdf" })).size).toBe(MAX_UPLOAD_BYTES);
  });
});

describe("paths and headers", () => {
  it("refuses paths outside the upload dir", () => {
    for (const p of ["../etc/passwd", "/etc/passwd", "a/../../x", "", "a\0b"]) {
      expect(() => resolveStoredPath(p)).toThrow();
    }
    expect(resolveStoredPath("org-docs/2026/01/x.pdf")).toBe(join(dir, "org-docs/2026/01/x.pdf"));
  });

  it("sanitizes names and builds an attachment Content-Disposition with the UTF-8 name", () => {
    expect(sanitizeFileName("../../evil/证书\u0000.pdf")).toBe("证书.pdf");
    expect(sanitizeFileName("C:\\x\\y.png")).toBe("y.png");
    expect(sanitizeFileName("")).toBe("file");
    const h = contentDispositionAttachment("登记 证书.pdf");
    expect(h.startsWith("attachment; ")).toBe(true);
    expect(h).toContain(`filename*=UTF-8''${encodeURIComponent("登记 证书.pdf")}`);
    expect(h).toMatch(/filename="[\x20-\x7e]+"/);
  });
});
