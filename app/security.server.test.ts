import { afterEach, describe, expect, it } from "vitest";
import { applySecurityHeaders, assertSameOrigin, contentSecurityPolicy, crossOriginReason } from "./security.server";

const post = (headers: Record<string, string> = {}, url = "http://app.test/login") =>
  new Request(url, { method: "POST", headers });

describe("crossOriginReason", () => {
  it("never blocks GET/HEAD", () => {
    expect(crossOriginReason(new Request("http://app.test/", { headers: { Origin: "http://evil.test" } }))).toBeNull();
    expect(crossOriginReason(new Request("http://app.test/", { method: "HEAD", headers: { "Sec-Fetch-Site": "cross-site" } }))).toBeNull();
  });

  it("allows same-origin and header-less POSTs", () => {
    expect(crossOriginReason(post({ Origin: "http://app.test" }))).toBeNull();
    expect(crossOriginReason(post())).toBeNull();
    expect(crossOriginReason(post({ "Sec-Fetch-Site": "same-origin", Origin: "http://app.test" }))).toBeNull();
  });

  it("refuses a foreign Origin and Sec-Fetch-Site: cross-site", () => {
    expect(crossOriginReason(post({ Origin: "http://evil.test" }))).toBe("origin");
    expect(crossOriginReason(post({ Origin: "null" }))).toBe("origin");
    expect(crossOriginReason(post({ Origin: "http://app.test:8080" }))).toBe("origin");
    expect(crossOriginReason(post({ "Sec-Fetch-Site": "cross-site" }))).toBe("cross-site");
    expect(crossOriginReason(new Request("http://app.test/x", { method: "DELETE", headers: { Origin: "https://evil.test" } }))).toBe("origin");
  });

  it("accepts the https origin behind a TLS-terminating proxy", () => {
    expect(crossOriginReason(post({ Origin: "https://app.test", "X-Forwarded-Proto": "https" }))).toBeNull();
    expect(crossOriginReason(post({ Origin: "https://app.test" }))).toBe("origin");
  });

  it("assertSameOrigin throws a 403 Response", () => {
    let thrown: unknown;
    try {
      assertSameOrigin(post({ Origin: "http://evil.test" }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
  });
});

describe("security headers", () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it("sets CSP with the nonce, frame protection and nosniff", () => {
    process.env.NODE_ENV = "production";
    const h = new Headers();
    applySecurityHeaders(h, "abc123");
    expect(h.get("Content-Security-Policy")).toBe(contentSecurityPolicy("abc123"));
    expect(h.get("Content-Security-Policy")).toContain("script-src 'self' 'nonce-abc123'");
    expect(h.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(h.get("X-Frame-Options")).toBe("DENY");
    expect(h.get("X-Content-Type-Options")).toBe("nosniff");
    expect(h.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(h.get("Strict-Transport-Security")).toMatch(/max-age=/);
  });

  it("no HSTS outside production", () => {
    process.env.NODE_ENV = "test";
    const h = new Headers();
    applySecurityHeaders(h);
    expect(h.get("Strict-Transport-Security")).toBeNull();
    expect(h.get("Content-Security-Policy")).toBe("frame-ancestors 'none'");
  });
});
