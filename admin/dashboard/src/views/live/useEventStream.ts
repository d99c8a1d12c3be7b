import { useEffect, useRef, useState } from 'react';
import type { DetectionEvent } from '../../api/types';
import { useSession } from '../../auth/session';
import { SseParser } from './sse';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * The admin's live feed through fetch (EventSource cannot send the Authorization header). Reconnects with
 * back-off; hands each detection event to `onEvent`.
 */
export function useEventStream(onEvent: (e: DetectionEvent) => void): StreamState {
  const { api } = useSession();
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      let delay = 500;
      while (!abort.signal.aborted) {
        try {
          const res = await fetch('/spm/api/stream/events', { headers: api.headers({ Accept: 'text/event-stream' }), signal: abort.signal });
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          setState('live');
          delay = 500;
          const reader = res.body.getReader();
          const parser = new SseParser();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const frame of parser.push(value)) {
              if (frame.event === 'detection') handler.current(JSON.parse(frame.data) as DetectionEvent);
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        setState('reconnecting');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
    return () => abort.abort();
  }, [api]);

  return state;
}
