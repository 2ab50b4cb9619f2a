// terraform-provider-corral: launched by tofu/terraform, speaks tfplugin6 over go-plugin.
import { serveProvider } from "./plugin";
import { corralProviderServer } from "./framework/server";

serveProvider(corralProviderServer(), { name: "corral" }).catch((e) => {
  process.stderr.write(`terraform-provider-corral: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
