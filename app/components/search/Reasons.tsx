// Match reasons (`match.reason.*` i18n keys + params) as a readable list: category codes become labels,
// districts their name in the reader's language.
import { Badge } from "~/components/Badge";
import { categoryLabel } from "~/components/registry/labels";
import type { TParams } from "~/i18n";
import { useT, type TFunction } from "~/i18n/react";

export interface Reason {
  code: string;
  params: Record<string, string | number>;
}

export function reasonText(t: TFunction, r: Reason): string {
  const p: TParams = { ...r.params };
  if (typeof r.params.category === "string")
    p.category = categoryLabel(t, r.params.category);
  if (r.params.districtName)
    p.district = String(
      t.locale === "en"
        ? r.params.districtNameEn ?? r.params.districtName
        : r.params.districtName
    );
  return t.tx(r.code, p);
}

export function ReasonList({
  reasons,
  compact = false,
}: {
  reasons: readonly Reason[];
  compact?: boolean;
}) {
  const t = useT();
  if (compact) {
    return (
      <ul className="flex flex-wrap gap-1.5" aria-label={t("search.why")}>
        {reasons.map((r, i) => (
          <li key={`${r.code}-${i}`}>
            <Badge
              tone={
                r.code.endsWith("union") || r.code.endsWith("unionPreferred")
                  ? "teal"
                  : "gray"
              }
              className="whitespace-normal"
            >
              {reasonText(t, r)}
            </Badge>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ul
      className="list-disc space-y-0.5 pl-5 text-sm text-slate-700"
      aria-label={t("search.why")}
    >
      {reasons.map((r, i) => (
        <li key={`${r.code}-${i}`}>{reasonText(t, r)}</li>
      ))}
    </ul>
  );
}

/** Highlighted text from the search engine: HTML-escaped with <mark>…</mark>. Any other tag is
 * re-escaped here as well (defence in depth), so only <mark> can ever reach the DOM. */
export function safeHighlight(html: string): string {
  return html.replace(/<(?!\/?mark>)/g, "&lt;");
}

export function Highlighted({
  html,
  fallback,
  className,
}: {
  html: string | undefined;
  fallback: string;
  className?: string;
}) {
  if (!html) return <span className={className}>{fallback}</span>;
  // eslint-disable-next-line react/no-danger -- engine output: escaped text plus <mark>, re-checked by safeHighlight
  return (
    <span
      className={className}
      dangerouslySetInnerHTML={{ __html: safeHighlight(html) }}
    />
  );
}
