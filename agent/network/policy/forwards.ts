// Network forwards (as LXD's): a listen address on the host whose ports are DNATed to instance
// addresses on one managed network. Validation and canonical form here; the nft rules in nft.ts.
import { invalid } from "../../errors";
import type { Subnet } from "../driver";
import { contains, expandPorts, formatPorts, MAX_MAPPED_PORTS, parseAddress, parsePorts, portCount, type PortRange } from "./values";

export const FORWARD_PROTOCOLS = ["tcp", "udp"] as const;

export interface ForwardPort {
  protocol: string;
  /** Ports and ranges, "80,443,8000-8010". */
  listen_port: string;
  target_address: string;
  /** Empty: the same ports as listen_port; one port: every listen port goes there; else as many ports as listen_port, mapped in order. */
  target_port: string;
  description: string;
}

export interface ForwardRecord {
  network: string;
  listen_address: string;
  /** Where traffic to any port not listed in `ports` goes (empty: nowhere). */
  target_address: string;
  description: string;
  ports: ForwardPort[];
}

/** What a forward is checked against: its network's subnets and the other forwards on the host. */
export interface ForwardContext {
  subnets: { subnet: Subnet; gateway: bigint }[];
  others: ForwardRecord[];
}

const isUnusable = (a: { family: 4 | 6; value: bigint }) =>
  a.value === 0n || (a.family === 4 ? a.value >> 24n === 127n : a.value === 1n);

/** A target must be a host address of the network (not its gateway), of the listen address's family. */
function checkTarget(v: string, family: 4 | 6, ctx: ForwardContext, field: string): string {
  const t = parseAddress(v, field);
  if (t.family !== family) throw invalid(field, `${v} is IPv${t.family} but the listen address is IPv${family}`);
  const net = ctx.subnets.find((s) => contains(s.subnet, t));
  if (!net) throw invalid(field, `${v} must be inside the network's subnet (${ctx.subnets.filter((s) => s.subnet.family === family).map((s) => s.subnet.text).join(", ") || `it has no IPv${family} subnet`})`);
  if (t.value === net.gateway) throw invalid(field, `${v} is the network's gateway; forward to an instance address`);
  return t.text;
}

const overlap = (a: PortRange[], b: PortRange[]) => a.some(([a1, a2]) => b.some(([b1, b2]) => a1 <= b2 && b1 <= a2));

/** Checks a forward and returns its canonical form; throws INVALID_ARGUMENT naming the field. */
export function normalizeForward(f: ForwardRecord, ctx: ForwardContext): ForwardRecord {
  const listen = parseAddress(f.listen_address, "listen_address");
  if (isUnusable(listen)) throw invalid("listen_address", `${f.listen_address} must be a specific address, not unspecified or loopback`);
  const inside = ctx.subnets.find((s) => contains(s.subnet, listen));
  if (inside) throw invalid("listen_address", `${f.listen_address} is inside the network's own subnet ${inside.subnet.text}; use an address of the host outside it`);
  const target = f.target_address ? checkTarget(f.target_address, listen.family, ctx, "target_address") : "";
  const parsed: { proto: string; listen: PortRange[] }[] = [];
  const ports = f.ports.map((p, i): ForwardPort => {
    const field = (k: string) => `ports[${i}].${k}`;
    const proto = p.protocol.toLowerCase();
    if (!(FORWARD_PROTOCOLS as readonly string[]).includes(proto)) throw invalid(field("protocol"), `"${p.protocol}" must be one of ${FORWARD_PROTOCOLS.join(", ")}`);
    if (!p.listen_port) throw invalid(field("listen_port"), "is required");
    const lp = parsePorts(p.listen_port, field("listen_port"));
    let tp: PortRange[] = [];
    if (p.target_port) {
      tp = parsePorts(p.target_port, field("target_port"));
      const [ln, tn] = [portCount(lp), portCount(tp)];
      if (tn !== 1 && tn !== ln) throw invalid(field("target_port"), `has ${tn} ports but listen_port has ${ln}: give one port, or as many as listen_port`);
      if (tn > MAX_MAPPED_PORTS) throw invalid(field("target_port"), `maps ${tn} ports one to one; at most ${MAX_MAPPED_PORTS} (or leave target_port empty to keep the port numbers)`);
    }
    if (!p.target_address && !target) throw invalid(field("target_address"), "is required (or set the forward's target_address)");
    const ta = p.target_address ? checkTarget(p.target_address, listen.family, ctx, field("target_address")) : target;
    const clash = parsed.findIndex((q) => q.proto === proto && overlap(q.listen, lp));
    if (clash >= 0) throw invalid(field("listen_port"), `${formatPorts(lp)}/${proto} overlaps ports[${clash}].listen_port`);
    parsed.push({ proto, listen: lp });
    return { protocol: proto, listen_port: formatPorts(lp), target_address: ta, target_port: tp.length ? formatPorts(tp) : "", description: p.description ?? "" };
  });
  for (const o of ctx.others) {
    if (o.listen_address !== listen.text || o.network === f.network) continue;
    if (o.target_address || target) throw invalid("listen_address", `${listen.text} is already forwarded by the forward on network ${o.network}${o.target_address ? " (all ports, by its target_address)" : ""}`);
    ports.forEach((p, i) => {
      const mine = parsePorts(p.listen_port, "");
      const theirs = o.ports.find((q) => q.protocol === p.protocol && overlap(parsePorts(q.listen_port, ""), mine));
      if (theirs) throw invalid(`ports[${i}].listen_port`, `${p.listen_port}/${p.protocol} on ${listen.text} clashes with ${theirs.listen_port}/${theirs.protocol} of the forward on network ${o.network}`);
    });
  }
  return { network: f.network, listen_address: listen.text, target_address: target, description: f.description ?? "", ports };
}

/** The DNAT rules of one port entry: (listen ports, target port or undefined to keep it) pairs. */
export function portMappings(p: ForwardPort): { listen: string; to?: number }[] {
  const lp = parsePorts(p.listen_port, "listen_port");
  if (!p.target_port) return [{ listen: formatPorts(lp) }];
  const tp = expandPorts(parsePorts(p.target_port, "target_port"));
  if (tp.length === 1) return [{ listen: formatPorts(lp), to: tp[0] }];
  return expandPorts(lp).map((l, i) => ({ listen: String(l), to: tp[i] }));
}
