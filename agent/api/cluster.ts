// corral.v1.Cluster handlers: decode, call the agent's Membership, encode.
import type * as grpc from "@grpc/grpc-js";
import { hostname } from "node:os";
import { unary } from "./grpc-util";
import { placeFor } from "./relay";
import type { CreateInstanceRequest__Output } from "../../proto/gen/types/corral/v1/CreateInstanceRequest";
import type { Agent } from "../daemon/agent";
import type { MemberRecord, MemberStatus } from "../cluster/membership";
import type { ClusterMember } from "../../proto/gen/types/corral/v1/ClusterMember";
import type { CreateJoinTokenRequest__Output } from "../../proto/gen/types/corral/v1/CreateJoinTokenRequest";
import type { EnableClusterRequest__Output } from "../../proto/gen/types/corral/v1/EnableClusterRequest";
import type { GetMemberRequest__Output } from "../../proto/gen/types/corral/v1/GetMemberRequest";
import type { JoinRequest__Output } from "../../proto/gen/types/corral/v1/JoinRequest";
import type { SetMemberGroupsRequest__Output } from "../../proto/gen/types/corral/v1/SetMemberGroupsRequest";
import type { RemoveMemberRequest__Output } from "../../proto/gen/types/corral/v1/RemoveMemberRequest";

function memberToWire(m: MemberRecord & { status?: MemberStatus }): ClusterMember {
  return { ...m, status: m.status ?? "online", groups: m.groups ?? [] };
}

export function clusterService(agent: Agent): Record<string, grpc.UntypedHandleCall> {
  const m = agent.membership;
  return {
    EnableCluster: unary(async (req: EnableClusterRequest__Output) => memberToWire(await m.enable({ address: req.address, name: req.name || hostname() }))),
    CreateJoinToken: unary(async (req: CreateJoinTokenRequest__Output) => {
      const t = await m.createJoinToken(req.name, req.ttl_s ?? 0);
      return { name: req.name, token: t.token, expires_at: t.expiresAt };
    }),
    Join: unary(async (req: JoinRequest__Output) => {
      const r = await m.admit({ ...req, memory_bytes: Number(req.memory_bytes) });
      return { member: memberToWire(r.record), ca_certificate: r.creds.caPem, certificate: r.creds.certPem, key: r.creds.keyPem, etcd_endpoints: r.etcdEndpoints, ca_key: r.caKeyPem };
    }),
    ListMembers: unary(async () => ({ members: (await m.list()).map(memberToWire) })),
    GetMember: unary(async (req: GetMemberRequest__Output) => memberToWire(await m.get(req.name))),
    SetMemberGroups: unary(async (req: SetMemberGroupsRequest__Output) => memberToWire(await m.setGroups(req.name, req.groups))),
    PlaceInstance: unary(async (req: CreateInstanceRequest__Output) => ({ member: await placeFor(agent, req) })),
    RemoveMember: unary(async (req: RemoveMemberRequest__Output) => {
      await m.remove(req.name, req.force);
      return {};
    }),
  };
}
