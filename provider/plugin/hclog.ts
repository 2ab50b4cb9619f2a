// hclog-style JSON logging on stderr: go-plugin parses these lines (@level, @message, @timestamp)
// and core shows them under TF_LOG / TF_LOG_PROVIDER. Stdout is reserved for the handshake.

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export interface Logger {
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines carry `@module` = parent module + "." + name. */
  named(name: string): Logger;
}

function levelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const v = (env.TF_LOG_PROVIDER || env.TF_LOG || "").toLowerCase();
  if (v === "json") return "trace";
  return v in RANK ? (v as LogLevel) : "info";
}

/** hclog's timestamp layout (2006-01-02T15:04:05.000000Z07:00): go-plugin rejects other precisions. */
function timestamp(): string {
  return new Date().toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** A logger writing hclog JSON lines to `write` (stderr by default), filtered by TF_LOG_PROVIDER/TF_LOG. */
export function createLogger(module: string, opts: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = RANK[opts.level ?? levelFromEnv(process.env)];
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < min) return;
    const entry = { "@level": level, "@message": message, "@module": module, "@timestamp": timestamp(), ...fields };
    let line: string;
    try {
      line = JSON.stringify(entry, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    } catch {
      line = JSON.stringify({ "@level": level, "@message": message, "@module": module, "@timestamp": timestamp() });
    }
    write(line + "\n");
  };
  return {
    trace: (m, f) => emit("trace", m, f),
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    named: (name) => createLogger(`${module}.${name}`, { level: opts.level ?? levelFromEnv(process.env), write }),
  };
}
