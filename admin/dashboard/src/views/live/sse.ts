/** One Server-Sent Events frame (comment-only frames are not reported). */
export interface SseFrame {
  event: string;
  data: string;
  id: string | null;
}

/**
 * Splits an SSE byte stream into frames. Fed chunks at arbitrary boundaries (a frame, a line or a UTF-8 sequence
 * may be cut anywhere), it reports each complete frame once.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';

  push(chunk: Uint8Array): SseFrame[] {
    // The admin writes LF line ends; CR LF is folded too, in the buffer, so a pair cut between two chunks still is.
    // (A lone CR line end, which the SSE format also allows, is not read: nothing here sends one.)
    this.buffer = (this.buffer + this.decoder.decode(chunk, { stream: true })).replace(/\r\n/g, '\n');
    const frames: SseFrame[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      let id: string | null = null;
      const data: string[] = [];
      for (const line of raw.split('\n')) {
        if (line.startsWith(':') || line === '') continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
      if (data.length > 0) frames.push({ event, data: data.join('\n'), id });
    }
    return frames;
  }
}
