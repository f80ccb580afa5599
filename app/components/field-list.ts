// Conform's `meta.getFieldList()` THROWS ("The initial value at the given name is not a list") when the
// value of a list field is not an array — e.g. after a rejected post of a forged body `rows=abc` the
// action's reply carries that value back and the re-render would be a 500. A browser never sends such a
// body; the form then shows no rows (the reply's errors still explain what was wrong).
export function fieldList<L extends unknown[]>(meta: { getFieldList: () => L }): L {
  try {
    return meta.getFieldList();
  } catch {
    return [] as unknown as L;
  }
}
