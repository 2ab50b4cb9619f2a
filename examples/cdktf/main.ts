// The CDKTF app: one stack per CI environment, configured from the environment so a pipeline sets
// a few variables and runs `npx tsx examples/cdktf/ci-env.ts deploy`. Synthesizes Terraform JSON to
// <outdir>/stacks/<name>/cdk.tf.json; state lives in <outdir>/state/<name>.tfstate, outside the
// directory that synth rewrites.
import { App, LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { join, resolve } from "node:path";
import { CorralProvider } from "@corral/cdktf";
import { CiEnvironment, type CiEnvironmentProps } from "./ci-environment";

export interface CiStackProps extends CiEnvironmentProps {
  /** Agent endpoint; unset means the provider's own default (CORRAL_ENDPOINT, then the local socket). */
  readonly endpoint?: string;
  /** Local state file (absolute). */
  readonly stateFile: string;
}

export class CiStack extends TerraformStack {
  readonly env: CiEnvironment;

  constructor(scope: Construct, id: string, props: CiStackProps) {
    super(scope, id);
    new CorralProvider(this, "corral", props.endpoint ? { endpoint: props.endpoint } : {});
    new LocalBackend(this, { path: props.stateFile });
    this.env = new CiEnvironment(this, "env", props);
  }
}

/** Where synth writes: CORRAL_CI_OUTDIR or examples/cdktf/cdktf.out. */
export function outdirFromEnv(env: NodeJS.ProcessEnv): string {
  return resolve(env.CORRAL_CI_OUTDIR ?? join(__dirname, "cdktf.out"));
}

/** Reads the pipeline's variables; a missing or malformed one fails before anything is synthesized. */
export function propsFromEnv(env: NodeJS.ProcessEnv): CiStackProps {
  const name = env.CORRAL_CI_NAME ?? "ci";
  const imageFile = env.CORRAL_CI_IMAGE_FILE;
  if (!imageFile) throw new Error("CORRAL_CI_IMAGE_FILE: required (path to the golden image tarball)");
  const containers = Number(env.CORRAL_CI_CONTAINERS ?? "2");
  return {
    name,
    imageFile: resolve(imageFile),
    containers,
    vm: ["1", "true", "yes"].includes((env.CORRAL_CI_VM ?? "").toLowerCase()),
    vmImageFile: env.CORRAL_CI_VM_IMAGE_FILE ? resolve(env.CORRAL_CI_VM_IMAGE_FILE) : undefined,
    cpu: env.CORRAL_CI_CPU ? Number(env.CORRAL_CI_CPU) : undefined,
    memory: env.CORRAL_CI_MEMORY || undefined,
    endpoint: env.CORRAL_CI_ENDPOINT || undefined,
    stateFile: join(outdirFromEnv(env), "state", `${name}.tfstate`),
  };
}

/** Synthesizes the stack for these props; returns the directory holding cdk.tf.json. */
export function synthCiStack(outdir: string, props: CiStackProps): string {
  const app = new App({ outdir });
  new CiStack(app, props.name, props);
  app.synth();
  return join(outdir, "stacks", props.name);
}

if (require.main === module) {
  try {
    const dir = synthCiStack(outdirFromEnv(process.env), propsFromEnv(process.env));
    process.stdout.write(`${dir}\n`);
  } catch (e) {
    process.stderr.write(`synth failed: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
