import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  changePasswordSchema,
  createStaffSchema,
  loginSchema,
  normalizePhone,
  signupEnterpriseSchema,
  signupOrgSchema,
} from "./accounts.schema";

const USCC = "91350100M000100Y43";

/** Field → first message, from a zod error. */
function errors(schema: z.ZodTypeAny, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.join(".") || "_"] ??= i.message;
  return out;
}

function form(entries: [string, string][]): FormData {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}

const enterprise = {
  name: " 长沙某某制造有限公司 ",
  uscc: " ９１３５０１００ｍ０００１００ｙ４３ ",
  districtCode: "yuhua",
  industry: "制造业",
  employees: "250",
  hasUnion: "on",
  contactName: "张三",
  phone: "138 0731 0000",
  email: " HR@Example.CN ",
  password: "s3cret-pass",
  confirm: "s3cret-pass",
};

describe("signupEnterpriseSchema", () => {
  it("parses, trims and normalises a complete form", () => {
    expect(signupEnterpriseSchema.parse(enterprise)).toEqual({
      name: "长沙某某制造有限公司",
      uscc: USCC,
      districtCode: "yuhua",
      industry: "制造业",
      employees: 250,
      hasUnion: true,
      contactName: "张三",
      phone: "13807310000",
      email: "hr@example.cn",
      password: "s3cret-pass",
      confirm: "s3cret-pass",
    });
  });

  it("treats empty optional fields and a missing checkbox as absent/false", () => {
    const r = signupEnterpriseSchema.parse({ ...enterprise, industry: "", employees: "", hasUnion: undefined });
    expect(r.industry).toBeUndefined();
    expect(r.employees).toBeUndefined();
    expect(r.hasUnion).toBe(false);
  });

  it("returns i18n keys per field", () => {
    expect(
      errors(signupEnterpriseSchema, {
        ...enterprise,
        name: "  ",
        email: "not-an-email",
        phone: "12345",
        employees: "-3",
        password: "short",
        confirm: "short",
      }),
    ).toEqual({
      name: "error.required",
      email: "error.email",
      phone: "error.phone",
      employees: "error.min",
      password: "error.password.tooShort",
    });
    expect(errors(signupEnterpriseSchema, { ...enterprise, employees: "2.5" }).employees).toBe("error.integer");
    expect(errors(signupEnterpriseSchema, { ...enterprise, employees: "abc" }).employees).toBe("error.number");
    expect(errors(signupEnterpriseSchema, { ...enterprise, name: "名".repeat(101) }).name).toBe("error.tooLong");
    expect(errors(signupEnterpriseSchema, {}).name).toBe("error.required");
  });

  it("returns the exact USCC error key", () => {
    expect(errors(signupEnterpriseSchema, { ...enterprise, uscc: "9135" }).uscc).toBe("error.uscc.length");
    expect(errors(signupEnterpriseSchema, { ...enterprise, uscc: "91350100M000100YI3" }).uscc).toBe("error.uscc.charset");
    expect(errors(signupEnterpriseSchema, { ...enterprise, uscc: "91350100M000100Y44" }).uscc).toBe("error.uscc.checksum");
    expect(errors(signupEnterpriseSchema, { ...enterprise, uscc: "" }).uscc).toBe("error.required");
  });

  it("reports a password mismatch on confirm", () => {
    expect(errors(signupEnterpriseSchema, { ...enterprise, confirm: "s3cret-pasS" })).toEqual({
      confirm: "error.password.mismatch",
    });
  });

  it("works through Conform's parseWithZod on real FormData", () => {
    const sub = parseWithZod(form(Object.entries({ ...enterprise, industry: "" })), { schema: signupEnterpriseSchema });
    expect(sub.status).toBe("success");
    if (sub.status === "success") {
      expect(sub.value.hasUnion).toBe(true);
      expect(sub.value.employees).toBe(250);
      expect(sub.value.industry).toBeUndefined();
      expect(sub.value.uscc).toBe(USCC);
    }
    const entries = Object.entries({ ...enterprise, name: "", uscc: "91350100M000100Y44" }).filter(([k]) => k !== "hasUnion");
    const bad = parseWithZod(form(entries), { schema: signupEnterpriseSchema });
    expect(bad.status).toBe("error");
    const reply = bad.reply();
    expect(reply.error?.name).toEqual(["error.required"]);
    expect(reply.error?.uscc).toEqual(["error.uscc.checksum"]);
  });
});

const org = {
  name: "长沙市某某社会工作服务中心",
  uscc: "52430100MJJ0000004",
  registeringAuthority: "长沙市民政局",
  districtCode: "kaifu",
  categories: ["legal_aid", "psych_counselling"],
  email: "org@example.cn",
  password: "another-secret",
  confirm: "another-secret",
};

