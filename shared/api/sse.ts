/**
 * Reading a Server-Sent Events stream, as the bridge (electron/bridge/server.ts) writes it: blocks
 * of `event: NAME` and `data: TEXT` lines, each block ended by a blank line (the team server's
 * `/v1/projects/:guid/events` writes the same). The window (renderer/api/client.ts) and the
 * benchmarks read the bridge's events with it; the team server's tests and benchmark read its
 * stream with it (tests/support/team-server.ts).
 */

export interface SseMessage {
  /** The `event:` name; 'message' when the block has none (as EventSource does). */
  event: string;
  /** The `data:` lines, joined by line breaks. */
  data: string;
}

/** One block (without its blank line); null when it has no data. */
export function parseSseBlock(block: string): SseMessage | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trim());
  }
  return data.length ? { event, data: data.join('\n') } : null;
}

/** A reader of a stream's text as it arrives: give it each chunk, it answers the messages that chunk completed. */
export function sseSplitter(): (chunk: string) => SseMessage[] {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    const out: SseMessage[] = [];
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = parseSseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (message) out.push(message);
    }
    return out;
  };
}
