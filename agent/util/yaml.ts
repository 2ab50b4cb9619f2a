// yaml, required on first use: only image imports and publishes, and backups, read or write YAML
// in the agent, so an agent that does neither never loads it (~1.5 MB of resident set).
export const yaml = (): typeof import("yaml") => require("yaml") as typeof import("yaml");
