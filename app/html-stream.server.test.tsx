import { describe, expect, it } from "vitest";
import { PassThrough, type Readable } from "node:stream";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { createHtmlStream } from "./html-stream.server";

function Page() {
  // Enough mixed ASCII / CJK text to cross many 2048-byte buffer boundaries at odd offsets.
  const rows = Array.from({ length: 400 }, (_, i) => `第${i}行：服务人次完成率 ${i % 7 ? "a" : "ab"} 长沙市雨花区心桥心理咨询服务中心。`);
  return (
    <ul>
      {rows.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

function render(body: PassThrough | ReturnType<typeof createHtmlStream>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    (body as Readable).on("data", (c: Buffer) => chunks.push(c));
    (body as Readable).on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(<Page />, { onAllReady: () => pipe(body), onShellError: reject });
  });
}

describe("HTML stream", () => {
  it("drops the NUL bytes React 18 leaves at buffer ends, so the HTML equals renderToString's", async () => {
    // Without it, this page comes out with NULs (React 18.3).
    const raw = await render(new PassThrough());
    if (raw.includes(0)) expect(raw.toString("utf8")).not.toBe(renderToString(<Page />));
    const fixed = await render(createHtmlStream());
    expect(fixed.includes(0)).toBe(false);
    expect(fixed.toString("utf8")).toBe(renderToString(<Page />));
  });

  it("passes chunks without trailing zeros through unchanged", async () => {
    const s = createHtmlStream();
    const out: Buffer[] = [];
    s.on("data", (c: Buffer) => out.push(c));
    s.write(Buffer.from("中文", "utf8"));
    s.write(Buffer.concat([Buffer.from("abc"), Buffer.from([0, 0])]));
    s.end();
    await new Promise((r) => s.on("end", r));
    expect(Buffer.concat(out).toString("utf8")).toBe("中文abc");
  });
});
