import { describe, expect, it } from "vitest";
import { checkPasswordPolicy, getDummyHash, hashPassword, verifyPassword } from "./password.server";

describe("password hashing", () => {
  it("hashes with argon2id m=19456 t=2 and verifies", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, "correct horse battery")).toBe(true);
    expect(await verifyPassword(h, "correct horse batterY")).toBe(false);
  });

  it("salts each hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same-password"), hashPassword("same-password")]);
    expect(a).not.toBe(b);
  });

  it("handles Chinese passwords", async () => {
    const h = await hashPassword("工联桥密码很安全");
    expect(await verifyPassword(h, "工联桥密码很安全")).toBe(true);
    expect(await verifyPassword(h, "工联桥密码很安全!")).toBe(false);
  });

  it("returns false (no throw) on a malformed hash", async () => {
    expect(await verifyPassword("not-a-hash", "whatever1")).toBe(false);
    expect(await verifyPassword("", "whatever1")).toBe(false);
  });

  it("has a stable dummy hash that matches nothing guessable", async () => {
    const d = await getDummyHash();
    expect(await getDummyHash()).toBe(d);
    expect(await verifyPassword(d, "")).toBe(false);
    expect(await verifyPassword(d, "password")).toBe(false);
  });
});

describe("password policy", () => {
  it("enforces 8..128 characters", () => {
    expect(checkPasswordPolicy("")).toBe("error.password.tooShort");
    expect(checkPasswordPolicy("1234567")).toBe("error.password.tooShort");
    expect(checkPasswordPolicy("12345678")).toBeNull();
    expect(checkPasswordPolicy("x".repeat(128))).toBeNull();
    expect(checkPasswordPolicy("x".repeat(129))).toBe("error.password.tooLong");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(checkPasswordPolicy("工联桥密码安全好")).toBeNull(); // 8 CJK chars
    expect(checkPasswordPolicy("😀😀😀😀")).toBe("error.password.tooShort"); // 4 chars, 8 units
  });
});
