// A server-rendered ECharts SVG (reports.server chartSvg & co.), inlined so it works without
// client-side JavaScript. The SVG is our own output (no user HTML); it scales to its box.
export function Chart({ svg, label, className }: { svg: string; label: string; className?: string }) {
  // ECharts adds a <style> of hover effects with global class names (zr0-cls-N) that would clash
  // between several charts on one page; a static chart does not need it.
  // The charts name the PDF's font (Noto Sans SC); in the browser fall back to the page's sans-serif stack.
  const html = svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/font-family:Noto Sans SC;/g, "font-family:'Noto Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Zen Hei',sans-serif;");
  return (
    <figure className={className}>
      <div
        role="img"
        aria-label={label}
        className="w-full overflow-hidden [&_svg]:h-auto [&_svg]:w-full [&_svg]:max-w-full"
        // eslint-disable-next-line react/no-danger
        dangerouslySetInnerHTML={{ __html: html }}
      />
      <figcaption className="sr-only">{label}</figcaption>
    </figure>
  );
}
