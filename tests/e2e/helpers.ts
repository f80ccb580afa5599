// Shared steps for the e2e specs. They use what a user sees (labels, roles), in Chinese (the default).
import { expect, type Page } from "@playwright/test";
import { makeUscc, orgCodeCheckChar } from "../../app/domain/uscc";
import { uniqueEmail } from "./accounts";

const ORG_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A fresh, valid 统一社会信用代码 (check digit by makeUscc). kind 9-1 = enterprise, 5-2 = 民办非企业单位. */
export function randomUscc(kind: "enterprise" | "org" = "enterprise"): string {
  let body8 = "";
  for (let i = 0; i < 8; i++) body8 += ORG_CODE_CHARS[Math.floor(Math.random() * ORG_CODE_CHARS.length)];
  const prefix = kind === "enterprise" ? "91" : "52";
  return makeUscc(`${prefix}430105${body8}${orgCodeCheckChar(body8)}`);
}

/** The same code with a wrong check character. */
export function badChecksum(uscc: string): string {
  const last = uscc[17];
  return uscc.slice(0, 17) + (last === "0" ? "1" : "0");
}

export interface EnterpriseSignup {
  name: string;
  uscc: string;
  districtLabel: string;
  industry: string;
  employees: string;
  contactName: string;
  phone: string;
  email: string;
  password: string;
}

export function enterpriseData(overrides: Partial<EnterpriseSignup> = {}): EnterpriseSignup {
  return {
    name: `长沙测试制造有限公司${Math.random().toString(36).slice(2, 6)}`,
    uscc: randomUscc("enterprise"),
    districtLabel: "雨花区",
    industry: "装备制造",
    employees: "350",
    contactName: "李明",
    phone: "13800138000",
    email: uniqueEmail("ent"),
    password: "Test#Pass2026",
    ...overrides,
  };
}

/** Fills the enterprise sign-up form (the page must be /signup/enterprise). Does not submit. */
export async function fillEnterpriseSignup(page: Page, d: EnterpriseSignup): Promise<void> {
  await page.getByLabel("企业名称").fill(d.name);
  await page.getByLabel("统一社会信用代码").fill(d.uscc);
  await page.getByLabel("所在区县").selectOption({ label: d.districtLabel });
  await page.getByLabel("所属行业").fill(d.industry);
  await page.getByLabel("职工人数").fill(d.employees);
  await page.getByLabel("本企业已建立工会").check();
  await page.getByLabel("联系人姓名").fill(d.contactName);
  await page.getByLabel("联系电话").fill(d.phone);
  await page.getByLabel("电子邮箱").fill(d.email);
  await page.getByRole("textbox", { name: "密码", exact: true }).fill(d.password);
  await page.getByLabel("确认密码").fill(d.password);
}

/** Signs up a new enterprise through the UI and waits until it is signed in. */
export async function signUpEnterprise(page: Page, overrides: Partial<EnterpriseSignup> = {}): Promise<EnterpriseSignup> {
  const d = enterpriseData(overrides);
  await page.goto("/signup/enterprise");
  await fillEnterpriseSignup(page, d);
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await expect(page).toHaveURL(/\/\?welcome=1$/);
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  return d;
}

/** Signs in through the login form and waits until the session is there. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();
}