describe("signupOrgSchema", () => {
  it("needs at least one category and de-duplicates them", async () => {
    const { makeUscc } = await import("./uscc");
    const input = { ...org, uscc: makeUscc("52430100MJJ000000") };
    expect(signupOrgSchema.parse({ ...input, categories: ["legal_aid", "legal_aid"] }).categories).toEqual(["legal_aid"]);
    expect(signupOrgSchema.parse({ ...input, categories: "legal_aid" }).categories).toEqual(["legal_aid"]);
    expect(errors(signupOrgSchema, { ...input, categories: [] }).categories).toBe("error.categories.required");
    expect(errors(signupOrgSchema, { ...input, categories: undefined }).categories).toBe("error.categories.required");
    expect(errors(signupOrgSchema, { ...input, registeringAuthority: "" }).registeringAuthority).toBe("error.required");
    const r = signupOrgSchema.parse({ ...input, phone: "", contactName: "" });
    expect(r.phone).toBeUndefined();
    expect(r.contactName).toBeUndefined();
    expect(errors(signupOrgSchema, { ...input, phone: "abc" }).phone).toBe("error.phone");
  });

  it("reads repeated checkbox fields through parseWithZod", async () => {
    const { makeUscc } = await import("./uscc");
    const fd = form([
      ["name", org.name],
      ["uscc", makeUscc("52430100MJJ000000")],
      ["registeringAuthority", org.registeringAuthority],
      ["districtCode", "kaifu"],
      ["categories", "legal_aid"],
      ["categories", "employment"],
      ["email", org.email],
      ["password", org.password],
      ["confirm", org.confirm],
    ]);
    const sub = parseWithZod(fd, { schema: signupOrgSchema });
    expect(sub.status).toBe("success");
    if (sub.status === "success") expect(sub.value.categories).toEqual(["legal_aid", "employment"]);
    fd.delete("categories");
    const bad = parseWithZod(fd, { schema: signupOrgSchema });
    expect(bad.reply().error?.categories).toEqual(["error.categories.required"]);
  });
});

describe("loginSchema / changePasswordSchema / createStaffSchema", () => {
  it("login: required fields, lower-cased e-mail, password untouched", () => {
    expect(loginSchema.parse({ email: " A@B.CN ", password: " pw " })).toEqual({ email: "a@b.cn", password: " pw " });
    expect(errors(loginSchema, { email: "", password: "" })).toEqual({ email: "error.required", password: "error.required" });
  });

  it("change password: policy, confirmation, must differ", () => {
    expect(changePasswordSchema.parse({ current: "old-password", next: "new-password", confirm: "new-password" }).next).toBe(
      "new-password",
    );
    expect(errors(changePasswordSchema, { current: "old-password", next: "short", confirm: "short" }).next).toBe(
      "error.password.tooShort",
    );
    expect(errors(changePasswordSchema, { current: "old-password", next: "x".repeat(129), confirm: "x".repeat(129) }).next).toBe(
      "error.password.tooLong",
    );
    expect(errors(changePasswordSchema, { current: "old-password", next: "new-password", confirm: "new-passwordX" })).toEqual({
      confirm: "error.password.mismatch",
    });
    expect(errors(changePasswordSchema, { current: "same-password", next: "same-password", confirm: "same-password" })).toEqual({
      next: "error.password.same",
    });
  });

  it("staff: role must be BROKER or ADMIN", () => {
    const ok = { email: "b@lb.cn", displayName: " 李撮合 ", role: "BROKER", password: "broker-pass" };
    expect(createStaffSchema.parse(ok).displayName).toBe("李撮合");
    expect(errors(createStaffSchema, { ...ok, role: "ENTERPRISE" }).role).toBe("error.invalidOption");
    expect(errors(createStaffSchema, { ...ok, role: undefined }).role).toBe("error.invalidOption");
  });
});

describe("normalizePhone", () => {
  it.each([
    ["13807310000", "13807310000"],
    ["+86 138-0731-0000", "13807310000"],
    ["0086 13807310000", "13807310000"],
    ["０７３１－８８８８６６６６", "0731-88886666"],
    ["(0731) 88886666", "0731-88886666"],
    ["073188886666", "0731-88886666"],
    ["010-12345678-123", "010-12345678-123"],
    ["400-123-4567", "4001234567"],
  ])("%s → %s", (input, out) => {
    expect(normalizePhone(input)).toBe(out);
  });

  it.each(["12345", "12807310000", "1380731000", "abc", "88886666"])("rejects %s", (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});
