// CiEnvironment: an ephemeral environment for one CI pipeline run on a Corral host — its own
// storage pool and NAT bridge, a golden image imported from a file, and N system containers
// started from it (plus, on request, a virtual machine), with their addresses as outputs the
// pipeline reads after `tofu apply`.
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Image, Instance, Network, StoragePool } from "@corral/cdktf";

export interface CiEnvironmentProps {
  /** Prefix of every object (e.g. "pr-1234"): a letter, then up to 11 letters, digits or '-'. */
  readonly name: string;
  /** Golden image: an LXD-format unified tarball where tofu runs, streamed to the agent (scripts/busybox-image.ts builds one). */
  readonly imageFile: string;
  /** How many containers (1-50). */
  readonly containers: number;
  /** A virtual machine next to the containers, on the same network. */
  readonly vm?: boolean;
  /** The VM's image: an LXD-format virtual-machine tarball (metadata.yaml + rootfs.img) where tofu runs. */
  readonly vmImageFile?: string;
  /** The VM's memory (default the agent's, 1GiB). */
  readonly vmMemory?: string;
  /** CPU limit per container. */
  readonly cpu?: number;
  /** Memory limit per container, e.g. "256MiB". */
  readonly memory?: string;
  /** Storage pool driver for the environment's own pool (default "dir"). */
  readonly poolDriver?: "dir" | "btrfs";
  /** Prefix for the output names (default none: "addresses", "instance_names", "network"). */
  readonly outputPrefix?: string;
}

/** Names longer than this would push "<name>-br" past the 15-character Linux interface limit. */
const MAX_NAME_LENGTH = 12;
const MAX_CONTAINERS = 50;

/** Checks props at synth time so a bad pipeline variable fails before tofu touches the host. */
export function validateCiEnvironmentProps(p: CiEnvironmentProps): void {
  if (!new RegExp(`^[a-z][a-z0-9-]{0,${MAX_NAME_LENGTH - 1}}$`).test(p.name) || p.name.endsWith("-")) {
    throw new Error(`CiEnvironment name "${p.name}": must be 1-${MAX_NAME_LENGTH} characters of a-z, 0-9 and '-', start with a letter and not end with '-'`);
  }
  if (!Number.isInteger(p.containers) || p.containers < 1 || p.containers > MAX_CONTAINERS) {
    throw new Error(`CiEnvironment containers ${p.containers}: must be an integer from 1 to ${MAX_CONTAINERS}`);
  }
  if (p.vm && !p.vmImageFile) {
    throw new Error("CiEnvironment vmImageFile: required when vm is true (path to an LXD-format virtual-machine image tarball)");
  }
  if (!p.imageFile) throw new Error("CiEnvironment imageFile: required (path to an LXD-format image tarball)");
}

export class CiEnvironment extends Construct {
  readonly pool: StoragePool;
  readonly network: Network;
  readonly image: Image;
  readonly instances: Instance[];
  /** The virtual machine, when `vm` is set. */
  readonly vm?: Instance;
  /** Instance name -> IPv4 address (a token until apply). */
  readonly addresses: Record<string, string>;

  constructor(scope: Construct, id: string, props: CiEnvironmentProps) {
    super(scope, id);
    validateCiEnvironmentProps(props);
    const { name } = props;
    this.pool = new StoragePool(this, "pool", { name: `${name}-pool`, driver: props.poolDriver ?? "dir" });
    this.network = new Network(this, "network", { name: `${name}-br`, ipv4Nat: true });
    this.image = new Image(this, "image", { sourceFile: props.imageFile, aliases: [`${name}-golden`] });
    this.instances = [];
    this.addresses = {};
    for (let i = 0; i < props.containers; i++) {
      const instance = new Instance(this, `c${i}`, {
        name: `${name}-c${i}`,
        image: this.image.fingerprint,
        cpu: props.cpu,
        memory: props.memory,
        rootDisk: { pool: this.pool.name },
        networkInterface: [{ name: "eth0", network: this.network.name }],
        // Apply returns once DHCP gave every container an address, so outputs are complete.
        waitFor: { ipv4: true },
      });
      this.instances.push(instance);
      this.addresses[`${name}-c${i}`] = instance.ipv4Address;
    }
    if (props.vm) {
      const vmImage = new Image(this, "vm-image", { sourceFile: props.vmImageFile!, aliases: [`${name}-vm-golden`] });
      this.vm = new Instance(this, "vm", {
        name: `${name}-vm`,
        type: "virtual-machine",
        image: vmImage.fingerprint,
        memory: props.vmMemory,
        rootDisk: { pool: this.pool.name },
        networkInterface: [{ name: "eth0", network: this.network.name }],
        waitFor: { ipv4: true },
      });
      this.instances.push(this.vm);
      this.addresses[`${name}-vm`] = this.vm.ipv4Address;
    }
    const prefix = props.outputPrefix ?? "";
    const output = (key: string, value: unknown, description: string) =>
      new TerraformOutput(this, `output-${key}`, { value, description }).overrideLogicalId(`${prefix}${key}`);
    output("addresses", this.addresses, "Instance name -> IPv4 address");
    output("instance_names", this.instances.map((x) => x.name), "Instance names");
    output("network", this.network.name, "Bridge the containers share");
  }
}
