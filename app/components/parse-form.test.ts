import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_LIST_INDEX, hasHugeListIndex, parseWithZod } from "./parse-form";

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

describe("parseWithZod (huge list indexes)", () => {
  const list = z.object({ l: z.array(z.object({ v: z.string() })).optional(), a: z.string().optional() });

  it("a field name with an index above MAX_LIST_INDEX is dropped, promptly, and the submission is an error", () => {
    for (const name of ["l[1000].v", "l[99999999].v", "l[4294967294].v", "l[100000000000000000000].v", "a[5000]"]) {
      const t0 = Date.now();
      const s = parseWithZod(form([["a", "x"], [name, "1"]]), { schema: list });
      expect(Date.now() - t0, name).toBeLessThan(500);
      expect(s.status, name).toBe("error");
      expect(s.reply().error, name).toEqual({ "": ["error.invalidInput"] });
      expect(s.reply().initialValue, name).toEqual({ a: "x" });
    }
    expect(hasHugeListIndex(`l[${MAX_LIST_INDEX}].v`)).toBe(false);
    expect(hasHugeListIndex(`l[${MAX_LIST_INDEX + 1}].v`)).toBe(true);
    expect(parseWithZod(form([[`l[${MAX_LIST_INDEX}].v`, "1"]]), { schema: list }).status).toBe("error"); // holes: v required
  });

  it("list intents with a huge or negative index, or a name with a huge index, are refused", () => {
    for (const payload of [
      { type: "insert", payload: { name: "l", index: 1e20 } },
      { type: "remove", payload: { name: "l", index: -1 } },
      { type: "reorder", payload: { name: "l", from: 0, to: 1.5 } },
      { type: "update", payload: { name: "l", index: 4294967294, value: { v: "x" } } },
      { type: "insert", payload: { name: "l[99999999].w" } },
      { type: "insert", payload: { name: 42 } },
    ]) {
      const t0 = Date.now();
      const s = parseWithZod(form([["l[0].v", "a"], ["__intent__", JSON.stringify(payload)]]), { schema: list });
      expect(Date.now() - t0).toBeLessThan(500);
      expect(s.status, JSON.stringify(payload)).toBe("error");
    }
    // What the editor's buttons send still works.
    const ins = parseWithZod(form([["l[0].v", "a"], ["__intent__", JSON.stringify({ type: "insert", payload: { name: "l", index: 1, defaultValue: { v: "b" } } })]]), { schema: list });
    expect(ins.status).toBeUndefined();
    expect(ins.payload).toEqual({ l: [{ v: "a" }, { v: "b" }] });
  });
});

