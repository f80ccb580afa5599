// Which language a request is served in: the lb_locale cookie, else Accept-Language, else zh-CN.
import { DEFAULT_LOCALE, LOCALE_COOKIE, isLocale, localeFromAcceptLanguage, type Locale } from "./index";

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The locale stored in the lb_locale cookie, if it holds a supported value. */
export function localeFromCookie(request: Request): Locale | null {
  const value = readCookie(request.headers.get("Cookie"), LOCALE_COOKIE);
  return isLocale(value) ? value : null;
}

export function getLocale(request: Request): Locale {
  return (
    localeFromCookie(request) ??
    localeFromAcceptLanguage(request.headers.get("Accept-Language")) ??
    DEFAULT_LOCALE
  );
}

/** Secure in production; COOKIE_SECURE=0|1 overrides (same rule as the session cookie). */
function secureCookies(env: Record<string, string | undefined> = process.env): boolean {
  if (env.COOKIE_SECURE === "1") return true;
  if (env.COOKIE_SECURE === "0") return false;
  return env.NODE_ENV === "production";
}

/** Set-Cookie value for the language cookie (one year, SameSite=Lax, Secure in production). */
export function serializeLocaleCookie(locale: Locale): string {
  const parts = [
    `${LOCALE_COOKIE}=${encodeURIComponent(locale)}`,
    "Path=/",
    `Max-Age=${60 * 60 * 24 * 365}`,
    "SameSite=Lax",
    "HttpOnly",
  ];
  if (secureCookies()) parts.push("Secure");
  return parts.join("; ");
}
