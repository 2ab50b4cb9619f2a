// The registry docs are generated from the schema (scripts/gen-docs.ts): the committed pages must
// equal what the generator produces now, every resource and data source must have a page, and
// every example in them must pass `tofu validate` against the built provider.
import t from "tap";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { dataSources, providerSchema, resources } from "../../provider/framework/provider";
import { allExamples, compareDocs, generateDocs, pageName, ROOT } from "../../scripts/gen-docs";
import { PROVIDER, workspace } from "../helpers/tofu";

t.test("committed docs equal the generator's output", async (t) => {
  const { differ, stale } = compareDocs();
  t.same(differ, [], "no page differs from the schema (regenerate with `npx tsx scripts/gen-docs.ts`)");
  t.same(stale, [], "no page for a resource or data source that no longer exists");
});

t.test("every resource and data source has a complete page", async (t) => {
  const pages = generateDocs();
  t.ok(pages.has("docs/index.md"), "provider page");
  t.ok(pages.has("docs/config-keys.md"), "config keys page");
  const index = pages.get("docs/index.md")!;
  for (const name of Object.keys(providerSchema.attributes)) t.match(index, `\`${name}\``, `provider page documents ${name}`);
  for (const [kind, list] of [["resources", resources], ["data-sources", dataSources]] as const) {
    for (const r of list) {
      const path = `docs/${kind}/${pageName(r.typeName)}.md`;
      t.ok(existsSync(join(ROOT, path)), `${path} is committed`);
      const text = pages.get(path) ?? "";
      t.match(text, `# ${r.typeName} (${kind === "resources" ? "Resource" : "Data Source"})`, `${path}: title`);
      t.match(text, "## Example Usage", `${path}: example`);
      t.match(text, "## Argument Reference", `${path}: arguments`);
      for (const name of Object.keys(r.schema.attributes)) t.match(text, `- \`${name}\` (`, `${path}: documents ${name}`);
      for (const name of Object.keys(r.schema.blocks ?? {})) t.match(text, `### Nested block \`${name}\``, `${path}: documents block ${name}`);
      if (kind === "resources") t.match(text, "## Import", `${path}: import section`);
      t.ok(index.includes(`(${kind}/${pageName(r.typeName)}.md)`), `index links ${path}`);
    }
  }
  t.match(pages.get("docs/resources/instance.md")!, "`NAME,image=ALIAS`");
  t.match(pages.get("docs/resources/volume.md")!, "`POOL/NAME`");
  t.match(pages.get("docs/resources/image.md")!, "`FINGERPRINT,source_file=PATH`");
  t.match(pages.get("docs/resources/instance.md")!, /`image` \(String, Optional, Forces replacement\)/);
  t.match(pages.get("docs/config-keys.md")!, "`limits.memory`");
});

t.test("every example passes tofu validate", async (t) => {
  if (!existsSync(PROVIDER)) throw new Error(`${PROVIDER} is missing: run \`npm run build\``);
  const ws = workspace(t);
  const examples = allExamples();
  ws.write({ "main.tf": examples[0]!.hcl });
  await ws.ok(["init", "-input=false", "-no-color"]);
  for (const ex of examples) {
    ws.write({ "main.tf": ex.hcl });
    const r = await ws.tofu(["validate", "-no-color"]);
    t.equal(r.code, 0, `${ex.name}: valid${r.code ? `\n${r.stdout}${r.stderr}` : ""}`);
  }
});
