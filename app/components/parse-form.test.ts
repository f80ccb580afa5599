import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseWithZod } from "./parse-form";

const schema = z.object({ a: z.string({ required_error: "error.required" }), l: z.array(z.string()).optional() });
const form = (entries: [string, string][]) => {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
};

describe("parseWithZod (forged Conform controls)", () => {
  it("a forged __intent__ / __state__ is an error submission with the input kept, never a throw", () => {
    for (const bad of ["constructor", '{"type":"zzz"}', '{"type":"remove","payload":{"name":"a","index":0}}']) {
      const s = parseWithZod(form([["a", "x"], ["__intent__", bad]]), { schema });
      expect(s.status, bad).toBe("error");
      const reply = s.reply();
      expect(reply.error).toEqual({ "": ["error.invalidInput"] });
      expect(reply.initialValue).toEqual({ a: "x" });
    }
    const st = parseWithZod(form([["a", "x"], ["__state__", "{bad"]]), { schema });
    expect(st.status).toBe("error");
  });

  it("with a forged control and invalid fields, the field errors are returned", () => {
    const s = parseWithZod(form([["__intent__", "constructor"]]), { schema });
    expect(s.status).toBe("error");
    expect(s.reply().error).toMatchObject({ a: ["error.required"] });
  });

  it("valid controls and plain forms are unchanged", () => {
    expect(parseWithZod(form([["a", "x"]]), { schema }).status).toBe("success");
    const ins = parseWithZod(form([["a", "x"], ["__intent__", '{"type":"insert","payload":{"name":"l"}}']]), { schema });
    expect(ins.status).toBeUndefined();
  });
});
