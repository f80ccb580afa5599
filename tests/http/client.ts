// A tiny HTTP client with a cookie jar, for integration tests against a running server. It behaves like
// a browser without JavaScript: plain form posts (application/x-www-form-urlencoded) with the page's
// own Origin, redirects NOT followed (tests look at them), cookies kept by name.
//
//   const c = new HttpClient(srv.baseUrl);
//   await c.login("admin@laborbridge.cn", "Admin#2026");
//   const res = await c.get("/admin");
export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case (httponly, secure, samesite, path, expires, max-age, domain) → value ("" for flags). */
  attrs: Record<string, string>;
  raw: string;
}

/** Parses one Set-Cookie header value. */
export function parseSetCookie(raw: string): SetCookie {
  const [pair, ...rest] = raw.split(";");
  const eq = pair.indexOf("=");
  const attrs: Record<string, string> = {};
  for (const part of rest) {
    const p = part.trim();
    if (!p) continue;
    const i = p.indexOf("=");
    if (i < 0) attrs[p.toLowerCase()] = "";
    else attrs[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs, raw };
}

export function setCookiesOf(res: Response): SetCookie[] {
  return res.headers.getSetCookie().map(parseSetCookie);
}

export type FormFields = Record<string, string | number | boolean | undefined | null | Array<string>>;

export function formBody(fields: FormFields): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null || v === false) continue;
    if (Array.isArray(v)) for (const item of v) body.append(k, item);
    else body.append(k, v === true ? "on" : String(v));
  }
  return body;
}

/** A random address from 198.18.0.0/15 (reserved for benchmarking), as a fake client IP. */
export function randomTestIp(): string {
  const r = () => Math.floor(Math.random() * 254) + 1;
  return `198.${18 + Math.floor(Math.random() * 2)}.${r()}.${r()}`;
}

export class HttpClient {
  readonly jar = new Map<string, string>();
  /** The Set-Cookie headers of the last response, parsed. */
  lastSetCookies: SetCookie[] = [];
  /**
   * The client address this client claims through X-Forwarded-For. Test servers run with TRUST_PROXY=1,
   * so each client is its own "IP" for the per-IP rate limits (one test cannot lock out the others).
   * null sends no X-Forwarded-For (the server then sees the socket address).
   */
  readonly ip: string | null;

  constructor(
    readonly baseUrl: string,
    opts: { ip?: string | null } = {},
  ) {
    this.ip = opts.ip === undefined ? randomTestIp() : opts.ip;
  }

  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private store(res: Response): void {
    this.lastSetCookies = setCookiesOf(res);
    for (const c of this.lastSetCookies) {
      const expired = c.attrs["max-age"] === "0" || (c.attrs.expires && Date.parse(c.attrs.expires) < Date.now());
      if (expired || c.value === "") this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
  }

  /** A raw request: relative path, cookies attached, redirects not followed. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size && !headers.has("Cookie")) headers.set("Cookie", this.cookieHeader());
    if (this.ip && !headers.has("X-Forwarded-For")) headers.set("X-Forwarded-For", this.ip);
    const res = await fetch(new URL(path, this.baseUrl), { redirect: "manual", ...init, headers });
    this.store(res);
    return res;
  }

  get(path: string, headers: HeadersInit = {}): Promise<Response> {
    return this.request(path, { method: "GET", headers });
  }

  /** POSTs a urlencoded form with this site's Origin (pass `origin` to pretend to be another site; null for none). */
  post(path: string, fields: FormFields, opts: { origin?: string | null; headers?: HeadersInit } = {}): Promise<Response> {
    const headers = new Headers(opts.headers);
    headers.set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");
    const origin = opts.origin === undefined ? this.origin : opts.origin;
    if (origin !== null) headers.set("Origin", origin);
    return this.request(path, { method: "POST", headers, body: formBody(fields) });
  }

  /**
   * Signs in through the login form like a browser: GET /login (as a page visit would), then POST the
   * form. Returns the POST's response (a redirect on success). Throws unless an lb_session cookie was set.
   */
  async login(email: string, password: string, opts: { redirectTo?: string } = {}): Promise<Response> {
    const page = await this.get("/login");
    await page.arrayBuffer();
    const res = await this.post("/login", { email, password, redirectTo: opts.redirectTo ?? "" });
    if (!this.jar.has("lb_session")) {
      const body = await res.text().catch(() => "");
      throw new Error(`login as ${email} failed: HTTP ${res.status}, no lb_session cookie\n${body.slice(0, 500)}`);
    }
    return res;
  }

  async logout(): Promise<Response> {
    return this.post("/logout", {});
  }
}
