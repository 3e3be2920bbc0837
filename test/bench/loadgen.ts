import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { uuidv7 } from '../../kiosk/src/kiosk/keys.ts';

/**
 * The load generator (its own child process, so it never competes with a server's event loop):
 * `connections` keep-alive connections, each sending one request at a time, for a warm-up and then
 * a measured window. Each connection owns its own workers, so in/out alternate per worker exactly as
 * at a real door and the server's sequence rules see valid traffic.
 */
export interface LoadSpec {
  kind: 'bare' | 'real';
  url: string;
  token: string | null;
  areaId: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** One QR payload per worker; the bare server gets look-alike strings of the same length. */
  badges: string[];
  /** Whether each worker is inside when this run starts (carried from run to run by the parent). */
  inside: boolean[];
  /** Names the run in logs; the idempotency keys are what a kiosk sends (UUIDv7, kiosk/src/kiosk/keys.ts). */
  runTag: string;
}

export interface LoadResult {
  /** Requests completed inside the measured window, and their latencies. */
  requests: number;
  seconds: number;
  latenciesMs: Float64Array;
  /** Over the whole run, warm-up included. */
  total: number;
  non2xx: number;
  statuses: Record<string, number>;
  errors: number;
  errorSample: string | null;
  refused: number;
  outOfSequence: number;
  inside: boolean[];
}

interface Reply {
  status: number;
  text: string;
}

function post(agent: Agent, url: URL, token: string | null, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.badges.length < spec.connections) throw new Error(`loadgen: ${spec.badges.length} workers for ${spec.connections} connections`);
  const url = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const inside = [...spec.inside];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const r = { total: 0, non2xx: 0, errors: 0, errorSample: null as string | null, refused: 0, outOfSequence: 0 };
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const stopAt = measureFrom + spec.durationMs;

  async function connection(k: number): Promise<void> {
    const mine = spec.badges.map((_, i) => i).filter((i) => i % spec.connections === k);
    for (let n = 0; performance.now() < stopAt; n++) {
      const w = mine[n % mine.length]!;
      const direction = inside[w] ? 'out' : 'in';
      const body = JSON.stringify({
        idempotencyKey: uuidv7(),
        areaId: spec.areaId,
        direction,
        purpose: direction === 'in' ? '定常作業' : '',
        identification: { method: 'badge', payload: spec.badges[w] },
      });
      const t0 = performance.now();
      try {
        const reply = await post(agent, url, spec.token, body);
        const t1 = performance.now();
        r.total++;
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (t0 >= measureFrom && t1 <= stopAt) latencies.push(t1 - t0);
        if (reply.status < 200 || reply.status > 299) {
          r.non2xx++;
          r.errorSample ??= `${reply.status} ${reply.text.slice(0, 300)}`;
          continue;
        }
        if (spec.kind === 'real' && !reply.text.includes('"result":"accepted"')) {
          r.refused++;
          r.errorSample ??= `refused: ${reply.text.slice(0, 300)}`;
          continue;
        }
        if (reply.text.includes('out_of_sequence')) r.outOfSequence++;
        inside[w] = !inside[w];
      } catch (err) {
        r.total++;
        r.errors++;
        r.errorSample ??= String(err);
        await new Promise((res) => setTimeout(res, 10));
      }
    }
  }

  await Promise.all(Array.from({ length: spec.connections }, (_, k) => connection(k)));
  agent.destroy();
  return { ...r, requests: latencies.length, seconds: spec.durationMs / 1000, latenciesMs: Float64Array.from(latencies), statuses, inside };
}

// As a child process: one spec in, one result out.
if (process.send) {
  process.send({ ready: true });
  process.once('message', (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send!(result, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`loadgen: ${String(err)}\n`);
        process.exit(1);
      },
    );
  });
}
