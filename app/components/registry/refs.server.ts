// Reference data the registry pages need in their forms and filters (districts, categories), and small
// loader helpers shared by the registry routes.
import { db } from "~/db.server";
import { rethrowAsResponse } from "~/auth/guards.server";

export interface DistrictRef {
  code: string;
  nameZh: string;
  nameEn: string;
  pilot: boolean;
}
export interface CategoryRef {
  code: string;
  nameZh: string;
  nameEn: string;
}
export interface Refs {
  districts: DistrictRef[];
  categories: CategoryRef[];
}

export async function loadRefs(): Promise<Refs> {
  const [districts, categories] = await Promise.all([
    db.district.findMany({
      select: { code: true, nameZh: true, nameEn: true, pilot: true },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    }),
    db.category.findMany({
      select: { code: true, nameZh: true, nameEn: true },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    }),
  ]);
  return { districts, categories };
}

/** Awaits a domain call; a DomainError becomes an error Response (404/403/409 …) for the boundary. */
export async function orRespond<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    rethrowAsResponse(e);
  }
}

/**
 * A `datetime-local` value ("2026-05-01T14:30") is a wall-clock time in Asia/Shanghai: give it the
 * +08:00 offset so the server's own time zone never matters. Other values pass through.
 */
export function shanghaiLocalToIso(v: FormDataEntryValue | null): FormDataEntryValue | null {
  if (typeof v !== "string") return v;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v.trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ":00"}+08:00` : v;
}

/**
 * After zod parsed a `datetime-local` field with `new Date(raw)` (the server's zone), re-read the raw
 * value as Asia/Shanghai wall-clock time.
 */
export function asShanghaiLocal(raw: FormDataEntryValue | null, parsed: Date): Date {
  const iso = shanghaiLocalToIso(raw);
  if (typeof iso === "string" && iso !== raw) {
    const d = new Date(iso);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return parsed;
}

/** "2026-05-01T14:30" (Asia/Shanghai) for a datetime-local input. */
export function toShanghaiLocalInput(d: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const g = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
  return `${g("year")}-${g("month")}-${g("day")}T${g("hour")}:${g("minute")}`;
}
