// React 18.3's renderToPipeableStream writes NUL bytes into the HTML: when a multi-byte character
// (any Chinese character) does not fit at the end of its 2048-byte buffer, it flushes the WHOLE buffer,
// the 1–2 bytes it could not fill included (zeros), and starts the character in the next buffer
// (facebook/react#24985; fixed in React 19 by #26228, never released for 18). Our pages are Chinese,
// so every long page had stray NULs, at random places in the text. HTML never legitimately contains
// NUL, so the bytes are dropped from the end of each chunk React writes.
import { Transform, type TransformCallback } from "node:stream";

/** A pass-through stream for renderToPipeableStream's pipe() that drops trailing NUL bytes of each chunk. */
export function createHtmlStream(): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      if (typeof chunk === "string") return callback(null, chunk);
      let end = chunk.length;
      while (end > 0 && chunk[end - 1] === 0) end--;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
