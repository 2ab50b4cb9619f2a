// Data source corral_cluster: the members of the cluster the provider talks to, with their roles,
// status, groups and capacity. A standalone agent answers enabled = false and itself as the only
// member: instances there have that name as their `location`, so configurations that iterate over
// members or compare locations work the same on one host and on a cluster.
import { corralErrorCode } from "../../agent/client";
import type { ClusterMember__Output } from "../../proto/gen/types/corral/v1/ClusterMember";
import type { CtyType, DataSource, Obj } from "../framework/types";
import { agentError } from "../client/agent";

const MEMBER_TYPE: CtyType = ["object", {
  name: "string", address: "string", api_address: "string", roles: ["list", "string"], status: "string",
  groups: ["list", "string"], architecture: "string", cpus: "number", memory_bytes: "number",
}];

const memberObj = (m: Omit<ClusterMember__Output, "certificate_fingerprint" | "joined_at" | "server_fingerprint">): Obj => ({
  name: m.name, address: m.address, api_address: m.api_address, roles: m.roles, status: m.status,
  groups: m.groups, architecture: m.architecture, cpus: m.cpus, memory_bytes: Number(m.memory_bytes),
});

export const clusterDataSource: DataSource = {
  typeName: "corral_cluster",
  schema: {
    version: 0,
    description: "The members of the cluster the provider is connected to (roles, status, groups, capacity); on a standalone agent, enabled = false and the agent itself as the one member.",
    attributes: {
      id: { type: "string", computed: true, description: "The member that answered (as `member`)." },
      enabled: { type: "bool", computed: true, description: "Whether the agent is a cluster member (`corral cluster enable` or joined)." },
      member: { type: "string", computed: true, description: "The member the provider is connected to (the first of `endpoints` that answers); a standalone agent's name is its host name." },
      members: {
        type: ["list", MEMBER_TYPE], computed: true,
        description: "Every member sorted by name: `name`, `address`, `api_address` (host:port of its TCP API, \"\" when it listens on none), `roles` (voter or member), `status` (online/offline), `groups`, `architecture`, `cpus`, `memory_bytes` (total). A standalone agent lists itself with roles [] and status online.",
      },
    },
  },
  async read(ctx) {
    try {
      const info = await ctx.client.host.GetInfo({});
      let members: Obj[];
      let enabled = true;
      try {
        const res = await ctx.client.cluster.ListMembers({});
        members = res.members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(memberObj);
      } catch (e) {
        // The agent refuses member calls while standalone ("not a cluster member").
        if (corralErrorCode(e) !== "CORRAL_ERR_FAILED_PRECONDITION") throw e;
        enabled = false;
        members = [memberObj({
          name: info.member, address: "", api_address: "", roles: [], status: "online", groups: [],
          architecture: info.architecture, cpus: info.cpus, memory_bytes: Number(info.memory_total_bytes),
        })];
      }
      return { id: info.member, enabled, member: info.member, members };
    } catch (e) {
      throw agentError(e, "read the cluster members");
    }
  },
};
