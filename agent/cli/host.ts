// `corral info [NAME]`: what the host is and can do, or one instance's details.
import type { Command } from "commander";
import type { HostInfo__Output } from "../../proto/gen/types/corral/v1/HostInfo";
import type { CliContext } from "./context";
import { showInstance } from "./instances";
import { formatBytes, formatOption, renderTable, renderYaml, type Format } from "./output";
import { byCodeUnit } from "../util/compare";

/** The human form of `corral info`: a summary followed by the capabilities table. */
export function formatHostInfo(info: HostInfo__Output): string {
  const lines = [
    `hostname: ${info.hostname}`,
    `version: ${info.version}`,
    `kernel: ${info.kernel}`,
    `architecture: ${info.architecture}`,
    `cpus: ${info.cpus}`,
    `memory: ${formatBytes(info.memory_available_bytes)} available of ${formatBytes(info.memory_total_bytes)}`,
    `cgroup layout: ${info.cgroup_layout}`,
    `idmap: ${info.idmap}`,
    `data dir: ${info.data_dir}`,
  ];
  if (info.member) lines.push(`member: ${info.member}`);
  if (info.certificate_fingerprint) lines.push(`certificate fingerprint: ${info.certificate_fingerprint}`);
  lines.push(
    `storage drivers: ${info.storage_drivers.join(", ")}`,
    `network types: ${info.network_types.join(", ")}`,
    `instance types: ${info.instance_types.join(", ")}`,
    "",
  );
  const caps = [...info.capabilities].sort((a, b) => byCodeUnit(a.name, b.name));
  return lines.join("\n") + "\n" + renderTable(["CAPABILITY", "AVAILABLE", "DETAIL"], caps.map((c) => [c.name, c.available ? "yes" : "no", c.detail]));
}

/** Registers `info`. */
export function registerHost(program: Command, ctx: CliContext): void {
  program
    .command("info [name]")
    .description("show host information and capabilities, or an instance's details")
    .addOption(formatOption(["table", "json", "yaml"]))
    .action(async (name: string | undefined, opts: { format: Format }) => {
      if (name) return showInstance(ctx, name, opts.format === "json" ? "json" : "yaml");
      const info = await ctx.agent().host.GetInfo({});
      if (opts.format === "json") ctx.io.stdout.write(JSON.stringify(info, null, 2) + "\n");
      else if (opts.format === "yaml") ctx.io.stdout.write(renderYaml(info));
      else ctx.io.stdout.write(formatHostInfo(info));
    });
}
