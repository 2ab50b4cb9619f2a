// api_exec (issue 15): a warm client's exec round trip, without any CLI process start.
//   ours:      the typed gRPC client (agent/client), connected once over corrald's unix socket,
//              runs `true` in a running container over the Exec stream, collecting its output,
//              until the exit code and the end of the stream;
//   incus_api: one keep-alive HTTP client over incusd's unix socket: POST
//              /1.0/instances/NAME/exec (record-output, no websockets), then GET
//              /1.0/operations/ID/wait?timeout=… (the command's exit status is in its metadata).
// Same busybox image, one container on each side, samples interleaved (ours, incus, ours, …),
// medians printed as `BENCH api_exec ours=<ms> incus_api=<ms> ratio=<ours/incus>` (target <= 0.5).
// --profile runs corrald with --cpu-prof and prints where its CPU time went.
// Run alone: `node --import tsx bench/api-exec.ts [--iterations 200] [--profile]`.
import { randomBytes } from "node:crypto";
import { Agent as HttpAgent, request } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connect, type CorralClient } from "../agent/client/client";
import type { ExecOutput__Output } from "../proto/gen/types/corral/v1/ExecOutput";
import { buildBusyboxImage } from "../test/fixtures/images";
import { CorralSide } from "./corral-side";
import { removeTree } from "./host-cleanup";
import { INCUS, PeerSide } from "./peer-side";
import { freeSubnet } from "./subnet";
import { median, timeMs } from "./stats";
import { run } from "../agent/host/run";
import { cpuProfileSummary, isStopping, ratioLines, say, suiteMain } from "./suite";

const IMAGE_ALIAS = "benchbb";
const TARGET = 0.5;
const WARMUP = 10;
/** One exec of `true` takes milliseconds; a stuck one fails the bench instead of hanging it. */
const EXEC_TIMEOUT_MS = 30_000;
const rand = () => randomBytes(3).toString("hex");

/** Runs `command` over the Exec stream; resolves to the exit code once the stream ended, with the output collected. */
export function grpcExec(client: CorralClient, instance: string, command: string[]): Promise<{ code: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const call = client.raw.instances.Exec({ deadline: Date.now() + EXEC_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let code: number | undefined;
    call.on("data", (m: ExecOutput__Output) => {
      if (m.msg === "stdout" && m.stdout) out.push(m.stdout);
      else if (m.msg === "stderr" && m.stderr) err.push(m.stderr);
      else if (m.msg === "exit_code") code = m.exit_code ?? 0;
    });
    call.on("error", reject);
    call.on("end", () => (code === undefined ? reject(new Error(`exec in ${instance}: the stream ended without an exit code`)) : resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) })));
    call.write({ start: { instance, command } });
    call.end();
  });
}

