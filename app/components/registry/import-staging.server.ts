// A previewed import file, kept for a short while so the broker can import it after the dry run without
// choosing it again. Files live in the upload dir (outside the web root) under a random token; only the
// user who uploaded a file can take it, and only once. Older than an hour → removed.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { uploadDir } from "~/domain/uploads.server";

const MAX_AGE_MS = 60 * 60 * 1000;
const TOKEN = /^[a-f0-9]{32}$/;

function dir(): string {
  return join(uploadDir(), "import-staging");
}

async function sweep(): Promise<void> {
  try {
    const now = Date.now();
    for (const name of await readdir(dir())) {
      const p = join(dir(), name);
      const info = await stat(p).catch(() => null);
      if (info && now - info.mtimeMs > MAX_AGE_MS) await rm(p, { force: true });
    }
  } catch {
    /* nothing staged yet */
  }
}

export interface StagedMeta {
  userId: string;
  fileName: string;
  kind: string;
}

export async function stageImport(meta: StagedMeta, data: Uint8Array): Promise<string> {
  await sweep();
  await mkdir(dir(), { recursive: true, mode: 0o750 });
  const token = randomBytes(16).toString("hex");
  await writeFile(join(dir(), `${token}.bin`), data, { flag: "wx", mode: 0o640 });
  await writeFile(join(dir(), `${token}.json`), JSON.stringify(meta), { flag: "wx", mode: 0o640 });
  return token;
}

/** The staged file of `token` if it belongs to `userId` (removed as it is taken); otherwise null. */
export async function takeStagedImport(userId: string, token: string): Promise<(StagedMeta & { data: Uint8Array }) | null> {
  if (!TOKEN.test(token)) return null;
  const base = join(dir(), token);
  try {
    const meta = JSON.parse(await readFile(`${base}.json`, "utf8")) as StagedMeta;
    if (meta.userId !== userId) return null;
    const info = await stat(`${base}.bin`);
    if (Date.now() - info.mtimeMs > MAX_AGE_MS) return null;
    const data = new Uint8Array(await readFile(`${base}.bin`));
    await rm(`${base}.bin`, { force: true });
    await rm(`${base}.json`, { force: true });
    return { ...meta, data };
  } catch {
    return null;
  }
}
