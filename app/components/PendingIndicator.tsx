// Global navigation/submission indicator: a thin bar at the top (role=progressbar) plus a polite live
// region, shown only after a short delay so fast navigations don't flash.
import { useEffect, useState } from "react";
import { useNavigation } from "@remix-run/react";
import { useT } from "~/i18n/react";

export function PendingIndicator({ delayMs = 150 }: { delayMs?: number }) {
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state !== "idle";
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (!busy) {
      setVisible(false);
      return;
    }
    const timer = setTimeout(() => setVisible(true), delayMs);
    return () => clearTimeout(timer);
  }, [busy, delayMs]);

  return (
    <>
      <div className="pointer-events-none fixed inset-x-0 top-0 z-50 h-1 overflow-hidden" aria-hidden={!visible}>
        {visible && (
          <div role="progressbar" aria-label={t("pending.loading")} aria-busy="true" className="h-full w-full">
            <div className="lb-progress h-full w-2/5 rounded-full bg-blue-600" />
          </div>
        )}
      </div>
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {visible ? t("pending.loading") : ""}
      </div>
    </>
  );
}
