import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

import { LocaleFallbackContext } from "~/i18n/react";
import { DEFAULT_LOCALE, isLocale } from "~/i18n";

// The server rendered <html lang> with the request's locale; use it when root loader data is absent.
const lang = document.documentElement.lang;
const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <LocaleFallbackContext.Provider value={locale}>
        <RemixBrowser />
      </LocaleFallbackContext.Provider>
    </StrictMode>,
  );
});
