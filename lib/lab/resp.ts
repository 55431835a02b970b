// The part of RESP2 (the Redis protocol) the lab's fake Redis needs: commands in, simple replies out.

/** A reply the fake Redis can send. */
export type RespReply =
  | { simple: string }
  | { error: string }
  | { integer: number }
  | { bulk: string | null }
  | { array: RespReply[] };

/** Splits every complete command (RESP arrays of bulk strings, or inline lines) off the front of `buffer`. */
export function parseRespCommands(buffer: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const parsed = buffer[offset] === 0x2a ? parseArray(buffer, offset) : parseInline(buffer, offset);
    if (parsed === null) break;
    if (parsed.command.length > 0) commands.push(parsed.command);
    offset = parsed.next;
  }
  return { commands, rest: buffer.subarray(offset) };
}

/** Reads a CRLF-terminated line at `offset`; null when incomplete. */
function readLine(buffer: Buffer, offset: number): { line: string; next: number } | null {
  const end = buffer.indexOf("\r\n", offset);
  return end === -1 ? null : { line: buffer.toString("utf8", offset, end), next: end + 2 };
}

/** Parses `*N\r\n` followed by N `$len\r\n<bytes>\r\n` bulk strings. */
function parseArray(buffer: Buffer, offset: number): { command: string[]; next: number } | null {
  const header = readLine(buffer, offset);
  if (header === null) return null;
  const count = Number(header.line.slice(1));
  const command: string[] = [];
  let next = header.next;
  for (let index = 0; index < count; index += 1) {
    const lengthLine = readLine(buffer, next);
    if (lengthLine === null) return null;
    const length = Number(lengthLine.line.slice(1));
    if (lengthLine.next + length + 2 > buffer.length) return null;
    command.push(buffer.toString("utf8", lengthLine.next, lengthLine.next + length));
    next = lengthLine.next + length + 2;
  }
  return { command, next };
}

/** Parses an inline command (`PING\r\n`), as typed into telnet or nc. */
function parseInline(buffer: Buffer, offset: number): { command: string[]; next: number } | null {
  const line = readLine(buffer, offset);
  return line === null ? null : { command: line.line.trim().split(/\s+/).filter(Boolean), next: line.next };
}

/** Encodes a reply in RESP2. */
export function encodeRespReply(reply: RespReply): string {
  if ("simple" in reply) return `+${reply.simple}\r\n`;
  if ("error" in reply) return `-${reply.error}\r\n`;
  if ("integer" in reply) return `:${reply.integer}\r\n`;
  if ("bulk" in reply) {
    return reply.bulk === null ? "$-1\r\n" : `$${Buffer.byteLength(reply.bulk)}\r\n${reply.bulk}\r\n`;
  }
  return `*${reply.array.length}\r\n${reply.array.map(encodeRespReply).join("")}`;
}
