import { Agent, request } from 'node:http';

export interface PacedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface PacedResult {
  sent: number;
  errors: number;
  non2xx: number;
  /** Per request: response complete minus the moment it was due (so a late send counts against us). */
  latenciesMs: number[];
  bodies: string[];
  seconds: number;
}

/**
 * An open-loop load generator: request i is due at start + i/rate and is sent then, however
 * slowly earlier ones are answered, and its latency is counted from when it was due. That is
 * a steady rate, as a platform delivering webhooks produces. autocannon's rate limit instead
 * sends each second's quota at the start of the second and then waits: a burst, not a rate.
 */
export async function pacedLoad(baseUrl: string, rate: number, count: number, next: (index: number) => PacedRequest): Promise<PacedResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latenciesMs: number[] = [];
  const bodies: string[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];

  const fire = (index: number, dueAt: number) => {
    const { path, headers, body } = next(index);
    sent++;
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            latenciesMs.push(performance.now() - dueAt);
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            bodies.push(Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
        });
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(body);
      }),
    );
  };

  await new Promise<void>((done) => {
    let index = 0;
    const tick = () => {
      const now = performance.now();
      while (index < count && started + (index * 1000) / rate <= now) {
        fire(index, started + (index * 1000) / rate);
        index++;
      }
      if (index < count) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  return { sent, errors, non2xx, latenciesMs, bodies, seconds: (performance.now() - started) / 1000 };
}
