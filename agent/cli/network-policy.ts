// `corral network forward ...` and `corral network acl ...`, shaped like LXD's commands.
import type { Command } from "commander";
import type { NetworkACL__Output } from "../../proto/gen/types/corral/v1/NetworkACL";
import type { NetworkACLRule } from "../../proto/gen/types/corral/v1/NetworkACLRule";
import type { NetworkForward__Output } from "../../proto/gen/types/corral/v1/NetworkForward";
import { CorralError } from "../errors";
import { parseKeyValues } from "./args";
import type { CliContext } from "./context";
import { addListCommand, formatOption, renderList, renderYaml, type Format } from "./output";
import { byCodeUnit } from "../util/compare";

const RULE_KEYS = ["action", "source", "destination", "protocol", "destination_port", "state", "description"] as const;

function direction(v: string): "ingress" | "egress" {
  if (v !== "ingress" && v !== "egress") throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `direction: "${v}" must be ingress or egress`, { field: "direction" });
  return v;
}

function ruleFromPairs(pairs: string[]): NetworkACLRule {
  const kv = parseKeyValues(pairs);
  for (const k of Object.keys(kv)) {
    if (!(RULE_KEYS as readonly string[]).includes(k)) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `${k}: unknown rule key; must be one of ${RULE_KEYS.join(", ")}`, { field: k });
  }
  return kv;
}

const forwardRow = (f: NetworkForward__Output) => [f.network, f.listen_address, f.target_address, f.description, String(f.ports.length)];
const aclRow = (a: NetworkACL__Output) => [a.name, a.description, String(a.ingress.length), String(a.egress.length), String(a.used_by.length)];

