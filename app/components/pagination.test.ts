import { describe, expect, it } from "vitest";
import { pageCount, pageHref, pageWindow, parsePageParams } from "./pagination";

describe("pagination helpers", () => {
  it("parses and clamps page/pageSize", () => {
    expect(parsePageParams(new URL("http://x/?page=3&pageSize=50"))).toEqual({ page: 3, pageSize: 50, skip: 100, take: 50 });
    expect(parsePageParams("/?page=-1&pageSize=7")).toMatchObject({ page: 1, pageSize: 20, skip: 0 });
    expect(parsePageParams("/?page=abc")).toMatchObject({ page: 1 });
  });

  it("counts pages and windows them", () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(41, 20)).toBe(3);
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it("keeps other query params in links", () => {
    expect(pageHref("?role=ORG&page=2", 3)).toBe("?role=ORG&page=3");
    expect(pageHref("?role=ORG&page=2", 1)).toBe("?role=ORG");
    expect(pageHref("", 1)).toBe("?");
  });
});
