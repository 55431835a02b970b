import http from "node:http";

// Streams request bodies of any size at a loopback server without holding them in memory.

/** What the server answered to an upload. */
export interface UploadResult {
  status: number;
  body: string;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61); // one buffer written again and again: the client allocates nothing

/**
 * POSTs a body (text, or that many bytes of "aaaa…") to 127.0.0.1:port, with a Content-Length or chunked, and
 * resolves with the answer as soon as it arrives (a server that refuses early may reset the rest of the upload).
 */
export function upload(port: number, path: string, body: number | string, options: { chunked: boolean; headers?: Record<string, string> }): Promise<UploadResult> {
  const source = typeof body === "string" ? Buffer.from(body) : CHUNK;
  const bytes = typeof body === "string" ? source.length : body;
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers, ...(options.chunked ? {} : { "content-length": String(bytes) }) };
    const request = http.request({ host: "127.0.0.1", port, path, method: "POST", headers });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !answered && !request.destroyed) {
        const size = Math.min(source.length, bytes - sent);
        sent += size;
        if (!request.write(size === source.length ? source : source.subarray(0, size))) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}
