// What every `corral` command shares: the streams it writes to, the lazily opened agent client,
// and the progress line for operations.
import type { Readable, Writable } from "node:stream";
import type * as grpc from "@grpc/grpc-js";
import { channelCredentials, connect, type CorralClient } from "../client";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import { ProgressLine } from "./progress";

export { ProgressLine, progressText } from "./progress";

/** The process streams, injectable so `main()` can run in-process under a test. */
export interface Io {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** The real process streams. */
export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Global options every command accepts. */
export interface GlobalOptions {
  endpoint?: string;
  clientCert?: string;
  clientKey?: string;
  serverFingerprint?: string;
  serverCa?: string;
}

export class CliContext {
  private client?: CorralClient;
  /** What `main()` resolves to once the command finished without throwing (exec sets it). */
  exitCode = 0;
  /** The endpoint in use, once a command has connected. */
  endpoint?: string;
  constructor(readonly io: Io, private readonly globals: () => GlobalOptions) {}

  /** Opens the agent client on first use so parse errors and --help never touch the network. */
  agent(): CorralClient {
    if (this.client) return this.client;
    const g = this.globals();
    const endpoint = g.endpoint ?? this.io.env.CORRAL_ENDPOINT ?? "unix:///var/lib/corral/corrald.sock";
    let credentials: grpc.ChannelCredentials | undefined;
    if (endpoint.startsWith("https://")) {
      credentials = channelCredentials({
        clientCert: g.clientCert ?? this.io.env.CORRAL_CLIENT_CERT,
        clientKey: g.clientKey ?? this.io.env.CORRAL_CLIENT_KEY,
        serverFingerprint: g.serverFingerprint ?? this.io.env.CORRAL_SERVER_FINGERPRINT,
        serverCa: g.serverCa ?? this.io.env.CORRAL_SERVER_CA,
      });
    }
    this.endpoint = endpoint;
    this.client = connect({ endpoint, credentials });
    return this.client;
  }

  /** Writes one line to stdout. */
  out(line = ""): void {
    this.io.stdout.write(line.endsWith("\n") || line === "" ? line || "\n" : line + "\n");
  }

  /** Waits for an operation, showing "Label: stage 45%" on a TTY stderr while it runs. */
  async wait(op: Operation__Output, label: string): Promise<Operation__Output> {
    const progress = new ProgressLine(this.io.stderr);
    progress.update(op, label);
    try {
      return await this.agent().wait(op, (o) => progress.update(o, label));
    } finally {
      progress.clear();
    }
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}
