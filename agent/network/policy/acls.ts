// Network ACLs (as LXD's): named sets of ingress and egress rules attached to networks through
// `security.acls`, with default actions for traffic no rule matches. Validation and canonical
// form here; the nft rules in nft.ts.
import { invalid } from "../../errors";
import { parseObjectName, type Validator } from "../../config/rules";
import { formatPorts, parsePorts, parseSubnet } from "./values";

export const ACL_ACTIONS = ["allow", "reject", "drop"] as const;
export const ACL_PROTOCOLS = ["", "tcp", "udp", "icmp4", "icmp6"] as const;
export const ACL_STATES = ["enabled", "disabled"] as const;
/** Network config keys that attach ACLs (the bridge driver declares them). */
export const ACL_KEY = "security.acls";
export const DEFAULT_ACTION_KEYS = { ingress: "security.acls.default.ingress.action", egress: "security.acls.default.egress.action" } as const;
/** LXD's default for traffic no rule of an attached ACL matches. */
export const DEFAULT_ACTION = "reject";

export interface AclRule {
  action: string;
  /** Comma-separated addresses or subnets of one family; empty = any. */
  source: string;
  destination: string;
  /** Empty (any), tcp, udp, icmp4 or icmp6. */
  protocol: string;
  /** Ports and ranges; only with tcp or udp. */
  destination_port: string;
  state: string;
  description: string;
}

export interface AclRecord {
  name: string;
  description: string;
  ingress: AclRule[];
  egress: AclRule[];
}

/** The value of a `security.acls` key (on a network or a NIC). */
export const isAclList: Validator = (v) =>
  v.split(",").every((n) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/.test(n.trim())) ? undefined : "must be a comma-separated list of network ACL names";

/** The ACL names a network config attaches, in order. */
export const attachedAcls = (config: Record<string, string>): string[] => (config[ACL_KEY] ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/** One rule checked and in canonical form (the provider compares state with it too). */
export function normalizeRule(r: AclRule, field: string): AclRule {
  const f = (k: string) => `${field}.${k}`;
  const action = (r.action ?? "").toLowerCase();
  if (!(ACL_ACTIONS as readonly string[]).includes(action)) throw invalid(f("action"), `"${r.action}" must be one of ${ACL_ACTIONS.join(", ")}`);
  const protocol = (r.protocol ?? "").toLowerCase();
  if (!(ACL_PROTOCOLS as readonly string[]).includes(protocol)) throw invalid(f("protocol"), `"${r.protocol}" must be empty (any) or one of ${ACL_PROTOCOLS.filter(Boolean).join(", ")}`);
  const state = (r.state || "enabled").toLowerCase();
  if (!(ACL_STATES as readonly string[]).includes(state)) throw invalid(f("state"), `"${r.state}" must be one of ${ACL_STATES.join(", ")}`);
  const families = new Set<number>();
  const list = (v: string, k: string) =>
    (v ?? "").split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
      const sub = parseSubnet(s, f(k));
      families.add(sub.family);
      return sub.text;
    }).join(",");
  const source = list(r.source, "source");
  const destination = list(r.destination, "destination");
  if (families.size > 1) throw invalid(f("destination"), "source and destination must all be IPv4 or all IPv6 in one rule (write two rules)");
  const fam = [...families][0];
  if ((protocol === "icmp4" && fam === 6) || (protocol === "icmp6" && fam === 4)) throw invalid(f("protocol"), `${protocol} does not match IPv${fam} addresses`);
  let destination_port = "";
  if (r.destination_port) {
    if (protocol !== "tcp" && protocol !== "udp") throw invalid(f("destination_port"), "needs protocol tcp or udp");
    destination_port = formatPorts(parsePorts(r.destination_port, f("destination_port")));
  }
  return { action, source, destination, protocol, destination_port, state, description: r.description ?? "" };
}

/** Checks an ACL and returns its canonical form; throws INVALID_ARGUMENT naming the field (`ingress[0].action`). */
export function normalizeAcl(a: AclRecord): AclRecord {
  parseObjectName(a.name, "name");
  return {
    name: a.name,
    description: a.description ?? "",
    ingress: (a.ingress ?? []).map((r, i) => normalizeRule(r, `ingress[${i}]`)),
    egress: (a.egress ?? []).map((r, i) => normalizeRule(r, `egress[${i}]`)),
  };
}
