// Per-request CSP nonce, provided by entry.server and read by <Scripts nonce> etc. In the browser the
// value is "" (browsers hide the nonce attribute anyway).
import { createContext, useContext } from "react";

export const NonceContext = createContext<string>("");

export function useNonce(): string {
  return useContext(NonceContext);
}
