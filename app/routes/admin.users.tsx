// ADMIN: list every account (no secrets) and create BROKER / ADMIN accounts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/components/parse-form";

import { requireRole } from "~/auth/guards.server";
import { db } from "~/db.server";
import { createStaffUser } from "~/domain/accounts.server";
import { createStaffSchema, STAFF_ROLES } from "~/domain/accounts.schema";
import type { Prisma } from "~/generated/sqlite/client";
import { Alert } from "~/components/Alert";
import { Badge, RoleBadge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { FormError, Select, TextField } from "~/components/Field";
import { formatDateTime } from "~/components/format";
import { replyForDomainError } from "~/components/form-reply.server";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import type { AppRole } from "~/components/nav";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { assertSameOrigin } from "~/security.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "adminUsers.title");

const ROLES: AppRole[] = ["ENTERPRISE", "ORG", "BROKER", "ADMIN"];
const FIELDS = ["email", "displayName", "role", "password"] as const;

function roleFilter(value: string | null): AppRole | null {
  return ROLES.includes(value as AppRole) ? (value as AppRole) : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const url = new URL(request.url);
  const { page, pageSize, skip, take } = parsePageParams(url);
  const role = roleFilter(url.searchParams.get("role"));
  const where: Prisma.UserWhereInput = role ? { role } : {};
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip,
      take,
      // Explicit select: never the password hash.
      select: {
        id: true,
        email: true,
        displayName: true,
        role: true,
        disabled: true,
        createdAt: true,
        enterprise: { select: { name: true } },
        organization: { select: { name: true } },
      },
    }),
  ]);
  return { users, total, page, pageSize, role };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const actor = await requireRole(request, "ADMIN");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: createStaffSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), created: null }, { status: 400 });
  }
  try {
    await createStaffUser({ id: actor.id, role: actor.role }, submission.value);
  } catch (e) {
    const reply = replyForDomainError(submission, e, getLocale(request), { hideFields: ["password"], fields: FIELDS });
    if (!reply) throw e;
    return data({ result: reply.result, created: null }, { status: reply.status });
  }
  return { result: submission.reply({ resetForm: true }), created: submission.value.email };
}

export default function AdminUsers() {
  const { users, total, page, pageSize, role } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const submitting = navigation.state === "submitting" && navigation.formMethod === "POST";

  const [form, fields] = useForm({
    id: "create-staff",
    lastResult: actionData?.result,
    constraint: getZodConstraint(createStaffSchema),
    defaultValue: { role: "BROKER" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: createStaffSchema });
    },
  });

  return (
    <div className="space-y-8">
      <PageHeader title={t("adminUsers.title")} description={t("adminUsers.subtitle")} />

      <Card title={t("adminUsers.create.title")}>
        {actionData?.created && (
          <Alert tone="success" className="mb-5">
            {t("adminUsers.created", { email: actionData.created })}
          </Alert>
        )}
        <Form method="post" className="space-y-5" {...getFormProps(form)}>
          <FormError id={form.errorId} errors={form.errors} />
          <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
            <TextField meta={fields.displayName} label={t("adminUsers.create.displayName")} autoComplete="off" />
            <TextField meta={fields.email} label={t("adminUsers.create.email")} type="email" autoComplete="off" />
            <Select
              meta={fields.role}
              label={t("adminUsers.create.role")}
              options={STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
            <TextField
              meta={fields.password}
              label={t("adminUsers.create.password")}
              hint={t("adminUsers.create.password.hint")}
              type="password"
              autoComplete="new-password"
            />
          </div>
          <Button type="submit" pending={submitting} pendingLabel={t("signup.submitting")}>
            {t("adminUsers.create.submit")}
          </Button>
        </Form>
      </Card>

      <section aria-labelledby="users-heading" className="space-y-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <h2 id="users-heading" className="text-lg font-semibold text-slate-900">
            {t("adminUsers.list")}
          </h2>
          <Form method="get" className="flex items-end gap-2">
            {searchParams.get("pageSize") && <input type="hidden" name="pageSize" value={searchParams.get("pageSize") ?? ""} />}
            <div>
              <label htmlFor="role-filter" className="mb-1 block text-sm font-medium text-slate-800">
                {t("adminUsers.filter.role")}
              </label>
              <select
                id="role-filter"
                name="role"
                defaultValue={role ?? ""}
                className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
              >
                <option value="">{t("adminUsers.filter.all")}</option>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" variant="secondary">
              {t("adminUsers.filter.submit")}
            </Button>
          </Form>
        </div>
        <DataTable
          caption={t("adminUsers.list")}
          rows={users}
          rowKey={(u) => u.id}
          empty={t("adminUsers.empty")}
          columns={[
            { key: "name", header: t("adminUsers.col.name"), cell: (u) => <span className="font-medium">{u.displayName}</span> },
            { key: "email", header: t("adminUsers.col.email"), cell: (u) => <span className="break-all">{u.email}</span> },
            { key: "role", header: t("adminUsers.col.role"), cell: (u) => <RoleBadge role={u.role} /> },
            {
              key: "party",
              header: t("adminUsers.col.party"),
              hideOnMobile: true,
              cell: (u) => u.enterprise?.name ?? u.organization?.name ?? <span className="text-slate-500">—</span>,
            },
            {
              key: "status",
              header: t("adminUsers.col.status"),
              cell: (u) =>
                u.disabled ? (
                  <Badge tone="gray">{t("adminUsers.status.disabled")}</Badge>
                ) : (
                  <Badge tone="green">{t("adminUsers.status.active")}</Badge>
                ),
            },
            {
              key: "createdAt",
              header: t("adminUsers.col.createdAt"),
              hideOnMobile: true,
              cell: (u) => <span className="whitespace-nowrap">{formatDateTime(u.createdAt, t.locale)}</span>,
            },
          ]}
        />
        <Pagination page={page} pageSize={pageSize} total={total} showPageSize />
      </section>
    </div>
  );
}
