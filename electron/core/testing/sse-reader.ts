/** Reads a Server-Sent Events response in tests: yields each message's event name and data. */
export async function* readSse(response: Response): AsyncGenerator<{ event: string; data: string; id?: string }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message: { event: string; data: string; id?: string } = { event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const [field, ...rest] = line.split(':');
        const text = rest.join(':').replace(/^ /, '');
        if (field === 'event') message.event = text;
        else if (field === 'data') message.data += text;
        else if (field === 'id') message.id = text;
      }
      if (message.data || message.event !== 'message') yield message;
    }
  }
}
