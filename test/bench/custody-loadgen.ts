import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * The movement load generator (its own child process). Unlike the check-in load, every accepted
 * carry-in consumes its approved request, so the run is counted, not timed: `jobs` are sent in order
 * over `connections` keep-alive connections, one request at a time each, taken from one shared queue.
 * The first `warmup` are not measured, the next `measured` are, and the rest (a few per connection)
 * keep every connection busy until the last measured reply is in. Throughput is measured requests
 * over the time from sending the first measured one to the last measured reply.
 */
export interface MovementJob {
  areaId: number;
  accessEventId: number;
  scannedCode: string;
}

export interface MovementLoadSpec {
  kind: 'bare' | 'real';
  url: string;
  token: string | null;
  connections: number;
  warmup: number;
  measured: number;
  jobs: MovementJob[];
  runTag: string;
}

export interface MovementLoadResult {
  requests: number;
  seconds: number;
  latenciesMs: Float64Array;
  /** Over the whole run, warm-up and tail included. */
  total: number;
  non2xx: number;
  statuses: Record<string, number>;
  errors: number;
  errorSample: string | null;
  /** Real server only: 2xx replies whose movement was refused, by reason. */
  refused: number;
  refusals: Record<string, number>;
  accepted: number;
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

export async function runMovementLoad(spec: MovementLoadSpec): Promise<MovementLoadResult> {
  if (spec.jobs.length < spec.warmup + spec.measured) throw new Error(`movement loadgen: ${spec.jobs.length} jobs for ${spec.warmup} + ${spec.measured}`);
  const url = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const lastMeasured = spec.warmup + spec.measured;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  const r = { total: 0, non2xx: 0, errors: 0, errorSample: null as string | null, refused: 0, accepted: 0 };
  let next = 0;
  let measuredDone = 0;
  let windowStart = NaN;
  let windowEnd = NaN;

  async function connection(): Promise<void> {
    // Keep sending until every measured reply is in: the jobs after the measured ones keep the load at C.
    while (measuredDone < spec.measured && next < spec.jobs.length) {
      const i = next++;
      const job = spec.jobs[i]!;
      const body = JSON.stringify({
        idempotencyKey: `${spec.runTag}-${i}`,
        areaId: job.areaId,
        direction: 'in',
        scannedCode: job.scannedCode,
        accessEventId: job.accessEventId,
      });
      const measured = i >= spec.warmup && i < lastMeasured;
      const t0 = performance.now();
      if (i === spec.warmup) windowStart = t0;
      try {
        const reply = await post(agent, url, spec.token, body);
        const t1 = performance.now();
        r.total++;
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (measured) {
          latencies.push(t1 - t0);
          measuredDone++;
          if (measuredDone === spec.measured) windowEnd = t1;
        }
        if (reply.status < 200 || reply.status > 299) {
          r.non2xx++;
          r.errorSample ??= `${reply.status} ${reply.text.slice(0, 300)}`;
          continue;
        }
        if (spec.kind === 'real') {
          const movement = (JSON.parse(reply.text) as { movement?: { result?: string; refusalReason?: string | null } }).movement;
          if (movement?.result === 'accepted') r.accepted++;
          else {
            r.refused++;
            const reason = movement?.refusalReason ?? 'unparsed';
            refusals[reason] = (refusals[reason] ?? 0) + 1;
            r.errorSample ??= `refused: ${reply.text.slice(0, 300)}`;
          }
        } else r.accepted++;
      } catch (err) {
        r.total++;
        r.errors++;
        r.errorSample ??= String(err);
        if (measured) {
          measuredDone++;
          if (measuredDone === spec.measured) windowEnd = performance.now();
        }
        await new Promise((res) => setTimeout(res, 10));
      }
    }
  }

  await Promise.all(Array.from({ length: spec.connections }, () => connection()));
  agent.destroy();
  return {
    ...r,
    requests: latencies.length,
    seconds: (windowEnd - windowStart) / 1000,
    latenciesMs: Float64Array.from(latencies),
    statuses,
    refusals,
  };
}

// As a child process: one spec in, one result out.
if (process.send) {
  process.send({ ready: true });
  process.once('message', (spec: MovementLoadSpec) => {
    runMovementLoad(spec).then(
      (result) => process.send!(result, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`movement loadgen: ${String(err)}\n`);
        process.exit(1);
      },
    );
  });
}
