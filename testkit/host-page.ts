import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  /** The shop's origin (another port on 127.0.0.1, so another origin than aftercare's). */
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

/**
 * A shop's web page on its own origin, embedding the widget with the README's snippet. The
 * widget's server is given later (it is started after this page, whose origin it must allow).
 */
export async function startHostPage(): Promise<HostPage & { setWidget(src: string, attributes?: Record<string, string>): void }> {
  let script = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test shop</title>
<style>body { font-family: Georgia, serif; color: #333; } h1 { color: #8a2be2 }</style></head>
<body><h1>Test shop</h1><p>Spring sale: 20% off rain jackets.</p><button id="host-button">A button of the shop's own</button>
${script}
</body></html>`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path = '/') => `${origin}${path}`,
    setWidget(src, attributes = {}) {
      const data = Object.entries(attributes)
        .map(([key, value]) => ` data-${key}="${value}"`)
        .join('');
      script = `<script src="${src}"${data} async></script>`;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
