// gRPC handlers for network forwards and ACLs: wire <-> records, then the policy manager.
import type * as grpc from "@grpc/grpc-js";
import type { Agent } from "../daemon/agent";
import type { AclRecord, AclRule } from "../network/policy/acls";
import type { ForwardRecord } from "../network/policy/forwards";
import type { NetworkACL, NetworkACL__Output } from "../../proto/gen/types/corral/v1/NetworkACL";
import type { NetworkACLRef__Output } from "../../proto/gen/types/corral/v1/NetworkACLRef";
import type { NetworkACLRule__Output } from "../../proto/gen/types/corral/v1/NetworkACLRule";
import type { NetworkForward__Output } from "../../proto/gen/types/corral/v1/NetworkForward";
import type { NetworkForwardRef__Output } from "../../proto/gen/types/corral/v1/NetworkForwardRef";
import type { ListNetworkForwardsRequest__Output } from "../../proto/gen/types/corral/v1/ListNetworkForwardsRequest";
import { corralV1 } from "./descriptor";
import { unary } from "./grpc-util";

type Handlers = Record<string, grpc.UntypedHandleCall>;

function forwardFromWire(f: NetworkForward__Output): ForwardRecord {
  return {
    network: f.network, listen_address: f.listen_address, target_address: f.target_address, description: f.description,
    ports: f.ports.map((p) => ({ protocol: p.protocol, listen_port: p.listen_port, target_address: p.target_address, target_port: p.target_port, description: p.description })),
  };
}

const ruleFromWire = (r: NetworkACLRule__Output): AclRule => ({
  action: r.action, source: r.source, destination: r.destination, protocol: r.protocol, destination_port: r.destination_port, state: r.state, description: r.description,
});

const aclFromWire = (a: NetworkACL__Output): AclRecord => ({ name: a.name, description: a.description, ingress: a.ingress.map(ruleFromWire), egress: a.egress.map(ruleFromWire) });

/** The NetworkForwards and NetworkACLs services of one agent. */
export function networkPolicyServices(agent: Agent): { def: grpc.ServiceDefinition; impl: Handlers }[] {
  const v1 = corralV1();
  const p = agent.policy;
  const aclView = async (a: AclRecord): Promise<NetworkACL> => ({ ...a, used_by: await p.aclUsers(a.name) });
  return [
    {
      def: v1.NetworkForwards.service,
      impl: {
        CreateNetworkForward: unary(async (req: NetworkForward__Output) => p.putForward(forwardFromWire(req), false)),
        GetNetworkForward: unary(async (req: NetworkForwardRef__Output) => p.getForward(req.network, req.listen_address)),
        ListNetworkForwards: unary(async (req: ListNetworkForwardsRequest__Output) => ({ forwards: await p.listForwards(req.network || undefined) })),
        UpdateNetworkForward: unary(async (req: NetworkForward__Output) => p.putForward(forwardFromWire(req), true)),
        DeleteNetworkForward: unary(async (req: NetworkForwardRef__Output) => { await p.deleteForward(req.network, req.listen_address); return {}; }),
      },
    },
    {
      def: v1.NetworkACLs.service,
      impl: {
        CreateNetworkACL: unary(async (req: NetworkACL__Output) => aclView(await p.putAcl(aclFromWire(req), false))),
        GetNetworkACL: unary(async (req: NetworkACLRef__Output) => aclView(await p.getAcl(req.name))),
        ListNetworkACLs: unary(async () => ({ acls: await Promise.all((await p.listAcls()).map(aclView)) })),
        UpdateNetworkACL: unary(async (req: NetworkACL__Output) => aclView(await p.putAcl(aclFromWire(req), true))),
        DeleteNetworkACL: unary(async (req: NetworkACLRef__Output) => { await p.deleteAcl(req.name); return {}; }),
      },
    },
  ];
}
