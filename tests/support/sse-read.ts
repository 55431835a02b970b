// Reading an SSE body in tests: the text so far, until a condition holds or a time limit passes.

/** Reads the stream until `until` matches the text so far, or the time limit passes. */
export async function readUntil(stream: ReadableStream<Uint8Array>, until: (text: string) => boolean, ms = 2_000): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!until(text) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  reader.releaseLock();
  return text;
}
