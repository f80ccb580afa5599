// POST /locale (locale=zh-CN|en, redirectTo=/path) stores the UI language in the lb_locale cookie and
// goes back to the page. GET redirects home.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectTo } from "~/auth/guards.server";
import { isLocale } from "~/i18n";
import { serializeLocaleCookie } from "~/i18n/locale.server";
import { assertSameOrigin } from "~/security.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirectTo(form.get("redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to, { status: 303 });
  return redirect(to, { status: 303, headers: { "Set-Cookie": serializeLocaleCookie(locale) } });
}
