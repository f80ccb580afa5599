// POST /logout ends the session. GET only redirects home (signing out must not be a link a third-party
// page can trigger).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroyUserSession } from "~/auth/session.server";
import { assertSameOrigin } from "~/security.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const cookie = await destroyUserSession(request);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}
