// Accounts end to end (issue 2): sign-up as an enterprise and as a social organization, sign-in and
// sign-out, password change, the login rate limit, the language switch and the 404 page.
import { expect, test } from "./fixtures";
import { DEMO, uniqueEmail } from "./accounts";
import { badChecksum, enterpriseData, fillEnterpriseSignup, randomUscc, signIn, signOut, signUpEnterprise } from "./helpers";

test.describe("enterprise sign-up", () => {
  test("a new enterprise with a valid 统一社会信用代码 is signed in as 企业", async ({ page }) => {
    const d = await signUpEnterprise(page);
    await expect(page.getByText(/当前用户：.*（企业）/).first()).toBeAttached();
    expect(d.email).toContain("@");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });

  test("a wrong check digit shows the Chinese error next to the field and keeps the other input", async ({ page }) => {
    const d = enterpriseData();
    await page.goto("/signup/enterprise");
    await fillEnterpriseSignup(page, { ...d, uscc: badChecksum(d.uscc) });
    await page.getByRole("button", { name: "注册", exact: true }).click();

    const uscc = page.getByLabel("统一社会信用代码");
    await expect(uscc).toHaveAttribute("aria-invalid", "true");
    await expect(uscc).toHaveAccessibleDescription(/统一社会信用代码校验位不正确/);
    await expect(page).toHaveURL(/\/signup\/enterprise/);
    await expect(page.getByLabel("企业名称")).toHaveValue(d.name);
    await expect(page.getByLabel("电子邮箱")).toHaveValue(d.email);
    await expect(page.getByLabel("联系电话")).toHaveValue(d.phone);
  });

  test.describe("without JavaScript (the server validates)", () => {
    test.use({ javaScriptEnabled: false });

    test("the server answers a bad code with the field error and the user's other input", async ({ page }) => {
      const d = enterpriseData();
      await page.goto("/signup/enterprise");
      await fillEnterpriseSignup(page, { ...d, uscc: "91430105ABCDEFGH1" }); // 17 characters
      const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/signup/enterprise"));
      await page.getByRole("button", { name: "注册", exact: true }).click();
      expect((await response).status()).toBe(400);

      const uscc = page.getByLabel("统一社会信用代码");
      await expect(uscc).toHaveAccessibleDescription(/统一社会信用代码应为 18 位/);
      await expect(page.getByLabel("企业名称")).toHaveValue(d.name);
      await expect(page.getByLabel("所在区县")).toHaveValue("yuhua");
      await expect(page.getByLabel("联系人姓名")).toHaveValue(d.contactName);
      await expect(page.getByLabel("电子邮箱")).toHaveValue(d.email);
      // Passwords are never echoed back.
      await expect(page.getByRole("textbox", { name: "密码", exact: true })).toHaveValue("");
    });
  });
});

test("a social organization signs up and lands on the 待审核 notice", async ({ page }) => {
  await page.goto("/signup/org");
  const email = uniqueEmail("org");
  await page.getByLabel("机构名称").fill(`长沙市测试职工服务社${Math.random().toString(36).slice(2, 6)}`);
  await page.getByLabel("统一社会信用代码").fill(randomUscc("org"));
  await page.getByLabel("登记管理机关").fill("长沙市民政局");
  await page.getByLabel("所在区县").selectOption({ label: "开福区" });
  await page.getByLabel("法律援助").check();
  await page.getByLabel("心理咨询").check();
  await page.getByLabel("联系人姓名").fill("王芳");
  await page.getByLabel("联系电话").fill("0731-88886666");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByRole("textbox", { name: "密码", exact: true }).fill("Org#Pass2026");
  await page.getByLabel("确认密码").fill("Org#Pass2026");
  await page.getByRole("button", { name: "注册", exact: true }).click();

  await expect(page).toHaveURL(/\/\?welcome=1$/);
  await expect(page.getByText("您的机构正在审核中（待审核）").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
});

test("sign in and sign out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(DEMO.admin.email);
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  await expect(page.getByText("邮箱或密码不正确")).toBeVisible();
  await expect(page.getByLabel("电子邮箱")).toHaveValue(DEMO.admin.email);

  await page.getByLabel("密码").fill(DEMO.admin.password);
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/admin\/users/);
  await expect(page.getByText(/当前用户：.*（管理员）/).first()).toBeAttached();

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "lb_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  await signOut(page);
  await expect(page).toHaveURL(/\/$/);
  expect((await page.context().cookies()).find((c) => c.name === "lb_session")).toBeUndefined();
  // A protected page now sends the visitor to sign in.
  await page.goto("/account/password");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount%2Fpassword/);
});

test("change password: the old one stops working, the new one works", async ({ page }) => {
  const d = await signUpEnterprise(page);
  const next = "Changed#Pass2026";
  await page.goto("/account/password");
  await page.getByLabel("当前密码").fill(d.password);
  await page.getByRole("textbox", { name: "新密码", exact: true }).fill(next);
  await page.getByLabel("确认新密码").fill(next);
  await page.getByRole("main").getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/\/account\/password\?changed=1/);
  await expect(page.getByText("密码已修改。")).toBeVisible();

  await signOut(page);
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(d.email);
  await page.getByLabel("密码").fill(d.password);
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  await expect(page.getByText("邮箱或密码不正确")).toBeVisible();

  await signIn(page, d.email, next);
});

test("the 6th login attempt within 15 minutes is refused with 尝试次数过多", async ({ page }) => {
  const email = uniqueEmail("limited");
  await page.goto("/login");
  const submit = page.getByRole("main").getByRole("button", { name: "登录" });
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("电子邮箱").fill(email);
    await page.getByLabel("密码").fill(`wrong-password-${i}`);
    const res = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"));
    await submit.click();
    expect((await res).status(), `attempt ${i}`).toBe(401);
    await expect(page.getByText("邮箱或密码不正确")).toBeVisible();
  }
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill("wrong-password-6");
  await submit.click();
  const alert = page.getByText("尝试次数过多，请 15 分钟后再试");
  await expect(alert).toBeVisible();
  await expect(page.getByText("邮箱或密码不正确")).toHaveCount(0);
});

test("language switch: 中文 → English → 中文, <html lang> follows", async ({ page }) => {
  await page.goto("/login");
  const html = page.locator("html");
  await expect(html).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();

  await page.getByRole("button", { name: "切换语言为 English" }).click();
  await expect(html).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();

  // The choice sticks across pages.
  await page.goto("/signup/enterprise");
  await expect(html).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Enterprise registration" })).toBeVisible();

  await page.getByRole("button", { name: "Switch language to 中文" }).click();
  await expect(html).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "企业注册" })).toBeVisible();
});

test("an unknown page is a 404 in Chinese", async ({ page }) => {
  const res = await page.goto(`/no-such-page-${Date.now()}`);
  expect(res?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "找不到页面" })).toBeVisible();
  await expect(page.getByText("您访问的页面不存在")).toBeVisible();
});
