// The body of an error page (404 / 401 / 403 / other 4xx / 503 / 500) in the user's language. Details (message,
// stack) only in development builds.
import { isRouteErrorResponse, Link, useLocation } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { buttonClasses } from "./Button";

function errorCode(data: unknown): string | undefined {
  if (data && typeof data === "object" && typeof (data as { code?: unknown }).code === "string") {
    return (data as { code: string }).code;
  }
  if (typeof data === "string") {
    try {
      const parsed = JSON.parse(data) as { code?: unknown };
      if (typeof parsed?.code === "string") return parsed.code;
    } catch {
      /* plain text body */
    }
  }
  return undefined;
}

export function ErrorView({ error }: { error: unknown }) {
  const t = useT();
  const location = useLocation();
  const isResponse = isRouteErrorResponse(error);
  const status = isResponse ? error.status : 500;
  const code = isResponse ? errorCode(error.data) : undefined;

  let title: string;
  let body: string;
  if (status === 404) {
    title = t("errorPage.404.title");
    body = t("errorPage.404.body");
  } else if (status === 401) {
    title = t("errorPage.401.title");
    body = t("errorPage.401.body");
  } else if (status === 403) {
    title = t("errorPage.403.title");
    body = code && code !== "error.forbidden" ? t.tx(code) : t("errorPage.403.body");
  } else if (status === 503) {
    title = t("errorPage.503.title");
    body = t("errorPage.503.body");
  } else if (status >= 400 && status < 500) {
    title = t("errorPage.500.title");
    body = code ? t.tx(code) : t("error.invalidInput");
  } else {
    title = t("errorPage.500.title");
    body = t("errorPage.500.body");
  }

  const returnTo = location.pathname + location.search;
  const loginHref = returnTo && returnTo !== "/" ? `/login?redirectTo=${encodeURIComponent(returnTo)}` : "/login";
  const showDetails = import.meta.env.DEV && !isResponse && error instanceof Error;

  return (
    <div className="mx-auto max-w-2xl py-10 text-center sm:py-16">
      <p className="text-sm font-semibold tracking-wider text-brand-700">{t("errorPage.status", { status })}</p>
      <h1 className="mt-2 text-3xl font-bold text-slate-900">{title}</h1>
      <p className="mt-4 text-base text-slate-700">{body}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        {status === 401 && (
          <Link to={loginHref} className={buttonClasses("primary")}>
            {t("errorPage.login")}
          </Link>
        )}
        <Link to="/" className={buttonClasses(status === 401 ? "secondary" : "primary")}>
          {t("errorPage.goHome")}
        </Link>
      </div>
      {showDetails && (
        <details className="mt-10 text-left" open>
          <summary className="cursor-pointer font-medium text-slate-700">{t("errorPage.devDetails")}</summary>
          <pre className="mt-2 overflow-auto rounded-lg bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
            {(error as Error).stack ?? (error as Error).message}
          </pre>
        </details>
      )}
    </div>
  );
}
