/**
 * An incremental Server-Sent Events parser: feed it decoded text in whatever pieces the network
 * delivers; it calls back once per complete message (a block ended by a blank line).
 */

/** One SSE message: `event` is 'message' when the block named none. */
export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/** Feed text with push(); messages come out through the callback given to createSseParser. */
export interface SseParser {
  push(text: string): void;
}

export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  let pending = '';
  // A chunk may end between the \r and \n of one line break: remember to skip that \n.
  let skipLeadingLf = false;
  let event = '';
  let data: string[] = [];
  let id: string | undefined;

  const dispatch = () => {
    // Unlike the spec, a named block without data is delivered too: the server's `event: open` may carry none.
    if (data.length > 0 || event !== '') onMessage({ event: event || 'message', data: data.join('\n'), id });
    event = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // keep-alive comment
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  };

  return {
    push(text) {
      let input = text;
      if (skipLeadingLf && input.startsWith('\n')) input = input.slice(1);
      skipLeadingLf = false;
      pending += input;
      let start = 0;
      for (let i = 0; i < pending.length; i += 1) {
        const ch = pending[i];
        if (ch !== '\n' && ch !== '\r') continue;
        line(pending.slice(start, i));
        if (ch === '\r') {
          if (i + 1 === pending.length) skipLeadingLf = true;
          else if (pending[i + 1] === '\n') i += 1;
        }
        start = i + 1;
      }
      pending = pending.slice(start);
    },
  };
}
