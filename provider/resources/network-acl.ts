// corral_network_acl: a named set of ingress and egress rules; networks attach it with
// config = { "security.acls" = "NAME" } (and the default actions).
import { attrPath, type Context, type Obj, type Path, type Resource } from "../framework/types";
import { agentError, unlessNotFound } from "../client/agent";
import { normalizeRule, type AclRule } from "../../agent/network/policy/acls";
import type { NetworkACL__Output } from "../../proto/gen/types/corral/v1/NetworkACL";
import type { NetworkACLRule__Output } from "../../proto/gen/types/corral/v1/NetworkACLRule";
import { objs } from "./devices";
import { str } from "./values";

const RULE_FIELDS = ["action", "source", "destination", "protocol", "destination_port", "state", "description"] as const;

const ruleFromState = (o: Obj): AclRule => Object.fromEntries(RULE_FIELDS.map((k) => [k, str(o[k]) ?? ""])) as unknown as AclRule;

/** The configured rule when the agent's canonical form of it equals what the agent has; else the agent's. */
function ruleState(agent: NetworkACLRule__Output, prior: Obj | undefined): Obj {
  if (prior) {
    try {
      const c = normalizeRule(ruleFromState(prior), "rule");
      if (RULE_FIELDS.every((k) => c[k] === agent[k])) return Object.fromEntries(RULE_FIELDS.map((k) => [k, prior[k] ?? null]));
    } catch {
      /* a config the agent would refuse: show the agent's */
    }
  }
  // Empty and default values read back as unset (an import plans clean against a config that leaves them out).
  return Object.fromEntries(RULE_FIELDS.map((k) => [k, agent[k] === "" || (k === "state" && agent[k] === "enabled") ? null : agent[k]]));
}

function toState(a: NetworkACL__Output, prior: Obj | null): Obj {
  return {
    id: a.name,
    name: a.name,
    description: a.description,
    ingress: a.ingress.map((r, i) => ruleState(r, prior ? objs(prior.ingress)[i] : undefined)),
    egress: a.egress.map((r, i) => ruleState(r, prior ? objs(prior.egress)[i] : undefined)),
    used_by: a.used_by,
  };
}

const wire = (p: Obj) => ({ name: str(p.name)!, description: str(p.description) ?? "", ingress: objs(p.ingress).map(ruleFromState), egress: objs(p.egress).map(ruleFromState) });

function mapField(field: string): Path | undefined {
  const m = /^(ingress|egress)\[(\d+)\]\.(\w+)$/.exec(field);
  if (m) return attrPath(m[1]!, Number(m[2]), m[3]!);
  return field === "name" ? attrPath("name") : undefined;
}

async function read(ctx: Context, name: string, prior: Obj | null): Promise<Obj | null> {
  const a = await unlessNotFound(ctx.client.acls.GetNetworkACL({ name }), `read network ACL "${name}"`);
  return a ? toState(a, prior) : null;
}

const ruleBlock = (dir: string) => ({
  nesting: "list" as const,
  description: `${dir} rules. Drop rules are applied first, then reject, then allow; traffic no rule matches gets the network's (or NIC's) security.acls.default.${dir.toLowerCase()}.action (default reject).`,
  attributes: {
    action: { type: "string" as const, required: true, description: "allow, reject or drop." },
    source: { type: "string" as const, optional: true, description: "Comma-separated addresses or subnets (one family per rule); unset: any." },
    destination: { type: "string" as const, optional: true, description: "Comma-separated addresses or subnets (one family per rule); unset: any." },
    protocol: { type: "string" as const, optional: true, description: "tcp, udp, icmp4 or icmp6; unset: any." },
    destination_port: { type: "string" as const, optional: true, description: "Ports and ranges (with tcp or udp), e.g. 80,443,8000-8010." },
    state: { type: "string" as const, optional: true, description: "enabled (default) or disabled." },
    description: { type: "string" as const, optional: true, description: "Free text." },
  },
});

export const networkAclResource: Resource = {
  typeName: "corral_network_acl",
  schema: {
    version: 0,
    description: "A network ACL (as LXD's): ingress and egress rules enforced in nftables for routed traffic into and out of the networks that name it in security.acls, and for traffic into and out of the NICs whose security_acls name it. Changes apply live.",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "Same as name." },
      name: { type: "string", required: true, requiresReplace: true, description: "ACL name (letters, digits, '_', '.', '-')." },
      description: { type: "string", optional: true, computed: true, default: "", description: "Free text." },
      used_by: { type: ["list", "string"], computed: true, description: "Networks using the ACL, then `instance NAME` for each instance with a NIC using it." },
    },
    blocks: { ingress: ruleBlock("Ingress"), egress: ruleBlock("Egress") },
  },
  async create(ctx, p) {
    try {
      await ctx.client.acls.CreateNetworkACL(wire(p));
    } catch (e) {
      throw agentError(e, `create network ACL "${str(p.name)}"`, mapField);
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  read: (ctx, s) => read(ctx, str(s.name)!, s),
  async update(ctx, p) {
    try {
      await ctx.client.acls.UpdateNetworkACL(wire(p));
    } catch (e) {
      throw agentError(e, `update network ACL "${str(p.name)}"`, mapField);
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  async delete(ctx, s) {
    await unlessNotFound(ctx.client.acls.DeleteNetworkACL({ name: str(s.name)! }), `delete network ACL "${str(s.name)}"`);
  },
  async importState(_ctx, id) {
    return { name: id };
  },
};