/** Registers `forward` and `acl` under the `network` command. */
export function registerNetworkPolicy(network: Command, ctx: CliContext): void {
  const fwd = network.command("forward").description("manage network forwards (ports of a host address DNATed to instances)");
  const getFwd = (n: string, l: string) => ctx.agent().forwards.GetNetworkForward({ network: n, listen_address: l });
  const putFwd = (f: NetworkForward__Output) => ctx.agent().forwards.UpdateNetworkForward(f);
  fwd
    .command("create <network> <listen_address> [pairs...]")
    .description("create a forward (target_address=ADDRESS sends every port not listed to it; description=TEXT)")
    .action(async (n: string, l: string, pairs: string[]) => {
      const kv = parseKeyValues(pairs);
      await ctx.agent().forwards.CreateNetworkForward({ network: n, listen_address: l, target_address: kv.target_address ?? "", description: kv.description ?? "", ports: [] });
      ctx.out(`Network forward ${l} created`);
    });
  fwd
    .command("list <network>")
    .alias("ls")
    .description("list a network's forwards")
    .addOption(formatOption())
    .action(async (n: string, opts: { format: Format }) => {
      const list = (await ctx.agent().forwards.ListNetworkForwards({ network: n })).forwards.sort((a, b) => byCodeUnit(a.listen_address, b.listen_address));
      ctx.io.stdout.write(renderList(opts.format, list, ["NETWORK", "LISTEN ADDRESS", "DEFAULT TARGET ADDRESS", "DESCRIPTION", "PORTS"], forwardRow));
    });
  fwd
    .command("show <network> <listen_address>")
    .description("show a forward")
    .action(async (n: string, l: string) => { ctx.io.stdout.write(renderYaml(await getFwd(n, l))); });
  fwd
    .command("set <network> <listen_address> <pairs...>")
    .description("set target_address or description")
    .action(async (n: string, l: string, pairs: string[]) => {
      const kv = parseKeyValues(pairs);
      for (const k of Object.keys(kv)) {
        if (k !== "target_address" && k !== "description") throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `${k}: must be target_address or description (ports: \`forward port add|remove\`)`, { field: k });
      }
      await putFwd({ ...(await getFwd(n, l)), ...kv });
    });
  fwd
    .command("delete <network> <listen_address>")
    .alias("rm")
    .description("delete a forward")
    .action(async (n: string, l: string) => {
      await ctx.agent().forwards.DeleteNetworkForward({ network: n, listen_address: l });
      ctx.out(`Network forward ${l} deleted`);
    });
  const port = fwd.command("port").description("manage a forward's ports");
  port
    .command("add <network> <listen_address> <protocol> <listen_ports> <target_address> [target_ports]")
    .description("forward listen_ports (80,8000-8010) to target_address, on the same ports or target_ports")
    .action(async (n: string, l: string, protocol: string, listenPort: string, target: string, targetPort?: string) => {
      const f = await getFwd(n, l);
      f.ports.push({ protocol, listen_port: listenPort, target_address: target, target_port: targetPort ?? "", description: "" });
      await putFwd(f);
    });
  port
    .command("remove <network> <listen_address> [protocol] [listen_ports]")
    .description("remove the ports matching protocol and listen_ports (all when not given)")
    .action(async (n: string, l: string, protocol?: string, listenPort?: string) => {
      const f = await getFwd(n, l);
      const keep = f.ports.filter((p) => (protocol && p.protocol !== protocol) || (listenPort && p.listen_port !== listenPort));
      if (keep.length === f.ports.length) throw new CorralError("CORRAL_ERR_NOT_FOUND", `no port of forward ${l} matches ${protocol ?? ""} ${listenPort ?? ""}`.trim());
      await putFwd({ ...f, ports: keep });
    });

  const acl = network.command("acl").description("manage network ACLs");
  const getAcl = (name: string) => ctx.agent().acls.GetNetworkACL({ name });
  acl
    .command("create <name>")
    .description("create an empty ACL (add rules with `acl rule add`)")
    .option("--description <text>", "description", "")
    .action(async (name: string, opts: { description: string }) => {
      await ctx.agent().acls.CreateNetworkACL({ name, description: opts.description });
      ctx.out(`Network ACL ${name} created`);
    });
  addListCommand(acl, ctx, {
    description: "list network ACLs",
    load: async () => (await ctx.agent().acls.ListNetworkACLs({})).acls.sort((a, b) => byCodeUnit(a.name, b.name)),
    headers: ["NAME", "DESCRIPTION", "INGRESS", "EGRESS", "USED BY"],
    row: aclRow,
  });
  acl
    .command("show <name>")
    .description("show an ACL")
    .action(async (name: string) => { ctx.io.stdout.write(renderYaml(await getAcl(name))); });
  acl
    .command("delete <name>")
    .alias("rm")
    .description("delete an ACL (not while a network uses it)")
    .action(async (name: string) => {
      await ctx.agent().acls.DeleteNetworkACL({ name });
      ctx.out(`Network ACL ${name} deleted`);
    });
  const rule = acl.command("rule").description("manage an ACL's rules");
  rule
    .command("add <name> <direction> <pairs...>")
    .description("add an ingress or egress rule: action=allow|reject|drop [source=] [destination=] [protocol=] [destination_port=] [state=] [description=]")
    .action(async (name: string, dir: string, pairs: string[]) => {
      const a = await getAcl(name);
      a[direction(dir)].push(ruleFromPairs(pairs) as NetworkACL__Output["ingress"][number]);
      await ctx.agent().acls.UpdateNetworkACL(a);
    });
  rule
    .command("remove <name> <direction> <pairs...>")
    .description("remove the rules whose keys equal every given key=value")
    .action(async (name: string, dir: string, pairs: string[]) => {
      const a = await getAcl(name);
      const d = direction(dir);
      const want = ruleFromPairs(pairs) as Record<string, string>;
      const keep = a[d].filter((r) => !Object.entries(want).every(([k, v]) => (r as unknown as Record<string, string>)[k] === v));
      if (keep.length === a[d].length) throw new CorralError("CORRAL_ERR_NOT_FOUND", `no ${d} rule of ACL ${name} matches ${pairs.join(" ")}`);
      await ctx.agent().acls.UpdateNetworkACL({ ...a, [d]: keep });
    });
}
