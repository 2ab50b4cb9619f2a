// yaml, required on first use: the agent reads or writes YAML only for image imports and
// publishes and for backups (~1.5 MB of resident set otherwise), the CLI only for YAML output.
export const yaml = (): typeof import("yaml") => require("yaml") as typeof import("yaml");
