// Props the generated bindings must reject at compile time. Each offending line ends with the
// TypeScript error code expected there; test/e2e/cdktf-types.test.ts compiles this file and
// checks that exactly these errors are reported. Not part of any build.
import { App, TerraformStack } from "cdktf";
import { Image, Instance, Network } from "@corral/cdktf";
import { CiEnvironment } from "../ci-environment";

const stack = new TerraformStack(new App(), "bad");
const image = new Image(stack, "img", { sourceFile: "/golden.tar.gz" });

new Instance(stack, "cpu-as-string", {
  name: "c1",
  image: image.fingerprint,
  cpu: "2", // expect TS2322
});

new Instance(stack, "no-name", { image: image.fingerprint }); // expect TS2345

new Instance(stack, "unknown-prop", {
  name: "c3",
  image: image.fingerprint,
  cpus: 2, // expect TS2561
});

new Instance(stack, "root-disk-without-pool", {
  name: "c4",
  image: image.fingerprint,
  rootDisk: { size: "1GiB" }, // expect TS2741
});

new Network(stack, "nat-as-string", { name: "br0", ipv4Nat: "yes" }); // expect TS2322

new CiEnvironment(stack, "env", { name: "ci", imageFile: "/golden.tar.gz", containers: 2, poolDriver: "zfs" }); // expect TS2322
