// POST /locale with the current path as redirectTo. A plain <form>: works without JS, and a full reload
// picks up the new language everywhere (including <html lang>).
import { useLocation } from "@remix-run/react";
import { LOCALES, type Locale } from "~/i18n";
import { useT } from "~/i18n/react";
import { cx } from "./cx";

export function LanguageSwitch({ className }: { className?: string }) {
  const t = useT();
  const location = useLocation();
  const redirectTo = location.pathname + location.search;
  return (
    <form method="post" action="/locale" className={cx("flex items-center", className)}>
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <fieldset className="flex items-center gap-1">
        <legend className="sr-only">{t("locale.label")}</legend>
        {LOCALES.map((l: Locale) => {
          const active = l === t.locale;
          return (
            <button
              key={l}
              type="submit"
              name="locale"
              value={l}
              lang={l}
              aria-pressed={active}
              aria-label={active ? undefined : t("locale.switchTo", { language: t(`locale.${l}`) })}
              className={cx(
                "rounded px-2 py-1 text-sm font-medium",
                active ? "bg-white/20 text-white underline underline-offset-4" : "text-red-50 hover:bg-white/10 hover:text-white",
              )}
            >
              {t(`locale.${l}`)}
            </button>
          );
        })}
      </fieldset>
    </form>
  );
}
