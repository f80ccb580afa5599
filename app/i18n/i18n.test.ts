import { describe, expect, it } from "vitest";
import { zhCN } from "./zh-CN";
import { en } from "./en";
import { DEFAULT_LOCALE, isLocale, isMessageKey, localeFromAcceptLanguage, t, tx } from "./index";
import { getLocale, serializeLocaleCookie } from "./locale.server";

const placeholders = (s: string) => (s.match(/\{(\w+)\}/g) ?? []).sort();

describe("dictionaries", () => {
  it("en has exactly the keys of zh-CN", () => {
    const zhKeys = Object.keys(zhCN).sort();
    const enKeys = Object.keys(en).sort();
    expect(enKeys.filter((k) => !(k in zhCN))).toEqual([]);
    expect(zhKeys.filter((k) => !(k in en))).toEqual([]);
  });

  it("every string is non-empty and both languages use the same {placeholders}", () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(zhCN[key].trim(), key).not.toBe("");
      expect(en[key].trim(), key).not.toBe("");
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it("has the required domain keys", () => {
    for (const k of [
      "role.ENTERPRISE", "role.ORG", "role.BROKER", "role.ADMIN",
      "category.skills_training", "category.legal_aid", "category.psych_counselling", "category.employment", "category.cadre_training",
      "projectState.DRAFT", "projectState.CLOSED", "vetting.PENDING", "unionCoverage.NONE", "funding.MIXED",
      "error.required", "error.email", "error.uscc.length", "error.uscc.checksum", "error.uscc.charset",
      "error.password.tooShort", "error.password.mismatch", "error.auth.invalid", "error.auth.rateLimited",
      "error.email.taken", "error.uscc.taken", "error.forbidden", "error.unauthorized", "error.notFound", "error.csrf", "error.server",
    ]) {
      expect(isMessageKey(k), k).toBe(true);
    }
    expect(zhCN["error.auth.rateLimited"]).toBe("尝试次数过多，请 15 分钟后再试");
    expect(zhCN["category.employment"]).toBe("就业创业服务");
    expect(zhCN["projectState.UNSUCCESSFUL"]).toBe("流标");
  });
});

describe("t / tx", () => {
  it("translates and interpolates", () => {
    expect(t("zh-CN", "login.title")).toBe("登录");
    expect(t("en", "login.title")).toBe("Sign in");
    expect(t("en", "home.welcome.title", { name: "Li" })).toBe("Welcome, Li");
    expect(t("zh-CN", "pagination.summary", { total: 42, page: 2, pages: 3 })).toBe("共 42 条，第 2 / 3 页");
  });

  it("leaves unknown placeholders alone", () => {
    expect(t("en", "home.welcome.title")).toBe("Welcome, {name}");
  });

  it("tx translates run-time keys and passes other strings through", () => {
    expect(tx("zh-CN", "error.uscc.checksum")).toBe(zhCN["error.uscc.checksum"]);
    expect(tx("en", "not.a.key")).toBe("not.a.key");
    expect(tx("en", "already translated {x}", { x: 1 })).toBe("already translated 1");
  });
});

describe("locale negotiation", () => {
  it("parses Accept-Language with q-values", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("fr;q=1, zh-TW;q=0.5, en;q=0.4")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("en;q=0.2, zh;q=0.9")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("fr, de")).toBeNull();
    expect(localeFromAcceptLanguage("en;q=0")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });

  it("prefers the cookie, then Accept-Language, then zh-CN", () => {
    const req = (headers: Record<string, string>) => new Request("http://x/", { headers });
    expect(getLocale(req({ Cookie: "a=1; lb_locale=en", "Accept-Language": "zh-CN" }))).toBe("en");
    expect(getLocale(req({ Cookie: "lb_locale=xx", "Accept-Language": "en-GB" }))).toBe("en");
    expect(getLocale(req({ "Accept-Language": "de" }))).toBe(DEFAULT_LOCALE);
    expect(getLocale(req({}))).toBe("zh-CN");
    expect(isLocale("zh-CN") && isLocale("en") && !isLocale("zh")).toBe(true);
  });

  it("serializes a Lax cookie", () => {
    const c = serializeLocaleCookie("en");
    expect(c).toMatch(/^lb_locale=en; /);
    expect(c).toContain("SameSite=Lax");
    expect(c).toContain("Path=/");
  });
});

describe("locale cookie Secure flag", () => {
  const saved = { ...process.env };
  it("follows NODE_ENV and COOKIE_SECURE", () => {
    try {
      process.env.NODE_ENV = "production";
      delete process.env.COOKIE_SECURE;
      expect(serializeLocaleCookie("en")).toContain("; Secure");
      process.env.COOKIE_SECURE = "0";
      expect(serializeLocaleCookie("en")).not.toContain("Secure");
      process.env.NODE_ENV = "test";
      process.env.COOKIE_SECURE = "1";
      expect(serializeLocaleCookie("en")).toContain("; Secure");
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      if (saved.COOKIE_SECURE === undefined) delete process.env.COOKIE_SECURE;
      else process.env.COOKIE_SECURE = saved.COOKIE_SECURE;
    }
  });
});