/** A warm REST client over a unix socket (one keep-alive connection). */
export class UnixHttp {
  private readonly agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly socketPath: string) {}

  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request({ socketPath: this.socketPath, agent: this.agent, method, path, timeout: EXEC_TIMEOUT_MS, headers: data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          } catch (e) {
            reject(e);
          }
        });
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer after ${EXEC_TIMEOUT_MS} ms`)));
      req.on("error", reject);
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Incus's REST exec: POST with record-output, then the operation's wait; resolves to the exit status. */
export async function incusExec(http: UnixHttp, instance: string, command: string[]): Promise<number> {
  const post = await http.call("POST", `/1.0/instances/${instance}/exec`, { command, environment: {}, "wait-for-websocket": false, interactive: false, "record-output": true });
  if (post.status !== 202) throw new Error(`incus exec: HTTP ${post.status}: ${JSON.stringify(post.json).slice(0, 300)}`);
  const wait = await http.call("GET", `${post.json.operation}/wait?timeout=${EXEC_TIMEOUT_MS / 1000}`);
  const md = wait.json?.metadata;
  if (wait.status !== 200 || md?.status !== "Success") throw new Error(`incus exec: operation ${post.json.operation}: ${JSON.stringify(wait.json).slice(0, 300)}`);
  return md.metadata?.return as number;
}

suiteMain("api_exec", async (c) => {
  const { values } = parseArgs({
    options: {
      iterations: { type: "string", default: process.env.BENCH_API_EXEC_N ?? "200" },
      profile: { type: "boolean", default: !!process.env.BENCH_PROFILE },
    },
  });
  const n = Math.max(1, Number(values.iterations));
  if (process.getuid?.() !== 0) throw new Error("the bench drives LXC, bridges and daemons: run it as root");
  const work = mkdtempSync(join(tmpdir(), "corral-bench-apiexec-"));
  c.teardown(() => removeTree(work));
  const img = buildBusyboxImage(join(work, "img"));
  const profDir = join(work, "cpuprof");
  const ours = new CorralSide({ pool: `cbp${rand()}`, network: `cbn${rand()}` }, "", values.profile ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : []);
  c.teardown(() => ours.teardown());
  const incus = new PeerSide(INCUS, { pool: `bp${rand()}`, network: `ibn${rand()}` }, await freeSubnet());
  const why = await incus.unavailableReason();
  if (why) throw new Error(`api_exec needs Incus: ${why}`);
  c.teardown(() => incus.teardown());
  say("api_exec: setting up corrald and incusd");
  await ours.setup(img.metaPath, IMAGE_ALIAS);
  await incus.setup(img.metaPath, IMAGE_ALIAS);
  const name = `ax${rand()}`;
  await ours.cli(["launch", IMAGE_ALIAS, name]);
  await incus.cli(["launch", IMAGE_ALIAS, name]);

  const client = connect({ endpoint: ours.endpoint });
  c.teardown(() => client.close());
  const http = new UnixHttp(incus.socketPath);
  c.teardown(() => http.close());
  const oursOnce = async () => {
    const r = await grpcExec(client, name, ["true"]);
    if (r.code !== 0) throw new Error(`ours: exec true exited ${r.code}: ${r.stderr}`);
  };
  const incusOnce = async () => {
    const code = await incusExec(http, name, ["true"]);
    if (code !== 0) throw new Error(`incus: exec true exited ${code}`);
  };
  for (let i = 0; i < WARMUP; i++) {
    await oursOnce();
    await incusOnce();
  }
  say(`api_exec: ${n} interleaved round trips per side`);
  const o: number[] = [];
  const p: number[] = [];
  // Floors, in the same sequence: a raw lxc-attach -- true (what our exec spawns) and the nsenter
  // that has to wrap it here (LXC's command socket is an abstract socket of the agent's netns).
  const floor = { attach: [] as number[], nsenter: [] as number[] };
  const ns = [`--net=/run/netns/${ours.netns}`, "--"];
  for (let i = 0; i < n && !isStopping(); i++) {
    if (i % 4 === 0) {
      floor.attach.push(await timeMs(() => run("nsenter", [...ns, "lxc-attach", "-n", name, "-P", ours.lxcPath, "--clear-env", "--", "true"])));
      floor.nsenter.push(await timeMs(() => run("nsenter", [...ns, "true"])));
    }
    // Who goes first alternates too, so neither side always runs right after the other.
    if (i % 2) {
      o.push(await timeMs(oursOnce));
      p.push(await timeMs(incusOnce));
    } else {
      p.push(await timeMs(incusOnce));
      o.push(await timeMs(oursOnce));
    }
  }
  const lines = ratioLines("api_exec", o, "incus_api", p, TARGET);
  const attach = median(floor.attach);
  const nsenter = median(floor.nsenter);
  lines.push(`  floors: nsenter --net + lxc-attach -- true ${attach.toFixed(1)} ms, nsenter --net -- true ${nsenter.toFixed(1)} ms: lxc-attach alone ~${(attach - nsenter).toFixed(1)} ms = ${((attach - nsenter) / median(p)).toFixed(2)} x incus_api`);
  process.stdout.write(lines.join("\n") + "\n");
  if (values.profile) {
    client.close();
    await ours.teardown(); // corrald writes its profile when it exits
    process.stdout.write(cpuProfileSummary(profDir) + "\n");
  }
});
