import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { ErrorCodes } from "../../agent/errors";

t.test("every error code is documented with its gRPC status", async (t) => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "errors.md"), "utf8");
  for (const [code, grpcCode] of Object.entries(ErrorCodes)) {
    const row = doc.split("\n").find((l) => l.startsWith(`| \`${code}\` |`));
    t.ok(row, `${code} is in docs/errors.md`);
    const name = Object.entries(status).find(([, v]) => v === grpcCode)![0];
    t.match(row ?? "", `| ${name} |`, `${code} documents ${name}`);
  }
});
