// go-plugin handshake: what the host tells the plugin through the environment, and the one line
// the plugin answers on stdout.

/** Terraform/OpenTofu's plugin magic cookie (proves the process was launched by core). */
export const TF_MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const TF_MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/** go-plugin core protocol version (first handshake field). */
export const CORE_PROTOCOL_VERSION = 1;
/** The Terraform plugin protocol major version this layer speaks (tfplugin6.4). */
export const APP_PROTOCOL_VERSION = 6;

export interface HandshakeEnv {
  /** The host's client certificate (PEM) when TLS is on; absent with TF_DISABLE_PLUGIN_TLS. */
  clientCertPem?: string;
  /** Directory for the unix socket (PLUGIN_UNIX_SOCKET_DIR), else the system temp dir. */
  socketDir?: string;
}

export class HandshakeError extends Error {}

/** Parses PLUGIN_PROTOCOL_VERSIONS ("5,6" or "6,5": order is random) as a set of integers. */
export function parseProtocolVersions(v: string | undefined): Set<number> {
  return new Set((v ?? "").split(",").map((s) => s.trim()).filter(Boolean).map(Number).filter(Number.isInteger));
}

/** Validates the launch environment; a HandshakeError message is meant for a human at a terminal. */
export function readHandshakeEnv(env: NodeJS.ProcessEnv, cookieKey = TF_MAGIC_COOKIE_KEY,
  cookieValue = TF_MAGIC_COOKIE_VALUE): HandshakeEnv {
  if (env[cookieKey] !== cookieValue) {
    throw new HandshakeError(
      "This binary is a plugin. These are not meant to be executed directly.\n" +
      "Please execute the program that consumes these plugins, which will\n" +
      "load any plugins automatically");
  }
  if (env.PLUGIN_PROTOCOL_VERSIONS !== undefined && env.PLUGIN_PROTOCOL_VERSIONS !== "") {
    const versions = parseProtocolVersions(env.PLUGIN_PROTOCOL_VERSIONS);
    if (!versions.has(APP_PROTOCOL_VERSION)) {
      throw new HandshakeError(
        `This plugin speaks protocol version ${APP_PROTOCOL_VERSION}; the host offered ` +
        `${env.PLUGIN_PROTOCOL_VERSIONS}. Use a newer Terraform or OpenTofu.`);
    }
  }
  return {
    clientCertPem: env.PLUGIN_CLIENT_CERT || undefined,
    socketDir: env.PLUGIN_UNIX_SOCKET_DIR || undefined,
  };
}

/** The handshake line: the certificate as standard base64 WITHOUT padding (Go RawStdEncoding). */
export function handshakeLine(network: "unix" | "tcp", address: string, certDer?: Uint8Array): string {
  const cert = certDer ? Buffer.from(certDer).toString("base64").replace(/=+$/, "") : "";
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${network}|${address}|grpc|${cert}\n`;
}
