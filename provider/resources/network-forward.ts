// corral_network_forward: ports of a host address DNATed to instances of a managed network.
import { attrPath, type Context, type Obj, type Path, type Resource } from "../framework/types";
import { agentError, unlessNotFound } from "../client/agent";
import { formatPorts, parsePorts } from "../../agent/network/policy/values";
import type { NetworkForward__Output } from "../../proto/gen/types/corral/v1/NetworkForward";
import { objs } from "./devices";
import { DiagErrorAt, str } from "./values";

const PORT_FIELDS = ["protocol", "listen_port", "target_address", "target_port", "description"] as const;

/** The agent's canonical form of one port attribute, to tell a respelling from a change. */
function canon(field: string, v: string): string {
  try {
    if (field === "listen_port" || field === "target_port") return v ? formatPorts(parsePorts(v, field)) : "";
  } catch {
    return v;
  }
  return field === "description" ? v : v.toLowerCase();
}

/** Agent value, but the configured spelling (or null) when it means the same. */
const keep = (field: string, agent: string, prior: unknown): string | null =>
  typeof prior === "string" && canon(field, prior) === agent ? prior : prior == null && agent === "" ? null : agent || null;

function toState(f: NetworkForward__Output, prior: Obj | null): Obj {
  const priorPorts = prior ? objs(prior.ports) : [];
  return {
    id: `${f.network}/${f.listen_address}`,
    network: f.network,
    listen_address: prior && typeof prior.listen_address === "string" && prior.listen_address.toLowerCase() === f.listen_address ? prior.listen_address : f.listen_address,
    target_address: keep("target_address", f.target_address, prior?.target_address),
    description: f.description,
    ports: f.ports.map((p, i) => Object.fromEntries(PORT_FIELDS.map((k) => [k, keep(k, p[k], priorPorts[i]?.[k])]))),
  };
}

function wire(p: Obj) {
  return {
    network: str(p.network)!, listen_address: str(p.listen_address)!, target_address: str(p.target_address) ?? "", description: str(p.description) ?? "",
    ports: objs(p.ports).map((q) => Object.fromEntries(PORT_FIELDS.map((k) => [k, str(q[k]) ?? ""]))) as unknown as NetworkForward__Output["ports"],
  };
}

/** Agent field (ports[1].target_port) -> attribute path. */
function mapField(field: string): Path | undefined {
  const m = /^ports\[(\d+)\]\.(\w+)$/.exec(field);
  if (m) return attrPath("ports", Number(m[1]), m[2]!);
  return ["network", "listen_address", "target_address"].includes(field) ? attrPath(field) : undefined;
}

async function read(ctx: Context, network: string, listen: string, prior: Obj | null): Promise<Obj | null> {
  const f = await unlessNotFound(ctx.client.forwards.GetNetworkForward({ network, listen_address: listen }), `read forward ${listen} of network "${network}"`);
  return f ? toState(f, prior) : null;
}

export const networkForwardResource: Resource = {
  typeName: "corral_network_forward",
  schema: {
    version: 0,
    description: "A network forward (as LXD's): ports of a host address are DNATed to instances on a managed network, for traffic from outside the host and from the host itself (nftables).",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "NETWORK/LISTEN_ADDRESS." },
      network: { type: "string", required: true, requiresReplace: true, description: "The managed network whose instances receive the traffic." },
      listen_address: { type: "string", required: true, requiresReplace: true, description: "A host address outside the network's subnet (IPv4 or IPv6)." },
      target_address: { type: "string", optional: true, description: "Where traffic to any port not listed in ports goes (and the default target of ports)." },
      description: { type: "string", optional: true, computed: true, default: "", description: "Free text." },
    },
    blocks: {
      ports: {
        nesting: "list",
        description: "Forwarded ports.",
        attributes: {
          protocol: { type: "string", required: true, description: "tcp or udp." },
          listen_port: { type: "string", required: true, description: "Ports and ranges on the listen address, e.g. 80,443,8000-8010." },
          target_address: { type: "string", optional: true, description: "An instance address on the network (default: the forward's target_address)." },
          target_port: { type: "string", optional: true, description: "Unset: the same ports; one port: every listen port goes there; or as many ports as listen_port, mapped in order." },
          description: { type: "string", optional: true, description: "Free text." },
        },
      },
    },
  },
  async create(ctx, p) {
    try {
      await ctx.client.forwards.CreateNetworkForward(wire(p));
    } catch (e) {
      throw agentError(e, `create forward ${str(p.listen_address)} on network "${str(p.network)}"`, mapField);
    }
    return (await read(ctx, str(p.network)!, str(p.listen_address)!, p))!;
  },
  read: (ctx, s) => read(ctx, str(s.network)!, str(s.listen_address)!, s),
  async update(ctx, p) {
    try {
      await ctx.client.forwards.UpdateNetworkForward(wire(p));
    } catch (e) {
      throw agentError(e, `update forward ${str(p.listen_address)} on network "${str(p.network)}"`, mapField);
    }
    return (await read(ctx, str(p.network)!, str(p.listen_address)!, p))!;
  },
  async delete(ctx, s) {
    await unlessNotFound(ctx.client.forwards.DeleteNetworkForward({ network: str(s.network)!, listen_address: str(s.listen_address)! }), `delete forward ${str(s.listen_address)} of network "${str(s.network)}"`);
  },
  /** ID: NETWORK/LISTEN_ADDRESS. */
  async importState(_ctx, id) {
    const m = /^([^/]+)\/([^/]+)$/.exec(id);
    if (!m) throw DiagErrorAt([], "Invalid import ID", `expected NETWORK/LISTEN_ADDRESS, got "${id}"`);
    return { network: m[1]!, listen_address: m[2]! };
  },
};
